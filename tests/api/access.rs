//! Who may read and edit: every read route × every capability, edits by capability, and
//! what lists show. Anyone without a capability gets `404`, exactly as for an unknown id.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::helpers::{ADMIN_TOKEN, TestApp, key_cookie, small};

/// Every route that reads an assessment, for assessment `id` (`other` is a second one).
fn read_routes(id: &str) -> Vec<String> {
    let mut routes = vec![
        format!("/assessments/{id}"),
        format!("/assessments/{id}/report"),
        format!("/api/assessments/{id}"),
        format!("/api/assessments/{id}/revisions"),
        format!("/api/assessments/{id}/report"),
        format!("/api/assessments/{id}/report.csv"),
        format!("/api/assessments/{id}/report.focus.csv"),
        format!("/api/assessments/{id}/report.adr.md"),
        format!("/compare?a={id}&b={id}"),
        format!("/api/compare?a={id}&b={id}"),
    ];
    for chart in [
        "cost-by-category",
        "projection",
        "cost-vs-throughput",
        "cost-ranges",
    ] {
        routes.push(format!("/api/assessments/{id}/report/charts/{chart}.svg"));
    }
    routes
}

struct World {
    app: TestApp,
    id: String,
    key: String,
    other_id: String,
    other_key: String,
    /// An active share link of `id`, following the latest revision.
    share: String,
    /// An active share link of `other_id`.
    other_share: String,
    revoked: String,
    expired: String,
}

