//! Hostile text in every free-text field reaches every output escaped or neutralised, and
//! secrets never leak through listings.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, small};

const SCRIPT: &str = "<script>alert(1)</script>";
const FORMULA: &str = "=HYPERLINK(\"http://evil\",\"x\")";

fn hostile() -> String {
    let mut v: Value = serde_json::from_str(&small()).unwrap();
    v["name"] = json!(format!("{FORMULA} {SCRIPT} | # heading `tick`"));
    v["connectors"][0]["name"] = json!(format!("+cmd {SCRIPT}"));
    v["connectors"][1]["name"] = json!("@SUM(A1) <img src=x onerror=alert(2)>");
    v["connectors"][2]["name"] = json!("-2+3 \"quoted\", comma");
    v.to_string()
}

#[tokio::test]
async fn hostile_names_are_escaped_in_pages_and_neutralised_in_exports() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&hostile()).await;

    for uri in [
        "/".to_owned(),
        format!("/assessments/{id}"),
        format!("/assessments/{id}/report"),
        format!("/compare?a={id}&b={id}"),
    ] {
        let r = app.owner_get(&uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(!r.body.contains("<script>alert"), "{uri}: raw script tag");
        assert!(!r.body.contains("<img src=x"), "{uri}: raw img tag");
    }
    // Charts carry the scenario name in their title: escaped there too.
    let svg = app
        .owner_get(&format!(
            "/api/assessments/{id}/report/charts/cost-by-category.svg"
        ))
        .await;
    assert!(!svg.body.contains("<script>"), "chart SVG");

    // CSV and FOCUS: cells that would start a formula are prefixed with a quote.
    for uri in [
        format!("/api/assessments/{id}/report.csv"),
        format!("/api/assessments/{id}/report.focus.csv"),
    ] {
        let r = app.owner_get(&uri).await;
        let mut rdr = csv::Reader::from_reader(r.body.as_bytes());
        for rec in rdr.records() {
            for cell in &rec.unwrap() {
                let first = cell.chars().next();
                let numeric = cell.parse::<f64>().is_ok();
                assert!(
                    numeric || !matches!(first, Some('=' | '+' | '-' | '@')),
                    "{uri}: unneutralised cell {cell:?}"
                );
            }
        }
    }

    // MADR: no raw HTML and no heading injected by a name.
    let adr = app
        .owner_get(&format!("/api/assessments/{id}/report.adr.md"))
        .await
        .body;
    assert!(!adr.contains("<script>"));
    assert_eq!(
        adr.lines().filter(|l| l.starts_with("# ")).count(),
        1,
        "one title only"
    );
}

#[tokio::test]
async fn edit_keys_never_appear_in_reads_lists_or_reports() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    for uri in [
        "/api/assessments".to_owned(),
        format!("/api/assessments/{id}"),
        format!("/api/assessments/{id}/revisions"),
        format!("/api/assessments/{id}/report"),
        format!("/assessments/{id}"),
        format!("/assessments/{id}/report"),
        "/".to_owned(),
    ] {
        let r = app.owner_get(&uri).await;
        assert!(!r.body.contains(&key), "{uri} leaks the edit key");
    }
    // A wrong key of the right shape, and keys one character off, are refused alike.
    let uri = format!("/api/assessments/{id}");
    let mut near = key.clone().into_bytes();
    near[0] = if near[0] == b'A' { b'B' } else { b'A' };
    let near = String::from_utf8(near).unwrap();
    for wrong in [near.as_str(), &key[..42], "", "Bearer"] {
        let r = app.put_json(&uri, &small(), Some(wrong), Some("1")).await;
        assert!(
            matches!(r.status, StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED),
            "{wrong:?}: {}",
            r.status
        );
    }
    assert_eq!(app.owner_get(&uri).await.json()["revision"], 1);
}

