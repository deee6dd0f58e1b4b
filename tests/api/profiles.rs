//! Issue 13: the user picks which Kafka-compatible vendor profiles are compared; unpicked
//! profiles are nowhere in the report or its exports.

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{Part, TestApp, TestResponse, created_by, example, form_pairs, set};
use crate::questionnaire::{fill_minimal, open_new};

const KEY: &str = "options.object_storage_profiles";

#[tokio::test]
async fn the_form_compares_only_the_ticked_profiles_everywhere_in_the_report() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    // A new questionnaire ticks every profile, each with its own help.
    assert_eq!(
        page.count(&format!("fieldset input[type=checkbox][name=\"{KEY}\"]")),
        4
    );
    assert_eq!(
        page.count(&format!(
            "fieldset input[type=checkbox][name=\"{KEY}\"][checked]"
        )),
        4
    );
    assert_eq!(
        page.count(&format!("input[type=hidden][name=\"{KEY}\"]")),
        1
    );
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    // Untick AutoMQ BYOC and AutoMQ open source: WarpStream and Redpanda stay.
    pairs.retain(|(k, v)| !(k == KEY && v.starts_with("automq")));
    let created = app.post_form("/assessments", &pairs, &cookies).await;
    assert!(created.status.is_success(), "{}", created.body);
    let (id, browser) = created_by(&app, &cookies, &created).await;

    let report = app
        .get_with_cookies(&format!("/api/assessments/{id}/report"), &browser)
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let v: Value = report.json();
    let profiles: Vec<&str> = v["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["profile"].as_str())
        .collect();
    assert_eq!(profiles, ["warpstream", "redpanda"]);
    assert_eq!(v["options"].as_array().unwrap().len(), 7);
    // Nor anywhere else: ranking, Monte Carlo, sensitivity, break-even, the exports, the page
    // and its charts.
    let mut texts = vec![("json".to_owned(), report.body.clone())];
    for path in ["report.csv", "report.focus.csv", "report.adr.md"] {
        let r = app
            .get_with_cookies(&format!("/api/assessments/{id}/{path}"), &browser)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        texts.push((path.to_owned(), r.body));
    }
    let html = app
        .get_with_cookies(&format!("/assessments/{id}/report"), &browser)
        .await;
    assert_eq!(html.status, StatusCode::OK);
    texts.push(("page".to_owned(), html.body));
    for chart in [
        "cost-by-category",
        "projection",
        "cost-vs-throughput",
        "cost-ranges",
    ] {
        let r = app
            .get_with_cookies(
                &format!("/api/assessments/{id}/report/charts/{chart}.svg"),
                &browser,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{chart}");
        texts.push((chart.to_owned(), r.body));
    }
    for (name, text) in &texts {
        for gone in [
            "kafka_compatible.automq",
            "\"profile\":\"automq",
            "AutoMQ BYOC on Blob",
            "AutoMQ open source on Blob",
        ] {
            assert!(!text.contains(gone), "{name} still mentions {gone}");
        }
        // The picked ones are there (so the checks above look at the right text).
        assert!(
            text.contains("Redpanda BYOC, tiered to Blob")
                || text.contains("kafka_compatible.redpanda"),
            "{name} lacks the Redpanda option"
        );
    }
    // Every analysis carries the seven options compared.
    for key in ["monte_carlo", "sensitivity"] {
        let n = v["analysis"][key]["options"].as_array().map(Vec::len);
        assert_eq!(n, Some(7), "analysis.{key}");
    }

    // The edit form shows the two ticked, the others not.
    let edit = app
        .get_with_cookies(&format!("/assessments/{id}/edit"), &browser)
        .await;
    let ticked: Vec<String> = form_pairs(&edit)
        .into_iter()
        .filter(|(k, v)| k == KEY && !v.is_empty())
        .map(|(_, v)| v)
        .collect();
    assert_eq!(ticked, ["warpstream", "redpanda"]);
}

#[tokio::test]
async fn nothing_ticked_compares_no_kafka_compatible_option() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    pairs.retain(|(k, v)| k != KEY || v.is_empty());
    let created = app.post_form("/assessments", &pairs, &cookies).await;
    assert!(created.status.is_success(), "{}", created.body);
    let (id, browser) = created_by(&app, &cookies, &created).await;
    let v = app
        .get_with_cookies(&format!("/api/assessments/{id}/report"), &browser)
        .await
        .json();
    let options = v["options"].as_array().unwrap();
    assert_eq!(options.len(), 5);
    assert!(options.iter().all(|o| o["platform"] != "kafka_compatible"));
}

#[tokio::test]
async fn a_form_error_keeps_the_ticked_profiles() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    pairs.retain(|(k, v)| !(k == KEY && v != "redpanda" && !v.is_empty()));
    set(&mut pairs, "workload.topics", "0");
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ticked: Vec<String> = form_pairs(&r)
        .into_iter()
        .filter(|(k, v)| k == KEY && !v.is_empty())
        .map(|(_, v)| v)
        .collect();
    assert_eq!(ticked, ["redpanda"]);
}

