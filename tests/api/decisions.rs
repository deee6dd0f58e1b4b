//! The decision workflow and the audit log: every route × every capability, validation,
//! concurrency, what accepting pins, what a later revision says, the exports.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use connect_advisor::config::Settings;
use serde_json::{Value, json};

use crate::helpers::{ADMIN_TOKEN, TestApp, TestResponse, key_cookie, small};

async fn post_decision(
    app: &TestApp,
    id: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: &str,
) -> TestResponse {
    let mut req = Request::post(format!("/api/assessments/{id}/decision"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(m) = if_match {
        req = req.header(header::IF_MATCH, m);
    }
    app.request(req.body(Body::from(body.to_owned())).unwrap())
        .await
}

async fn decide(app: &TestApp, id: &str, key: &str, status: &str, comment: &str) -> Value {
    let current = app
        .get_bearer(&format!("/api/assessments/{id}/decision"), key)
        .await;
    assert_eq!(current.status, StatusCode::OK, "{}", current.body);
    let etag = current.header("etag").unwrap().to_owned();
    let r = post_decision(
        app,
        id,
        Some(key),
        Some(&etag),
        &json!({ "status": status, "comment": comment }).to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

async fn share_token(app: &TestApp, id: &str, key: &str) -> String {
    let r = app
        .request(
            Request::post(format!("/api/assessments/{id}/shares"))
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["token"].as_str().unwrap().to_owned()
}

fn faster(scenario: &str, write_mb_per_s: f64) -> String {
    let mut v: Value = serde_json::from_str(scenario).unwrap();
    v["workload"]["write_mb_per_s"] = json!(write_mb_per_s);
    v.to_string()
}

#[tokio::test]
async fn decision_routes_answer_each_capability() {
    let app = TestApp::with_admin().await;
    let (id, key) = app.create(&small()).await;
    let (_other, other_key) = app.create(&small()).await;
    let token = share_token(&app, &id, &key).await;
    let uri = format!("/api/assessments/{id}/decision");

    // Read: none and another assessment's key → 404; share, key, admin → the decision.
    assert_eq!(app.get(&uri).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_bearer(&uri, &other_key).await.status,
        StatusCode::NOT_FOUND
    );
    for t in [&token, &key, &ADMIN_TOKEN.to_owned()] {
        let r = app.get_bearer(&uri, t).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        assert_eq!(v["status"], "proposed");
        assert_eq!(v["revision"], 1);
        assert_eq!(v["changes"], 0);
        assert!(v["accepted_revision"].is_null());
        assert_eq!(r.header("etag"), Some("\"d0\""));
    }
    // The owner's browser reads it with its cookie, like every other read.
    assert_eq!(app.owner_get(&uri).await.status, StatusCode::OK);

    // Change: no credentials → 401 (as every API edit), a wrong or other key → 404, a share
    // link → 403; the edit key and the admin token change it.
    let body = json!({ "status": "rejected", "comment": "too expensive" }).to_string();
    let r = post_decision(&app, &id, None, Some("\"d0\""), &body).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = post_decision(&app, &id, Some(&"Z".repeat(43)), Some("\"d0\""), &body).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = post_decision(&app, &id, Some(&other_key), Some("\"d0\""), &body).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = post_decision(&app, &id, Some(&token), Some("\"d0\""), &body).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A cookie does not edit through the API (another site could send it).
    let r = app
        .request(
            Request::post(&uri)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::IF_MATCH, "\"d0\"")
                .header(header::COOKIE, key_cookie(&id, &key))
                .body(Body::from(body.clone()))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get_bearer(&uri, &key).await.json()["changes"], 0);

    let r = post_decision(&app, &id, Some(&key), Some("\"d0\""), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["comment"], "too expensive");
    assert_eq!(v["by"], "edit key holder");
    assert!(v["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(r.header("etag"), Some("\"d1\""));
    let body = json!({ "status": "proposed", "comment": "reopened by support" }).to_string();
    let r = post_decision(&app, &id, Some(ADMIN_TOKEN), Some("\"d1\""), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["by"], "admin token");
    assert_eq!(v["history"].as_array().unwrap().len(), 2);

    // The page form: a share link cannot change it (403), a stranger finds nothing (404).
    let form = |auth: Option<&str>| {
        let mut req = Request::post(format!("/assessments/{id}/decision"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(t) = auth {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        req.body(Body::from(
            "revision=1&expected_changes=2&status=accepted&comment=x",
        ))
        .unwrap()
    };
    assert_eq!(
        app.request(form(Some(&token))).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.request(form(None)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.request(form(Some(&other_key))).await.status,
        StatusCode::NOT_FOUND
    );

    // The share reader sees the change, read-only.
    let v = app.get_bearer(&uri, &token).await.json();
    assert_eq!(v["status"], "proposed");
    assert_eq!(v["comment"], "reopened by support");
}

#[tokio::test]
async fn audit_routes_are_for_owners_only() {
    let app = TestApp::with_admin().await;
    let (id, key) = app.create(&small()).await;
    let (other, other_key) = app.create(&small()).await;
    let token = share_token(&app, &id, &key).await;
    let page = format!("/assessments/{id}/audit");
    let export = format!("/api/assessments/{id}/audit.jsonl");
    for uri in [&page, &export] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
        // A share link reads the report, never who did what.
        assert_eq!(
            app.get_bearer(uri, &token).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
        assert_eq!(
            app.get_bearer(uri, &other_key).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
        assert_eq!(
            app.get_with_cookies(uri, &[key_cookie(&other, &other_key)])
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
        assert_eq!(app.get_bearer(uri, &key).await.status, StatusCode::OK);
        assert_eq!(
            app.get_bearer(uri, ADMIN_TOKEN).await.status,
            StatusCode::OK
        );
        assert_eq!(
            app.get_with_cookies(uri, &[key_cookie(&id, &key)])
                .await
                .status,
            StatusCode::OK,
            "{uri}"
        );
    }
    // The page is a real table.
    let r = app.get_with_cookies(&page, &[key_cookie(&id, &key)]).await;
    assert_eq!(r.count("table.data tbody tr"), 2, "created and shared");
    assert!(
        r.text_of("table.data")
            .unwrap()
            .contains("Created a share link")
    );
    // The whole-database export: the admin token only.
    let all = "/api/audit.jsonl";
    assert_eq!(app.get(all).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_bearer(all, &key).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_bearer(all, &token).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app.get_bearer(all, ADMIN_TOKEN).await;
    assert_eq!(r.status, StatusCode::OK);
    let ids: Vec<String> = r
        .body
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["assessment_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(ids.contains(&id) && ids.contains(&other), "{ids:?}");
}

#[tokio::test]
async fn invalid_changes_get_422_naming_the_field() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let fields = |r: &TestResponse| -> Vec<String> {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect()
    };
    let m = Some("\"d0\"");
    let r = post_decision(
        &app,
        &id,
        Some(&key),
        m,
        r#"{"status":"approved","comment":"  "}"#,
    )
    .await;
    assert_eq!(fields(&r), ["status", "comment"]);
    let long = json!({ "status": "accepted", "comment": "x".repeat(2_001) }).to_string();
    let r = post_decision(&app, &id, Some(&key), m, &long).await;
    assert_eq!(fields(&r), ["comment"]);
    let bell = json!({ "status": "accepted", "comment": "ok\u{7}" }).to_string();
    let r = post_decision(&app, &id, Some(&key), m, &bell).await;
    assert_eq!(fields(&r), ["comment"]);
    let r = post_decision(
        &app,
        &id,
        Some(&key),
        m,
        r#"{"status":"superseded","comment":"x"}"#,
    )
    .await;
    assert_eq!(fields(&r), ["status"]);
    let r = post_decision(
        &app,
        &id,
        Some(&key),
        m,
        r#"{"status":"proposed","comment":"x"}"#,
    )
    .await;
    assert_eq!(fields(&r), ["status"], "already proposed");
    let r = post_decision(
        &app,
        &id,
        Some(&key),
        m,
        r#"{"status":"accepted","comment":"x","revision":9}"#,
    )
    .await;
    assert_eq!(fields(&r), ["revision"]);
    let r = post_decision(&app, &id, Some(&key), m, "{not json").await;
    assert_eq!(fields(&r), ["$"]);
    let r = post_decision(
        &app,
        &id,
        Some(&key),
        m,
        r#"{"status":"accepted","comment":"x","by":"me"}"#,
    )
    .await;
    assert_eq!(fields(&r), ["$"], "unknown keys are refused");
    // Nothing was recorded.
    let v = app
        .get_bearer(&format!("/api/assessments/{id}/decision"), &key)
        .await
        .json();
    assert_eq!(v["changes"], 0);
}

#[tokio::test]
async fn a_stale_change_gets_409_and_overwrites_nothing() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let body = |s: &str| json!({ "status": s, "comment": format!("{s} by someone") }).to_string();
    // Without If-Match: 428; with a malformed one: 400.
    let r = post_decision(&app, &id, Some(&key), None, &body("accepted")).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    let r = post_decision(&app, &id, Some(&key), Some("\"1\""), &body("accepted")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    // Two people start from the same state: the first wins, the second is told.
    let first = post_decision(&app, &id, Some(&key), Some("\"d0\""), &body("accepted")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = post_decision(&app, &id, Some(&key), Some("\"d0\""), &body("rejected")).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(second.json()["current_changes"], 1);
    assert_eq!(second.header("etag"), Some("\"d1\""));
    let v = app
        .get_bearer(&format!("/api/assessments/{id}/decision"), &key)
        .await
        .json();
    assert_eq!(v["status"], "accepted");
    assert_eq!(v["comment"], "accepted by someone");
}

#[tokio::test]
async fn accepting_pins_the_revision_and_price_book_and_a_later_revision_says_it_differs() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let report = app
        .get_bearer(&format!("/api/assessments/{id}/report"), &key)
        .await
        .json();
    let version = report["pricing"]["version"].as_str().unwrap().to_owned();
    assert_eq!(report["decision"]["status"], "proposed");

    let v = decide(&app, &id, &key, "accepted", "Architecture board, 1 Dec").await;
    assert_eq!(v["accepted_revision"], 1);
    assert_eq!(v["accepted_pricing_version"], version);
    assert_eq!(v["accepted"]["currency"], "USD");
    assert!(
        v["accepted"]["monthly_total"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
            > 0.0
    );
    // The report JSON of revision 1 carries the acceptance (a status change is not hidden
    // by the report cache).
    let r1 = app
        .get_bearer(&format!("/api/assessments/{id}/report"), &key)
        .await
        .json();
    assert_eq!(r1["decision"]["status"], "accepted");
    assert_eq!(r1["decision"]["accepted_pricing_version"], version);
    assert!(r1["decision"]["differs_from_accepted"].is_null());

    // Revision 2 writes three times as much.
    let r = app
        .put_json(
            &format!("/api/assessments/{id}"),
            &faster(&small(), 12.0),
            Some(&key),
            Some("1"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r2 = app
        .get_bearer(&format!("/api/assessments/{id}/report"), &key)
        .await
        .json();
    let d = &r2["decision"];
    assert_eq!(d["status"], "proposed");
    assert_eq!(d["revision"], 2);
    assert_eq!(d["accepted_revision"], 1);
    let diffs = d["differs_from_accepted"].as_array().unwrap();
    assert!(
        diffs.iter().any(|x| x["what"] == "monthly_total"),
        "{diffs:?}"
    );
    // The page says so, and links the owner to the accepted revision.
    let page = app
        .get_with_cookies(
            &format!("/assessments/{id}/report"),
            &[key_cookie(&id, &key)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let note = page.text_of("#differs-from-accepted").unwrap();
    assert!(
        note.contains("This revision differs from the accepted decision"),
        "{note}"
    );
    assert!(
        note.contains("Monthly total of the recommended option"),
        "{note}"
    );
    assert_eq!(
        page.attr("#differs-from-accepted a", "href").as_deref(),
        Some(format!("/assessments/{id}/report?revision=1").as_str())
    );

    // Accepting revision 2 supersedes revision 1, as its own change.
    let v = decide(&app, &id, &key, "accepted", "re-sized for the new feed").await;
    assert_eq!(v["revision"], 2);
    assert_eq!(v["accepted_revision"], 2);
    assert_eq!(v["changes"], 3);
    let old = app
        .get_bearer(&format!("/api/assessments/{id}/decision?revision=1"), &key)
        .await
        .json();
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["comment"], "Superseded: revision 2 was accepted.");
    let history: Vec<&str> = old["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["accepted", "superseded"]);
    // The audit log has both changes, in order.
    let log = app
        .get_bearer(&format!("/api/assessments/{id}/audit.jsonl"), &key)
        .await;
    let changes: Vec<(u64, String)> = log
        .body
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["action"] == "status_changed")
        .map(|e| {
            (
                e["revision"].as_u64().unwrap(),
                e["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (1, "accepted".to_owned()),
            (1, "superseded".to_owned()),
            (2, "accepted".to_owned())
        ]
    );
}

#[tokio::test]
async fn the_madr_export_and_the_share_page_carry_the_status() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let token = share_token(&app, &id, &key).await;
    let adr = format!("/api/assessments/{id}/report.adr.md");
    let md = app.get_bearer(&adr, &key).await.body;
    assert!(md.starts_with("---\nstatus: proposed\n"), "{md}");
    assert!(md.contains("decision-makers: []"));
    let shared = app.get(&format!("/r/{token}")).await;
    assert_eq!(
        shared.text_of("#decision-title .status").as_deref(),
        Some("proposed")
    );

    decide(
        &app,
        &id,
        &key,
        "accepted",
        "Approved: *cheapest* viable option",
    )
    .await;
    // The same day's record, fetched again after the change: the cache gives the new one.
    let md = app.get_bearer(&adr, &key).await.body;
    assert!(md.starts_with("---\nstatus: accepted\n"), "{md}");
    assert!(
        md.contains("decision-makers: [\"edit key holder\"]"),
        "{md}"
    );
    assert!(md.contains("\n- Status: accepted\n"));
    assert!(
        md.contains("**Decision status:** accepted (revision 1) by edit key holder on "),
        "{md}"
    );
    // The comment is user text: escaped.
    assert!(
        md.contains("Approved: \\*cheapest\\* viable option"),
        "{md}"
    );

    let shared = app.get(&format!("/r/{token}")).await;
    assert_eq!(shared.status, StatusCode::OK);
    assert_eq!(
        shared.text_of("#decision-title .status").as_deref(),
        Some("accepted")
    );
    let panel = shared.text_of("#decision").unwrap();
    assert!(
        panel.contains("Approved: *cheapest* viable option"),
        "{panel}"
    );
    assert!(panel.contains("edit key holder"));
    // Nothing that leads to changing it.
    assert!(!shared.body.contains("Change the status"));
    assert!(!shared.body.contains("/audit"));
    // The owner's report page offers both.
    let page = app
        .get_with_cookies(
            &format!("/assessments/{id}/report"),
            &[key_cookie(&id, &key)],
        )
        .await;
    assert!(page.body.contains("Change the status"));
    assert!(page.body.contains(&format!("/assessments/{id}/audit")));
}

/// The owner's browser: the edit cookie and the CSRF cookie, and the page's form token.
async fn browser(app: &TestApp, id: &str, key: &str) -> (Vec<String>, TestResponse) {
    let r = app.get(&format!("/assessments/{id}/edit?key={key}")).await;
    let mut cookies = r.cookies();
    let page = app
        .get_with_cookies(&format!("/assessments/{id}"), &cookies)
        .await;
    cookies.extend(page.cookies());
    (cookies, page)
}

fn form_of(page: &TestResponse, status: &str, comment: &str) -> Vec<(String, String)> {
    let field = |name: &str| {
        page.attr(&format!("#decision input[name={name}]"), "value")
            .unwrap_or_else(|| panic!("decision form lacks {name}"))
    };
    vec![
        ("_csrf".to_owned(), field("_csrf")),
        ("revision".to_owned(), field("revision")),
        ("expected_changes".to_owned(), field("expected_changes")),
        ("status".to_owned(), status.to_owned()),
        ("comment".to_owned(), comment.to_owned()),
    ]
}

#[tokio::test]
async fn the_page_form_changes_the_status_and_keeps_the_input_when_refused() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let (cookies, page) = browser(&app, &id, &key).await;
    let action = format!("/assessments/{id}/decision");

    // Too long: 422, the page again with the error and the text kept.
    let long = "Too long. ".repeat(201);
    let r = app
        .post_form(&action, &form_of(&page, "accepted", &long), &cookies)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.text_of("#decision-errors").unwrap().contains("comment"));
    assert_eq!(r.text_of("#decision-comment").unwrap(), long);
    assert_eq!(
        r.attr("#decision-status option[selected]", "value")
            .as_deref(),
        Some("accepted")
    );

    // Accepted.
    let r = app
        .post_form(
            &action,
            &form_of(&page, "accepted", "Board said yes"),
            &cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app
        .get_with_cookies(&format!("/assessments/{id}"), &cookies)
        .await;
    assert_eq!(
        after.text_of("#decision .status").as_deref(),
        Some("accepted")
    );
    assert!(
        after
            .text_of("#decision")
            .unwrap()
            .contains("Board said yes")
    );
    // The revisions table names each revision's status.
    assert_eq!(after.count("table.data tr.current .status-accepted"), 1);

    // The first page's form is stale now: 409, nothing changed, the input kept.
    let r = app
        .post_form(
            &action,
            &form_of(&page, "rejected", "No after all"),
            &cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.count("#decision-conflict") == 1);
    assert_eq!(r.text_of("#decision-comment").unwrap(), "No after all");
    let v = app
        .get_bearer(&format!("/api/assessments/{id}/decision"), &key)
        .await
        .json();
    assert_eq!(v["status"], "accepted");

    // Without the CSRF token nothing happens; without the edit cookie it is not there.
    let mut no_csrf = form_of(&after, "rejected", "x");
    no_csrf.remove(0);
    let r = app.post_form(&action, &no_csrf, &cookies).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let csrf_only: Vec<String> = cookies
        .iter()
        .filter(|c| c.starts_with("ca_csrf="))
        .cloned()
        .collect();
    let r = app
        .post_form(&action, &form_of(&after, "rejected", "x"), &csrf_only)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_audit_log_records_who_did_what_and_exports_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let settings = Settings {
        trust_identity_headers: true,
        ..Settings::default()
    };
    let app = TestApp::with_settings(&url, dir, settings).await;
    let (id, key) = app.create(&small()).await;
    // An edit behind an authenticating proxy names the user.
    let r = app
        .request(
            Request::put(format!("/api/assessments/{id}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .header(header::IF_MATCH, "1")
                .header("x-ms-client-principal-name", "dana@example.com")
                .body(Body::from(faster(&small(), 6.0)))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let token = share_token(&app, &id, &key).await;
    let share_id = app
        .get_bearer(&format!("/api/assessments/{id}/shares"), &key)
        .await
        .json()["shares"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .request(
            Request::delete(format!("/api/shares/{token}"))
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // Revoking again records nothing more.
    let r = app
        .request(
            Request::delete(format!("/api/assessments/{id}/shares/{share_id}"))
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    decide(&app, &id, &key, "rejected", "not now").await;

    let r = app
        .get_bearer(&format!("/api/assessments/{id}/audit.jsonl"), &key)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    assert!(r.body.ends_with('\n'));
    let lines: Vec<Value> = r
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let what: Vec<(&str, &str)> = lines
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(
        what,
        [
            ("created", "edit key holder"),
            ("edited", "dana@example.com"),
            ("shared", "edit key holder"),
            ("share_revoked", "edit key holder"),
            ("status_changed", "edit key holder"),
        ]
    );
    assert_eq!(lines[1]["revision"], 2);
    assert!(
        lines[2]["revision"].is_null(),
        "the link follows the latest"
    );
    assert_eq!(lines[2]["share_id"], share_id.as_str());
    assert_eq!(lines[3]["share_id"], share_id.as_str());
    assert_eq!(lines[4]["status"], "rejected");
    assert_eq!(lines[4]["revision"], 2);
    for l in &lines {
        assert_eq!(l["assessment_id"], id.as_str());
        assert!(l["at"].as_str().unwrap().ends_with('Z'));
    }
    let ids: Vec<i64> = lines.iter().map(|l| l["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    // No secret is in the log.
    assert!(!r.body.contains(&key) && !r.body.contains(&token));
}

#[tokio::test]
async fn the_page_handlers_write_the_audit_log_too() {
    use crate::helpers::form_pairs;
    use crate::questionnaire::{fill_minimal, open_new};
    let app = TestApp::new().await;
    // Create through the questionnaire.
    let (page, mut cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    cookies.extend(r.cookies().into_iter().filter(|c| c.starts_with("ca_key_")));
    let id = r
        .cookies()
        .iter()
        .find_map(|c| {
            c.strip_prefix("ca_key_")
                .map(|s| s.split('=').next().unwrap().to_owned())
        })
        .map(|simple| uuid::Uuid::parse_str(&simple).unwrap().to_string())
        .expect("the edit cookie names the assessment");
    // Save a new revision through the edit form.
    let edit = app
        .get_with_cookies(&format!("/assessments/{id}/edit"), &cookies)
        .await;
    assert_eq!(edit.status, StatusCode::OK);
    let mut pairs = form_pairs(&edit);
    crate::helpers::set(&mut pairs, "workload.write_mb_per_s", "9");
    let r = app
        .post_form(&format!("/assessments/{id}"), &pairs, &cookies)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Share and revoke from the assessment page.
    let show = app
        .get_with_cookies(&format!("/assessments/{id}"), &cookies)
        .await;
    let csrf = show.attr("#shares input[name=_csrf]", "value").unwrap();
    let form = vec![
        ("_csrf".to_owned(), csrf.clone()),
        ("revision".to_owned(), "2".to_owned()),
        ("expires_in_days".to_owned(), "7".to_owned()),
        ("label".to_owned(), String::new()),
    ];
    let r = app
        .post_form(&format!("/assessments/{id}/shares"), &form, &cookies)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let show = app
        .get_with_cookies(&format!("/assessments/{id}"), &cookies)
        .await;
    let action = show.attr("#shares form.inline", "action").unwrap();
    let r = app
        .post_form(&action, &[("_csrf".to_owned(), csrf.clone())], &cookies)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Accept from the page.
    let r = app
        .post_form(
            &format!("/assessments/{id}/decision"),
            &form_of(&show, "accepted", "ok"),
            &cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let audit = app
        .get_with_cookies(&format!("/assessments/{id}/audit"), &cookies)
        .await;
    assert_eq!(audit.status, StatusCode::OK);
    let rows = scraper::Selector::parse("table.data tbody tr").unwrap();
    let cell = scraper::Selector::parse("td").unwrap();
    let seen: Vec<(String, String)> = audit
        .html()
        .select(&rows)
        .map(|tr| {
            let cells: Vec<String> = tr.select(&cell).map(|c| c.text().collect()).collect();
            (cells[2].clone(), cells[3].clone())
        })
        .collect();
    // Newest first.
    assert_eq!(
        seen,
        [
            ("Changed the decision status".to_owned(), "2".to_owned()),
            ("Revoked a share link".to_owned(), String::new()),
            ("Created a share link".to_owned(), "2".to_owned()),
            ("Saved a new revision".to_owned(), "2".to_owned()),
            ("Created".to_owned(), "1".to_owned()),
        ]
    );
}
