//! Health, security headers, limits.

use axum::http::StatusCode;

use crate::helpers::{TestApp, small};

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "ok");
    let r = app.get("/readyz").await;
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
        let r = app.get(uri).await;
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
    let r = app.get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Not found"));
    let r = app.get("/assessments/not-a-uuid").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .get("/assessments/00000000-0000-4000-8000-000000000000")
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
    let r = app.get("/static/app.css").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/css"));
    let r = app.get("/static/app.js").await;
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
}
