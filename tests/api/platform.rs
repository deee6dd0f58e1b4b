//! Health, security headers, limits.

use axum::http::StatusCode;

use crate::helpers::{TestApp, small};

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    let r = app.owner_get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "ok");
    let r = app.owner_get("/readyz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["database"], "sqlite");
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let app = TestApp::new().await;
    for uri in [
        "/",
        "/healthz",
        "/assessments/new",
        "/nope",
        "/api/assessments",
        "/static/app.css",
    ] {
        let r = app.owner_get(uri).await;
        let csp = r
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{uri}: no CSP"));
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{uri}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{uri}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{uri}");
    }
}

#[tokio::test]
async fn unknown_pages_get_a_friendly_404() {
    let app = TestApp::new().await;
    let r = app.owner_get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Not found"));
    let r = app.owner_get("/assessments/not-a-uuid").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .owner_get("/assessments/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = TestApp::new().await;
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(300 * 1024));
    let r = app.post_json("/api/assessments", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // The limit does not get in the way of real scenarios.
    let r = app.post_json("/api/assessments", &small()).await;
    assert_eq!(r.status, StatusCode::CREATED);
}

#[tokio::test]
async fn static_assets_are_served_with_types() {
    let app = TestApp::new().await;
    let r = app.owner_get("/static/app.css").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/css"));
    let r = app.owner_get("/static/app.js").await;
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
}

#[tokio::test]
async fn proxy_identity_is_the_author_only_when_trusted() {
    use axum::body::Body;
    use axum::http::Request;
    use connect_advisor::config::Settings;

    async fn create_as(app: &TestApp, header: &str, user: &str) -> String {
        let r = app
            .request(
                Request::post("/api/assessments")
                    .header("content-type", "application/json")
                    .header(header, user)
                    .body(Body::from(small()))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
        let id = r.json()["id"].as_str().unwrap().to_owned();
        let key = r.json()["edit_key"].as_str().unwrap().to_owned();
        let revs = app
            .get_bearer(&format!("/api/assessments/{id}/revisions"), &key)
            .await
            .json();
        revs["revisions"][0]["author"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    let untrusting = TestApp::new().await;
    assert_eq!(
        create_as(
            &untrusting,
            "x-ms-client-principal-name",
            "mallory@example.com"
        )
        .await,
        ""
    );

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let settings = Settings {
        trust_identity_headers: true,
        ..Settings::default()
    };
    let trusting = TestApp::with_settings(&url, dir, settings).await;
    assert_eq!(
        create_as(&trusting, "x-ms-client-principal-name", "alice@contoso.com").await,
        "alice@contoso.com"
    );
    assert_eq!(create_as(&trusting, "x-forwarded-user", "bob").await, "bob");
    // An implausible name (over 200 characters) is refused rather than stored.
    assert_eq!(
        create_as(&trusting, "x-forwarded-user", &"e".repeat(201)).await,
        ""
    );
}
