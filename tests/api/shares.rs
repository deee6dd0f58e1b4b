//! Share links: edit key to create/list/revoke, read-only access, revocation, expiry, guessing.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::helpers::{TestApp, small};

async fn share(
    app: &TestApp,
    id: &str,
    key: &str,
    body: serde_json::Value,
) -> crate::helpers::TestResponse {
    app.request(
        Request::post(format!("/api/assessments/{id}/shares"))
            .header(header::AUTHORIZATION, format!("Bearer {key}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

async fn delete(app: &TestApp, uri: &str, key: Option<&str>) -> crate::helpers::TestResponse {
    let mut req = Request::builder().method(Method::DELETE).uri(uri);
    if let Some(k) = key {
        req = req.header(header::AUTHORIZATION, format!("Bearer {k}"));
    }
    app.request(req.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn creating_a_share_needs_the_edit_key() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let r = app
        .post_json(&format!("/api/assessments/{id}/shares"), "{}")
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // A wrong key answers like an unknown assessment.
    let r = share(&app, &id, &"Z".repeat(43), json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = share(
        &app,
        &id,
        &key,
        json!({ "label": "board", "expires_in_days": 30 }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let token = v["token"].as_str().unwrap();
    assert_eq!(token.len(), 43);
    assert_eq!(v["url"], format!("/r/{token}"));
    assert!(v["expires_at"].is_string());
    // The token is stored only as a hash: listing never returns it.
    let r = app
        .request(
            Request::get(format!("/api/assessments/{id}/shares"))
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains(token));
    assert_eq!(r.json()["shares"][0]["label"], "board");
    assert_eq!(r.json()["shares"][0]["active"], true);
    // The API edits only with a Bearer key: the browser's key cookie does not count there.
    let r = app
        .owner_get(&format!("/api/assessments/{id}/shares"))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_share_requests_get_422() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    for body in [
        json!({ "revision": 5 }),
        json!({ "expires_in_days": 0 }),
        json!({ "revision": "soon" }),
        json!({ "nope": 1 }),
    ] {
        let r = share(&app, &id, &key, body.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn a_share_link_shows_the_report_read_only_and_never_edits() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let token = share(&app, &id, &key, json!({})).await.json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app.get(&format!("/r/{token}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Retail telemetry ingestion"));
    assert!(!r.body.contains("/edit"), "no edit links on a shared view");
    assert!(!r.body.contains("Create share link"));
    assert_eq!(r.header("cache-control"), Some("private, no-cache"));

    // The token is not an edit key.
    let r = app
        .put_json(
            &format!("/api/assessments/{id}"),
            &small(),
            Some(&token),
            Some("1"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .get(&format!("/assessments/{id}/edit?key={token}"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = share(&app, &id, &token, json!({})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pinned_links_stay_on_their_revision_and_latest_links_follow() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let pinned = share(&app, &id, &key, json!({ "revision": 1 }))
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let latest = share(&app, &id, &key, json!({ "revision": "latest" }))
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let renamed = small().replacen(
        "Retail telemetry ingestion (small, Azure-native)",
        "Renamed estate",
        1,
    );
    let r = app
        .put_json(
            &format!("/api/assessments/{id}"),
            &renamed,
            Some(&key),
            Some("1"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        app.get(&format!("/r/{pinned}"))
            .await
            .body
            .contains("Retail telemetry ingestion")
    );
    assert!(
        app.get(&format!("/r/{latest}"))
            .await
            .body
            .contains("Renamed estate")
    );
}

#[tokio::test]
async fn revoked_expired_and_guessed_links_do_not_open() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let token = share(&app, &id, &key, json!({})).await.json()["token"]
        .as_str()
        .unwrap()
        .to_owned();

    // Guesses: malformed, well-formed but unknown.
    assert_eq!(app.get("/r/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/r/{}", "A".repeat(43))).await.status,
        StatusCode::NOT_FOUND
    );

    // Revoking needs the edit key; then the link answers 410 with a friendly page.
    assert_eq!(
        delete(&app, &format!("/api/shares/{token}"), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        delete(&app, &format!("/api/shares/{token}"), Some(&token))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        delete(&app, &format!("/api/shares/{token}"), Some(&key))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let r = app.get(&format!("/r/{token}")).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body.contains("revoked"));

    // Revoke by id from the owner's list.
    let v = share(&app, &id, &key, json!({})).await.json();
    let (token2, share_id) = (
        v["token"].as_str().unwrap().to_owned(),
        v["id"].as_str().unwrap().to_owned(),
    );
    let uri = format!("/api/assessments/{id}/shares/{share_id}");
    assert_eq!(
        delete(&app, &uri, Some(&key)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&format!("/r/{token2}")).await.status,
        StatusCode::GONE
    );
    let unknown = format!("/api/assessments/{id}/shares/00000000-0000-4000-8000-000000000000");
    assert_eq!(
        delete(&app, &unknown, Some(&key)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_owner_creates_and_revokes_links_from_the_page() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    // Open the edit link in a browser: it gets the edit cookie.
    let r = app.get(&format!("/assessments/{id}/edit?key={key}")).await;
    let mut cookies = r.cookies();
    let page = app
        .get_with_cookies(&format!("/assessments/{id}"), &cookies)
        .await;
    cookies.extend(page.cookies());
    let csrf = page
        .attr("#shares input[name=_csrf]", "value")
        .expect("share form for the owner");
    let form = vec![
        ("_csrf".to_owned(), csrf.clone()),
        ("revision".to_owned(), "latest".to_owned()),
        ("expires_in_days".to_owned(), "7".to_owned()),
        ("label".to_owned(), "for <b>review</b>".to_owned()),
    ];
    let r = app
        .post_form(&format!("/assessments/{id}/shares"), &form, &cookies)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let url = r.attr("#share-link", "value").unwrap();
    assert!(url.starts_with("/r/"));
    assert_eq!(app.get(&url).await.status, StatusCode::OK);

    let page = app
        .get_with_cookies(&format!("/assessments/{id}"), &cookies)
        .await;
    assert!(
        page.body.contains("for &lt;b&gt;review&lt;/b&gt;")
            || page.body.contains("for &#60;b&#62;review")
    );
    let action = page.attr("#shares form.inline", "action").unwrap();
    let r = app
        .post_form(&action, &[("_csrf".to_owned(), csrf.clone())], &cookies)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&url).await.status, StatusCode::GONE);

    // Without the CSRF token, or without the edit cookie, nothing happens.
    let r = app
        .post_form(&format!("/assessments/{id}/shares"), &form[1..], &cookies)
        .await;
    assert!(
        r.status == StatusCode::FORBIDDEN || r.status == StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.status
    );
    let csrf_only: Vec<String> = cookies
        .iter()
        .filter(|c| c.starts_with("ca_csrf="))
        .cloned()
        .collect();
    let r = app
        .post_form(&format!("/assessments/{id}/shares"), &form, &csrf_only)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Visitors without the key do not see the assessment at all.
    let visitor = app.get(&format!("/assessments/{id}")).await;
    assert_eq!(visitor.status, StatusCode::NOT_FOUND);
    assert_eq!(visitor.count("#shares"), 0);
}

#[tokio::test]
async fn expired_links_answer_410() {
    use connect_advisor::store::NewShare;
    use connect_advisor::web::security::{hash_secret, random_token};
    let app = TestApp::new().await;
    let (id, _) = app.create(&small()).await;
    let token = random_token();
    app.store
        .create_share(NewShare {
            assessment_id: uuid::Uuid::parse_str(&id).unwrap(),
            token_hash: &hash_secret(&token),
            pinned_revision: None,
            expires_at: Some(time::OffsetDateTime::now_utc() - time::Duration::minutes(1)),
            label: None,
        })
        .await
        .unwrap();
    let r = app.get(&format!("/r/{token}")).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body.contains("expired"));
}
