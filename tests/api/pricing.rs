//! Price catalogs through HTTP: a revision is priced with the catalogs it was saved with,
//! also after a restart with other catalogs; `?prices=latest` re-prices it; unpriced options
//! are announced at the top; the questionnaire marks complete catalogs; /readyz and
//! /metrics show the book and the refresh status.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use connect_advisor::config::Settings;
use connect_advisor::pricing::PriceBook;
use connect_advisor::store::Store;
use connect_advisor::web::{AppState, router};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::helpers::small;

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let resp = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// GET with the assessment's edit key as a Bearer token.
async fn read(app: &axum::Router, uri: &str, key: &str) -> (StatusCode, String) {
    let resp = app
        .clone()
        .oneshot(
            Request::get(uri)
                .header("authorization", format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn post_json(app: &axum::Router, uri: &str, body: &str) -> Value {
    let resp = app
        .clone()
        .oneshot(
            Request::post(uri)
                .header("content-type", "application/json")
                .body(Body::from(body.to_owned()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

/// What `serve` does at start: keep the book in the store, then serve with it.
async fn start(store: &Store, book: PriceBook) -> (axum::Router, AppState) {
    connect_advisor::web::prices::record(store, &book, "embedded")
        .await
        .unwrap();
    let state = AppState::new(store.clone(), Settings::default(), book);
    (router(state.clone()), state)
}

/// The embedded book with East US's Standard throughput unit at `price`.
fn book_with_tu_price(price: &str) -> PriceBook {
    let embedded = PriceBook::embedded().unwrap();
    PriceBook::from_sources(embedded.catalogs().iter().map(|c| {
        let text = if c.name == "eastus.csv" {
            c.text().replacen(
                "Standard Throughput Unit,eastus,1 Hour,0.03,",
                &format!("Standard Throughput Unit,eastus,1 Hour,{price},"),
                1,
            )
        } else {
            c.text().to_owned()
        };
        (c.name.clone(), text)
    }))
    .unwrap()
}

fn tu_price(report: &Value) -> String {
    report["options"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["monthly_cost"]["lines"].as_array().unwrap())
        .find(|l| l["price_ref"]["meter"] == "Standard Throughput Unit")
        .map(|l| l["unit_price"].to_string())
        .expect("a TU line")
}

#[tokio::test]
async fn a_revision_keeps_its_catalogs_across_a_restart_and_can_be_repriced_with_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let old = PriceBook::embedded().unwrap();
    let old_version = old.pricing_ref().version.clone();
    let (id, key) = {
        let store = Store::connect(&url).await.unwrap();
        let (app, _) = start(&store, old).await;
        let created = post_json(&app, "/api/assessments", &small()).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let key = created["edit_key"].as_str().unwrap().to_owned();
        let (_, body) = read(&app, &format!("/api/assessments/{id}/report"), &key).await;
        let report: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(report["pricing"]["version"], old_version.as_str());
        assert_eq!(tu_price(&report), "0.03");
        store.close().await;
        (id, key)
    };

    // Restart with a catalog in which the TU costs more.
    let store = Store::connect(&url).await.unwrap();
    let new = book_with_tu_price("0.05");
    let new_version = new.pricing_ref().version.clone();
    assert_ne!(new_version, old_version);
    let (app, _) = start(&store, new).await;

    // The saved revision is still priced with the catalogs it was saved with …
    let (status, body) = read(&app, &format!("/api/assessments/{id}/report"), &key).await;
    assert_eq!(status, StatusCode::OK);
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["pricing"]["version"], old_version.as_str());
    assert_eq!(tu_price(&report), "0.03");
    let (_, page) = read(&app, &format!("/assessments/{id}/report"), &key).await;
    assert!(page.contains("id=\"newer-prices\""), "{page}");
    assert!(page.contains(&new_version), "the newer catalog is named");
    let doc = scraper::Html::parse_document(&page);
    let link = scraper::Selector::parse("#newer-prices a").unwrap();
    assert_eq!(
        doc.select(&link)
            .next()
            .and_then(|a| a.value().attr("href")),
        Some("?revision=1&prices=latest")
    );

    // … and re-priced with the newest on request.
    let (_, body) = read(
        &app,
        &format!("/api/assessments/{id}/report?prices=latest"),
        &key,
    )
    .await;
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["pricing"]["version"], new_version.as_str());
    assert_eq!(tu_price(&report), "0.05");
    assert_eq!(report["pricing"]["changed_since_save"], true);
    let (_, page) = read(
        &app,
        &format!("/assessments/{id}/report?prices=latest"),
        &key,
    )
    .await;
    assert!(page.contains("Prices changed since this revision was saved"));
    assert!(!page.contains("id=\"newer-prices\""));
    // The ETag of an export hashes its content: the saved and the newest prices give
    // different tags, and asking again with the same prices gives the same one.
    let etag = |query: &'static str| {
        let app = app.clone();
        let uri = format!("/api/assessments/{id}/report.csv{query}");
        let bearer = format!("Bearer {key}");
        async move {
            let resp = app
                .oneshot(
                    Request::get(uri)
                        .header("authorization", bearer)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            resp.headers()["etag"].to_str().unwrap().to_owned()
        }
    };
    let saved = etag("").await;
    assert_eq!(saved, etag("").await);
    assert_ne!(saved, etag("?prices=latest").await);

    // A new assessment saved now records the new catalogs.
    let created = post_json(&app, "/api/assessments", &small()).await;
    let id2 = created["id"].as_str().unwrap();
    let key2 = created["edit_key"].as_str().unwrap();
    let (_, body) = read(&app, &format!("/api/assessments/{id2}/report"), key2).await;
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["pricing"]["version"], new_version.as_str());
    assert_eq!(report["pricing"]["changed_since_save"], false);
}

#[tokio::test]
async fn an_unpriced_currency_is_announced_at_the_top_of_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::connect(&url).await.unwrap();
    let (app, _) = start(&store, PriceBook::embedded().unwrap()).await;
    let mut v: Value = serde_json::from_str(&small()).unwrap();
    v["region"] = "westeurope".into();
    v["currency"] = "EUR".into();
    let created = post_json(&app, "/api/assessments", &v.to_string()).await;
    let id = created["id"].as_str().unwrap();
    let key = created["edit_key"].as_str().unwrap();
    let (_, page) = read(&app, &format!("/assessments/{id}/report"), key).await;
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("#prices-missing").unwrap();
    let notice: String = doc.select(&sel).next().expect("notice").text().collect();
    assert!(notice.contains("Not fully priced"), "{notice}");
    assert!(notice.contains("westeurope / EUR"), "{notice}");
    assert!(
        notice.contains("connect-advisor pricing refresh --region westeurope --currency EUR"),
        "{notice}"
    );
    // The same scenario in USD is fully priced by West Europe's embedded catalog.
    v["currency"] = "USD".into();
    let created = post_json(&app, "/api/assessments", &v.to_string()).await;
    let id = created["id"].as_str().unwrap();
    let key = created["edit_key"].as_str().unwrap();
    let (_, page) = read(&app, &format!("/assessments/{id}/report"), key).await;
    assert!(!page.contains("id=\"prices-missing\""), "{page}");
}

#[tokio::test]
async fn the_questionnaire_marks_regions_and_currencies_with_a_complete_catalog() {
    let app = super::helpers::TestApp::new().await;
    let page = app.owner_get("/assessments/new").await;
    let doc = page.html();
    let option = |select: &str, value: &str| -> String {
        let sel = scraper::Selector::parse(&format!(
            "select[name=\"{select}\"] option[value=\"{value}\"]"
        ))
        .unwrap();
        doc.select(&sel)
            .next()
            .unwrap_or_else(|| panic!("{select}={value}"))
            .text()
            .collect()
    };
    assert_eq!(
        option("region", "westeurope"),
        "West Europe (westeurope) — priced in USD"
    );
    assert!(option("region", "eastus2").ends_with("— priced in USD"));
    // Internet egress bands are documented for North America and Europe only.
    assert_eq!(
        option("region", "brazilsouth"),
        "Brazil South (brazilsouth) — no complete price catalog"
    );
    assert!(option("currency", "USD").starts_with("USD — complete catalogs in "));
    assert_eq!(option("currency", "EUR"), "EUR — no complete price catalog");
}

#[tokio::test]
async fn readiness_and_metrics_show_the_catalogs_and_a_failed_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::connect(&url).await.unwrap();
    let book = PriceBook::embedded().unwrap();
    let version = book.pricing_ref().version.clone();
    let (app, state) = start(&store, book).await;
    let (_, body) = get(&app, "/readyz").await;
    let ready: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["pricing"]["version"], version.as_str());
    assert_eq!(ready["pricing"]["refresh"]["enabled"], false);

    // A refresh against an API that is not there fails and keeps the catalogs.
    state.books.set_interval(Some(24));
    post_json(&app, "/api/assessments", &small()).await;
    let mut api =
        connect_advisor::price_sources::retail_api::RetailApi::new("http://127.0.0.1:9/prices");
    api.timeout = std::time::Duration::from_secs(5);
    let outcome = connect_advisor::web::prices::refresh_once(&state, &api).await;
    assert!(
        outcome
            .unwrap_err()
            .contains("cannot reach the Azure Retail Prices API")
    );
    assert_eq!(state.books.current_version(), version);
    let (status, body) = get(&app, "/readyz").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "still serving the last good catalogs"
    );
    let ready: Value = serde_json::from_str(&body).unwrap();
    let refresh = &ready["pricing"]["refresh"];
    assert_eq!(refresh["enabled"], true);
    assert_eq!(refresh["failures"], 1);
    assert!(refresh["state"].as_str().unwrap().starts_with("failing"));
    assert!(
        refresh["last_error"]
            .as_str()
            .unwrap()
            .contains("eastus / USD"),
        "{refresh}"
    );
    let (_, metrics) = get(&app, "/metrics").await;
    assert!(
        metrics.contains("connect_advisor_pricing_refresh_total{outcome=\"failure\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("connect_advisor_pricing_refresh_failing 1"),
        "{metrics}"
    );
    assert!(metrics.contains(&format!(
        "connect_advisor_price_catalog_info{{version=\"{version}\""
    )));
}
