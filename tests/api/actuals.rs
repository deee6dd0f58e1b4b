//! Plan vs actual through HTTP: the API upload, the form, the report JSON and page.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::helpers::{Part, TestApp, TestResponse, small};

const FOCUS: &str = include_str!("../fixtures/actuals/focuscost-2026-10.csv");

async fn post_actuals(
    app: &TestApp,
    id: &str,
    key: Option<&str>,
    query: &str,
    body: &str,
) -> TestResponse {
    let mut req = Request::post(format!("/api/assessments/{id}/actuals{query}"))
        .header(header::CONTENT_TYPE, "text/csv");
    if let Some(k) = key {
        req = req.header(header::AUTHORIZATION, format!("Bearer {k}"));
    }
    app.request(req.body(Body::from(body.to_owned())).unwrap())
        .await
}

#[tokio::test]
async fn an_upload_with_the_edit_key_is_compared_stored_and_shown_in_the_report() {
    let app = TestApp::new().await;
    // The fixture's bills come from Connect on AKS (src/actuals/tests.rs pins it the same way).
    let small_on_aks = small().replace(
        r#""connect_runtime": "auto""#,
        r#""connect_runtime": "aks""#,
    );
    assert_ne!(small_on_aks, small());
    let (id, key) = app.create(&small_on_aks).await;
    let r = post_actuals(&app, &id, Some(&key), "", FOCUS).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let period = &v["actuals"][0];
    assert_eq!(period["billing_period"]["start"], "2026-10-01");
    let o = &period["options"][0];
    assert_eq!(o["option"], "event_hubs.standard");
    // 1,487.57 actual against 1,962.33 estimated: −474.76, −24.19 % (src/actuals/tests.rs).
    assert_eq!(o["actual"], 1487.57);
    assert_eq!(o["variance"], -474.76);
    assert_eq!(o["variance_percent"], -24.19);

    // The report JSON carries it per billing period, from the store.
    let report = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await;
    assert_eq!(report.status, StatusCode::OK);
    let json = report.json();
    assert_eq!(json["actuals"][0]["options"][0]["actual"], 1487.57);
    assert_eq!(json["actuals"].as_array().unwrap().len(), 1);
    // The stored rows are the estimate's 16; the counts still describe the whole file.
    assert_eq!(json["actuals"][0]["rows"]["in_period"], 20);
    assert_eq!(json["actuals"][0]["rows"]["not_selected"], 4);
    assert_eq!(
        json["actuals"][0], v["actuals"][0],
        "the stored comparison is the upload's"
    );
    assert!(
        json["recommendation"].is_object(),
        "the report is still there"
    );

    // The page shows the section, its tables, the explanation and a chart.
    let page = app.owner_get(&format!("/assessments/{id}/report")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("#plan-vs-actual"), 1);
    let section = page.text_of("#plan-vs-actual").unwrap();
    assert!(section.contains("2026-10-01 to 2026-11-01"), "{section}");
    assert!(section.contains("1,487.57") && section.contains("-24.19 %"));
    assert!(
        section.contains("Write throughput of 5.02 MB/s instead of 4 MB/s"),
        "{section}"
    );
    assert!(section.contains("Log Analytics"));
    assert!(page.count("#plan-vs-actual svg") >= 2);

    // A corrected upload of the same month replaces it; the ETag of the JSON changes.
    let before = report.header("etag").unwrap().to_owned();
    let with_rg = post_actuals(
        &app,
        &id,
        Some(&key),
        "?resource_group=rg-connect-prod",
        FOCUS,
    )
    .await;
    assert_eq!(with_rg.status, StatusCode::CREATED, "{}", with_rg.body);
    let report = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await;
    let json = report.json();
    assert_eq!(json["actuals"].as_array().unwrap().len(), 1);
    // 1,487.57 + the untagged Key Vault 0.90.
    assert_eq!(json["actuals"][0]["options"][0]["actual"], 1488.47);
    assert_ne!(report.header("etag").unwrap(), before);
}

#[tokio::test]
async fn uploads_need_the_edit_key_and_bad_files_are_422_naming_line_and_column() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let r = post_actuals(&app, &id, None, "", FOCUS).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = post_actuals(
        &app,
        &id,
        Some("not-the-key-0000000000000000000000"),
        "",
        FOCUS,
    )
    .await;
    // A wrong key answers like an unknown assessment: it learns nothing.
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = post_actuals(
        &app,
        "00000000-0000-0000-0000-000000000000",
        Some(&key),
        "",
        FOCUS,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let eur = FOCUS.replace(",USD,", ",EUR,");
    let r = post_actuals(&app, &id, Some(&key), "", &eur).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v = r.json();
    assert_eq!(v["errors"][0]["field"], "line 2, column BillingCurrency");
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("EUR"));

    let broken = FOCUS.replace(",87.60,", ",eighty,");
    let r = post_actuals(&app, &id, Some(&key), "", &broken).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json()["errors"][0]["field"],
        "line 2, column EffectiveCost"
    );

    let r = post_actuals(&app, &id, Some(&key), "?option=event_hubs.gold", FOCUS).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "file");

    let r = post_actuals(&app, &id, Some(&key), "", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Nothing was stored by the refused uploads.
    let json = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await
        .json();
    assert_eq!(json["actuals"], serde_json::json!([]));
}

#[tokio::test]
async fn the_upload_form_compares_and_redirects_or_shows_the_error_with_choices_kept() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    // Without the edit key there is no form (nor any sign the assessment exists).
    let r = app.get(&format!("/assessments/{id}/actuals")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = app
        .owner_get(&format!("/assessments/{id}/edit?key={key}"))
        .await;
    let mut cookies = r.cookies();
    let show = app
        .get_with_cookies(&format!("/assessments/{id}"), &cookies)
        .await;
    assert_eq!(
        show.count(&format!("a[href='/assessments/{id}/actuals']")),
        1,
        "linked from the assessment page"
    );
    let form = app
        .get_with_cookies(&format!("/assessments/{id}/actuals"), &cookies)
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    cookies.extend(form.cookies());
    let csrf = form.attr("input[name=_csrf]", "value").expect("csrf");

    let eur = FOCUS.replace(",USD,", ",EUR,");
    let r = app
        .post_multipart(
            &format!("/assessments/{id}/actuals"),
            &[
                Part::text("_csrf", &csrf),
                Part::text("resource_group", "rg-connect-prod"),
                Part::file("file", "focus.csv", eur.as_bytes()),
            ],
            &cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text_of("#error-summary")
            .unwrap()
            .contains("line 2, column BillingCurrency")
    );
    assert_eq!(
        r.attr("#resource_group", "value").as_deref(),
        Some("rg-connect-prod")
    );

    let r = app
        .post_multipart(
            &format!("/assessments/{id}/actuals"),
            &[
                Part::text("_csrf", &csrf),
                Part::text("option", "event_hubs.standard"),
                Part::file("file", "focus.csv", FOCUS.as_bytes()),
            ],
            &cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some(format!("/assessments/{id}/report#plan-vs-actual").as_str())
    );

    // Without the CSRF field the upload is refused.
    let r = app
        .post_multipart(
            &format!("/assessments/{id}/actuals"),
            &[Part::file("file", "focus.csv", FOCUS.as_bytes())],
            &cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