/// A test app with creation limits: `burst` at once, then one a minute; at most `max`.
async fn limited_app(burst: u32, max: Option<u64>, trust_forwarded_for: bool) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let settings = connect_advisor::config::Settings {
        create_rate_per_minute: 1,
        create_burst: burst,
        max_assessments: max,
        trust_forwarded_for,
        admin_token_hash: Some(connect_advisor::web::security::hash_secret(
            crate::helpers::ADMIN_TOKEN,
        )),
        ..connect_advisor::config::Settings::default()
    };
    TestApp::with_settings(&url, dir, settings).await
}

/// `POST /api/assessments` from `peer`, with extra headers.
async fn create_from(
    app: &TestApp,
    peer: &str,
    headers: &[(&str, &str)],
) -> crate::helpers::TestResponse {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::Request;
    let mut req = Request::post("/api/assessments").header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = req.body(Body::from(small())).unwrap();
    let addr: std::net::SocketAddr = peer.parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    app.request(req).await
}

#[tokio::test]
async fn anonymous_creation_is_rate_limited_per_client_address() {
    let app = limited_app(2, None, false).await;
    for _ in 0..2 {
        assert_eq!(
            create_from(&app, "192.0.2.1:1000", &[]).await.status,
            StatusCode::CREATED
        );
    }
    let r = create_from(&app, "192.0.2.1:1001", &[]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    // One a minute: the next token is at most a minute away.
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(r.json()["error"], "too_many_requests");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("Try again in")
    );
    // An invalid scenario is refused for what it is and spends nothing.
    let bad = app.post_json("/api/assessments", "{}").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Another address has its own bucket; the admin token is not limited.
    assert_eq!(
        create_from(&app, "192.0.2.2:1000", &[]).await.status,
        StatusCode::CREATED
    );
    let admin = format!("Bearer {}", crate::helpers::ADMIN_TOKEN);
    assert_eq!(
        create_from(&app, "192.0.2.1:1002", &[("authorization", &admin)])
            .await
            .status,
        StatusCode::CREATED
    );
    // The questionnaire is limited too, with a page that says when to try again. (Requests
    // without a peer address share one bucket.)
    let app = limited_app(1, None, false).await;
    app.create(&small()).await;
    let (page, cookies) = {
        let r = app.get("/assessments/new").await;
        let cookies = r.cookies();
        (r, cookies)
    };
    let mut pairs = crate::helpers::form_pairs(&page);
    for (k, v) in [
        ("name", "Limited"),
        ("workload.write_mb_per_s", "8"),
        ("workload.topics", "4"),
        ("workload.partitions", "16"),
        ("connectors[0].name", "orders-cdc"),
        (
            "connectors[0].class",
            "io.debezium.connector.postgresql.PostgresConnector",
        ),
    ] {
        crate::helpers::set(&mut pairs, k, v);
    }
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.header("retry-after").is_some());
    assert!(r.body.contains("Try again in"));
    assert_eq!(app.store.count_assessments().await.unwrap(), 1);
}

#[tokio::test]
async fn forwarded_for_separates_clients_only_when_trusted() {
    for (trusted, second) in [
        (true, StatusCode::CREATED),
        (false, StatusCode::TOO_MANY_REQUESTS),
    ] {
        let app = limited_app(1, None, trusted).await;
        let proxy = "10.0.0.5:443";
        let r = create_from(&app, proxy, &[("x-forwarded-for", "203.0.113.1")]).await;
        assert_eq!(r.status, StatusCode::CREATED);
        let r = create_from(&app, proxy, &[("x-forwarded-for", "203.0.113.2")]).await;
        assert_eq!(r.status, second, "trusted: {trusted}");
    }
}

#[tokio::test]
async fn an_instance_holds_at_most_max_assessments() {
    let app = limited_app(100, Some(2), false).await;
    for n in 0..2 {
        let r = create_from(&app, &format!("192.0.2.{}:1", n + 1), &[]).await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let r = create_from(&app, "192.0.2.9:1", &[]).await;
    assert_eq!(r.status, StatusCode::INSUFFICIENT_STORAGE, "{}", r.body);
    assert_eq!(r.json()["error"], "instance_full");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("maximum of 2")
    );
    assert_eq!(app.store.count_assessments().await.unwrap(), 2);
}