#[tokio::test]
async fn bad_profile_lists_are_422_naming_the_field_and_the_rule() {
    let app = TestApp::new().await;
    let with = |profiles: Value| {
        let mut s: Value = serde_json::from_str(&example("small-azure-ingestion")).unwrap();
        s["options"]["object_storage_profiles"] = profiles;
        s.to_string()
    };
    // An unknown vendor.
    let r = app
        .post_json(
            "/api/assessments",
            &with(serde_json::json!(["warpstream", "ufox"])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let body = r.body.clone();
    assert!(
        body.contains("options.object_storage_profiles[1]"),
        "{body}"
    );
    assert!(body.contains("unknown variant `ufox`"), "{body}");
    assert!(
        body.contains("`automq_open_source`"),
        "names the allowed values: {body}"
    );
    // The same vendor twice.
    let r = app
        .post_json(
            "/api/assessments",
            &with(serde_json::json!(["redpanda", "automq", "redpanda"])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("options.object_storage_profiles[2]"),
        "{}",
        r.body
    );
    assert!(r.body.contains("a second time"), "{}", r.body);
    // Not a list.
    let r = app
        .post_json("/api/assessments", &with(serde_json::json!("warpstream")))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("options.object_storage_profiles"),
        "{}",
        r.body
    );
    // A good one is accepted and compared as asked.
    let (id, _) = app.create(&with(serde_json::json!(["automq"]))).await;
    let v = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await
        .json();
    let profiles: Vec<&str> = v["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["profile"].as_str())
        .collect();
    assert_eq!(profiles, ["automq"]);
}

const FOCUS: &str = include_str!("../fixtures/actuals/focuscost-2026-10.csv");
const LEGACY_WORDS: &str = "is read as WarpStream BYOC (`kafka_compatible.warpstream`), the profile the single object-storage option was priced as before vendor profiles";

async fn post_actuals(app: &TestApp, id: &str, key: &str, query: &str, body: &str) -> TestResponse {
    use axum::body::Body;
    use axum::http::{Request, header};
    let req = Request::post(format!("/api/assessments/{id}/actuals{query}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .header(header::AUTHORIZATION, format!("Bearer {key}"));
    app.request(req.body(Body::from(body.to_owned())).unwrap())
        .await
}

#[tokio::test]
async fn a_bill_tagged_before_profiles_is_read_as_warpstream_in_words_in_the_api_and_the_report() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&example("small-azure-ingestion")).await;
    let legacy = FOCUS.replace("event_hubs.standard", "kafka_compatible.object_storage");
    let r = post_actuals(&app, &id, &key, "", &legacy).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let period = &r.json()["actuals"][0];
    assert_eq!(
        period["options"][0]["option"],
        "kafka_compatible.warpstream"
    );
    let notes = period["notes"].as_array().expect("notes");
    assert!(
        notes[0].as_str().unwrap().contains(LEGACY_WORDS),
        "{notes:?}"
    );
    // The report page, comparing the stored rows again, says it too.
    let page = app.owner_get(&format!("/assessments/{id}/report")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text_of("#plan-vs-actual")
            .unwrap()
            .contains(LEGACY_WORDS)
    );

    // Naming the option by the old id: the same words, on a file with current tags.
    let r = post_actuals(
        &app,
        &id,
        &key,
        "?option=kafka_compatible.object_storage",
        FOCUS,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let period = &r.json()["actuals"][0];
    assert_eq!(
        period["options"][0]["option"],
        "kafka_compatible.warpstream"
    );
    let notes = period["notes"].as_array().expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().starts_with(
                "The option to compare with was named kafka_compatible.object_storage:"
            )),
        "{notes:?}"
    );
    // And the upload form, refusing a file but keeping that choice, preselects WarpStream and
    // says why.
    let edit = app
        .owner_get(&format!("/assessments/{id}/edit?key={key}"))
        .await;
    let mut cookies = edit.cookies();
    let form = app
        .get_with_cookies(&format!("/assessments/{id}/actuals"), &cookies)
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(form.count("#option-note"), 0);
    cookies.extend(form.cookies());
    let csrf = form.attr("input[name=_csrf]", "value").expect("csrf");
    let eur = FOCUS.replace(",USD,", ",EUR,");
    let r = app
        .post_multipart(
            &format!("/assessments/{id}/actuals"),
            &[
                Part::text("_csrf", &csrf),
                Part::text("option", "kafka_compatible.object_storage"),
                Part::file("file", "focus.csv", eur.as_bytes()),
            ],
            &cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        r.attr("#option option[selected]", "value").as_deref(),
        Some("kafka_compatible.warpstream")
    );
    assert!(r.text_of("#option-note").unwrap().contains(LEGACY_WORDS));
}