async fn share(app: &TestApp, id: &str, key: &str, body: serde_json::Value) -> serde_json::Value {
    let r = app
        .request(
            Request::post(format!("/api/assessments/{id}/shares"))
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

async fn world() -> World {
    use connect_advisor::store::NewShare;
    use connect_advisor::web::security::{hash_secret, random_token};
    let app = TestApp::with_admin().await;
    let (id, key) = app.create(&small()).await;
    let (other_id, other_key) = app.create(&small()).await;
    let share_of = |v: serde_json::Value| v["token"].as_str().unwrap().to_owned();
    let token = share_of(share(&app, &id, &key, json!({})).await);
    let other_share = share_of(share(&app, &other_id, &other_key, json!({})).await);
    let revoked = share(&app, &id, &key, json!({})).await;
    let r = app
        .request(
            Request::delete(format!(
                "/api/assessments/{id}/shares/{}",
                revoked["id"].as_str().unwrap()
            ))
            .header(header::AUTHORIZATION, format!("Bearer {key}"))
            .body(Body::empty())
            .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let expired = random_token();
    app.store
        .create_share(NewShare {
            assessment_id: uuid::Uuid::parse_str(&id).unwrap(),
            token_hash: &hash_secret(&expired),
            pinned_revision: None,
            expires_at: Some(time::OffsetDateTime::now_utc() - time::Duration::minutes(1)),
            label: None,
        })
        .await
        .unwrap();
    World {
        app,
        id,
        key,
        other_id,
        other_key,
        share: token,
        other_share,
        revoked: share_of(revoked),
        expired,
    }
}

/// Who calls, the headers they send, and whether they may read.
type Caller<'a> = (&'a str, Vec<(&'a str, String)>, bool);

#[tokio::test]
async fn every_read_route_needs_a_capability_for_that_assessment() {
    let w = world().await;
    let app = &w.app;
    let bearer = |t: &str| format!("Bearer {t}");
    let own_cookie = key_cookie(&w.id, &w.key);
    let other_cookie = key_cookie(&w.other_id, &w.other_key);
    // (who, headers, may read)
    let callers: Vec<Caller> = vec![
        ("nobody", vec![], false),
        (
            "edit key (Bearer)",
            vec![("authorization", bearer(&w.key))],
            true,
        ),
        (
            "edit key (cookie)",
            vec![("cookie", own_cookie.clone())],
            true,
        ),
        (
            "admin token",
            vec![("authorization", bearer(ADMIN_TOKEN))],
            true,
        ),
        (
            "share token of this assessment",
            vec![("authorization", bearer(&w.share))],
            true,
        ),
        (
            "edit key of another assessment",
            vec![("authorization", bearer(&w.other_key))],
            false,
        ),
        (
            "edit-key cookie of another assessment",
            vec![("cookie", other_cookie.clone())],
            false,
        ),
        (
            "edit key in the wrong assessment's cookie",
            vec![("cookie", key_cookie(&w.other_id, &w.key))],
            false,
        ),
        (
            "share token of another assessment",
            vec![("authorization", bearer(&w.other_share))],
            false,
        ),
        (
            "revoked share token",
            vec![("authorization", bearer(&w.revoked))],
            false,
        ),
        (
            "expired share token",
            vec![("authorization", bearer(&w.expired))],
            false,
        ),
        (
            "a wrong admin token",
            vec![("authorization", bearer(&format!("{ADMIN_TOKEN}x")))],
            false,
        ),
    ];
    for route in read_routes(&w.id) {
        for (who, headers, allowed) in &callers {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = app.get_with(&route, &headers).await;
            let expected = if *allowed {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(
                r.status,
                expected,
                "{who} on {route}: {}",
                &r.body[..r.body.len().min(200)]
            );
            if !allowed {
                // Indistinguishable from an id that does not exist.
                let unknown = route.replace(&w.id, "00000000-0000-4000-8000-000000000000");
                let u = app.get_with(&unknown, &headers).await;
                assert_eq!(u.status, StatusCode::NOT_FOUND, "{unknown}");
                assert_eq!(
                    r.body, u.body,
                    "{who} on {route} says more than an unknown id"
                );
                assert!(!r.body.contains("Retail telemetry"), "{who} on {route}");
            }
        }
    }
}

#[tokio::test]
async fn compare_needs_a_capability_for_both_sides() {
    let w = world().await;
    let uri = format!("/api/compare?a={}&b={}", w.id, w.other_id);
    let only_one = [("cookie", key_cookie(&w.id, &w.key))];
    let r = w
        .app
        .get_with(&uri, &[("cookie", only_one[0].1.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let both = format!(
        "{}; {}",
        key_cookie(&w.id, &w.key),
        key_cookie(&w.other_id, &w.other_key)
    );
    let r = w.app.get_with(&uri, &[("cookie", both.as_str())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let html = format!("/compare?a={}&b={}", w.id, w.other_id);
    let r = w.app.get_with(&html, &[("cookie", &only_one[0].1)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_pinned_share_reads_its_revision_only_and_a_latest_share_the_latest_only() {
    let w = world().await;
    let app = &w.app;
    let pinned = share(app, &w.id, &w.key, json!({ "revision": 1 })).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let renamed = small().replacen(
        "Retail telemetry ingestion (small, Azure-native)",
        "Renamed estate",
        1,
    );
    let uri = format!("/api/assessments/{}", w.id);
    let r = app.put_json(&uri, &renamed, Some(&w.key), Some("1")).await;
    assert_eq!(r.status, StatusCode::OK);

    // Pinned: revision 1 with or without asking for it; revision 2 is not there.
    let v = app.get_bearer(&uri, &pinned).await.json();
    assert_eq!(v["revision"], 1);
    assert_eq!(
        app.get_bearer(&format!("{uri}?revision=1"), &pinned)
            .await
            .status,
        StatusCode::OK
    );
    for route in [
        format!("{uri}?revision=2"),
        format!("{uri}/report?revision=2"),
        format!("{uri}/report.csv?revision=2"),
        format!("/assessments/{}/report?revision=2", w.id),
    ] {
        assert_eq!(
            app.get_bearer(&route, &pinned).await.status,
            StatusCode::NOT_FOUND,
            "{route}"
        );
    }
    let revs = app
        .get_bearer(&format!("{uri}/revisions"), &pinned)
        .await
        .json();
    assert_eq!(revs["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(revs["revisions"][0]["revision"], 1);
    let report = app
        .get_bearer(&format!("{uri}/report"), &pinned)
        .await
        .json();
    assert_eq!(
        report["scenario"]["name"],
        "Retail telemetry ingestion (small, Azure-native)"
    );

    // Latest: revision 2 now, revision 1 no longer.
    let v = app.get_bearer(&uri, &w.share).await.json();
    assert_eq!(v["revision"], 2);
    assert_eq!(v["name"], "Renamed estate");
    assert_eq!(
        app.get_bearer(&format!("{uri}?revision=1"), &w.share)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let revs = app
        .get_bearer(&format!("{uri}/revisions"), &w.share)
        .await
        .json();
    assert_eq!(revs["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(revs["revisions"][0]["revision"], 2);
    // The owner sees both.
    let revs = app
        .get_bearer(&format!("{uri}/revisions"), &w.key)
        .await
        .json();
    assert_eq!(revs["revisions"].as_array().unwrap().len(), 2);
}

/// A request with `Authorization: Bearer <token>` (or none).
fn with_bearer(method: Method, uri: &str, token: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::IF_MATCH, "1");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    req.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn api_edits_need_the_edit_key_or_the_admin_token() {
    let w = world().await;
    let app = &w.app;
    let id = &w.id;
    let edits = |token: Option<&str>| {
        vec![
            with_bearer(
                Method::GET,
                &format!("/api/assessments/{id}/shares"),
                token,
                "",
            ),
            with_bearer(
                Method::POST,
                &format!("/api/assessments/{id}/shares"),
                token,
                "{}",
            ),
            with_bearer(
                Method::PUT,
                &format!("/api/assessments/{id}"),
                token,
                &small(),
            ),
            with_bearer(
                Method::POST,
                &format!("/api/assessments/{id}/actuals"),
                token,
                "not a FOCUS file",
            ),
        ]
    };
    // No credentials: 401, which says nothing about the assessment.
    for req in edits(None) {
        let what = format!("{} {}", req.method(), req.uri());
        let r = app.request(req).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{what}");
    }
    // A share link reads but does not edit.
    for req in edits(Some(&w.share)) {
        let what = format!("{} {}", req.method(), req.uri());
        let r = app.request(req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}: {}", r.body);
    }
    // Someone else's key, a revoked share: as if there were nothing.
    for token in [&w.other_key, &w.other_share, &w.revoked, &w.expired] {
        for req in edits(Some(token)) {
            let what = format!("{} {}", req.method(), req.uri());
            let r = app.request(req).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{what}");
        }
    }
    // The browser's key cookie does not edit through the API (another site could send it).
    let r = app
        .request(
            Request::put(format!("/api/assessments/{id}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::IF_MATCH, "1")
                .header(header::COOKIE, key_cookie(id, &w.key))
                .body(Body::from(small()))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // The edit key and the admin token edit.
    for (token, expected_status) in [
        (
            &w.key,
            [
                StatusCode::OK,
                StatusCode::CREATED,
                StatusCode::OK,
                StatusCode::UNPROCESSABLE_ENTITY,
            ],
        ),
        (
            &ADMIN_TOKEN.to_owned(),
            [
                StatusCode::OK,
                StatusCode::CREATED,
                StatusCode::CONFLICT,
                StatusCode::UNPROCESSABLE_ENTITY,
            ],
        ),
    ] {
        for (req, expected) in edits(Some(token)).into_iter().zip(expected_status) {
            let what = format!("{} {}", req.method(), req.uri());
            let r = app.request(req).await;
            assert_eq!(r.status, expected, "{what}: {}", r.body);
        }
    }
    // Revoking a share by its token: its own token cannot, the edit key can.
    let token = share(app, id, &w.key, json!({})).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let revoke =
        |t: &str| with_bearer(Method::DELETE, &format!("/api/shares/{token}"), Some(t), "");
    assert_eq!(
        app.request(revoke(&token)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.request(revoke(&w.other_key)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.request(revoke(ADMIN_TOKEN)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_bearer(&format!("/api/assessments/{id}"), &token)
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a revoked link reads nothing"
    );
}

#[tokio::test]
async fn edit_pages_need_the_edit_key_cookie() {
    let w = world().await;
    let app = &w.app;
    let id = &w.id;
    let pages = [
        format!("/assessments/{id}/edit"),
        format!("/assessments/{id}/import"),
        format!("/assessments/{id}/actuals"),
    ];
    for page in &pages {
        assert_eq!(app.get(page).await.status, StatusCode::NOT_FOUND, "{page}");
        let other = [key_cookie(&w.other_id, &w.other_key)];
        assert_eq!(
            app.get_with_cookies(page, &other).await.status,
            StatusCode::NOT_FOUND,
            "{page}"
        );
        let r = app.get_bearer(page, &w.share).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{page}");
        let own = [key_cookie(id, &w.key)];
        assert_eq!(
            app.get_with_cookies(page, &own).await.status,
            StatusCode::OK,
            "{page}"
        );
        assert_eq!(
            app.get_bearer(page, ADMIN_TOKEN).await.status,
            StatusCode::OK,
            "{page}"
        );
    }
    // The report page opened with a share token is the read-only view.
    let r = app
        .get_bearer(&format!("/assessments/{id}/report"), &w.share)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("/edit"));
    assert_eq!(r.header("x-robots-tag"), Some("noindex, nofollow"));
}

#[tokio::test]
async fn lists_show_only_what_the_caller_may_read() {
    let w = world().await;
    let app = &w.app;
    let ids = |v: serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // A fresh browser: nothing.
    let r = app.get("/api/assessments").await.json();
    assert_eq!(r["total"], 0);
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!home.body.contains(&w.id) && !home.body.contains(&w.other_id));
    // A browser holding one key: that one.
    let one = [key_cookie(&w.id, &w.key)];
    let r = app.get_with_cookies("/api/assessments", &one).await.json();
    assert_eq!(r["total"], 1);
    assert_eq!(ids(r), vec![w.id.clone()]);
    let home = app.get_with_cookies("/", &one).await;
    assert!(home.body.contains(&w.id) && !home.body.contains(&w.other_id));
    // A forged cookie (right name, wrong key) adds nothing.
    let forged = [
        key_cookie(&w.id, &w.key),
        key_cookie(&w.other_id, &"F".repeat(43)),
    ];
    let r = app
        .get_with_cookies("/api/assessments", &forged)
        .await
        .json();
    assert_eq!(ids(r), vec![w.id.clone()]);
    // Both keys: both, newest first; paging counts only these.
    let r = app
        .get_with_cookies("/api/assessments", &app.owner_cookies())
        .await
        .json();
    assert_eq!(r["total"], 2);
    assert_eq!(ids(r), vec![w.other_id.clone(), w.id.clone()]);
    let r = app
        .get_with_cookies("/api/assessments?limit=1&offset=1", &app.owner_cookies())
        .await
        .json();
    assert_eq!(ids(r), vec![w.id.clone()]);
    // The admin token: everything.
    let r = app.get_bearer("/api/assessments", ADMIN_TOKEN).await.json();
    assert_eq!(r["total"], 2);
    // A share token lists nothing (it opens one report, not a list).
    let r = app.get_bearer("/api/assessments", &w.share).await.json();
    assert_eq!(r["total"], 0);
}

#[tokio::test]
async fn without_an_admin_token_configured_no_bearer_is_admin() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&small()).await;
    for token in [ADMIN_TOKEN, "", "null"] {
        let r = app
            .get_bearer(&format!("/api/assessments/{id}"), token)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{token:?}");
        let r = app.get_bearer("/api/assessments", token).await.json();
        assert_eq!(r["total"], 0);
    }
}

#[tokio::test]
async fn a_report_that_cannot_be_evaluated_answers_each_audience_in_its_form() {
    use connect_advisor::store::NewAssessment;
    use connect_advisor::web::security::hash_secret;
    let app = TestApp::new().await;
    // A stored revision that no longer validates (saved before a rule change, say).
    let mut scenario: connect_advisor::domain::Scenario = serde_json::from_str(&small()).unwrap();
    scenario.connectors[0].tasks = 0;
    const KEY: &str = "k000000000000000000000000000000000000000000";
    let created = app
        .store
        .create_assessment(NewAssessment {
            scenario: &scenario,
            edit_key_hash: &hash_secret(KEY),
            author: None,
            pricing_version: None,
            workspace: None,
        })
        .await
        .unwrap();
    let id = created.id;
    for uri in [
        format!("/api/assessments/{id}/report"),
        format!("/api/assessments/{id}/report.csv"),
        format!("/api/compare?a={id}&b={id}"),
    ] {
        let r = app.get_bearer(&uri, KEY).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(r.json()["error"], "bad_request", "{uri}");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap()
                .contains("no longer passes validation"),
            "{uri}: {}",
            r.body
        );
    }
    for uri in [
        format!("/assessments/{id}/report"),
        format!("/compare?a={id}&b={id}"),
    ] {
        let r = app.get_bearer(&uri, KEY).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.body.contains("no longer passes validation"), "{uri}");
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
    }
}
