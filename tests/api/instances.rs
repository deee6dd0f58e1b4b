//! Deployment shapes: several app instances on one PostgreSQL database, and a database
//! that goes away and comes back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use connect_advisor::config::Settings;
use connect_advisor::store::Store;
use sqlx::postgres::PgPoolOptions;

use crate::helpers::{TestApp, small};
use crate::support::PgDatabase;

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_POSTGRES_URL=… cargo test -- --include-ignored"]
async fn two_servers_on_one_postgres_database_share_assessments_and_conflicts() {
    let db = PgDatabase::create().await;
    let a = Arc::new(TestApp::with_url(&db.url, tempfile::tempdir().unwrap()).await);
    let b = Arc::new(TestApp::with_url(&db.url, tempfile::tempdir().unwrap()).await);
    let (a2, b2) = (a.clone(), b.clone());
    let outcome = async move {
        let (a, b) = (a2, b2);
        let (id, key) = a.create(&small()).await;
        // Created on A, read and listed on B by the browser holding its key.
        let owner = [crate::helpers::key_cookie(&id, &key)];
        let r = b
            .get_with_cookies(&format!("/api/assessments/{id}"), &owner)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            b.get_with_cookies("/api/assessments", &owner).await.json()["total"],
            1
        );
        assert_eq!(
            b.get_with_cookies(&format!("/assessments/{id}/report"), &owner)
                .await
                .status,
            StatusCode::OK
        );
        // Two saves from revision 1, one through each server: exactly one wins.
        let uri = format!("/api/assessments/{id}");
        let (one, two) = (
            small().replacen("Retail", "Via A", 1),
            small().replacen("Retail", "Via B", 1),
        );
        let (ra, rb) = tokio::join!(
            a.put_json(&uri, &one, Some(&key), Some("1")),
            b.put_json(&uri, &two, Some(&key), Some("1")),
        );
        let mut statuses = [ra.status, rb.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
        let loser = if ra.status == StatusCode::CONFLICT {
            &ra
        } else {
            &rb
        };
        assert_eq!(loser.json()["current_revision"], 2);
        // Both servers see the same latest revision.
        assert_eq!(a.get_bearer(&uri, &key).await.json()["revision"], 2);
        assert_eq!(b.get_bearer(&uri, &key).await.json()["revision"], 2);
    };
    let result = tokio::spawn(outcome).await;
    a.store.close().await;
    b.store.close().await;
    db.drop_now().await;
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// A TCP forwarder to `target` that can be switched off: connections made while it is off
/// are closed at once, as a database that is down would refuse them.
async fn switchable_forwarder(target: String) -> (u16, Arc<AtomicBool>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let up = Arc::new(AtomicBool::new(false));
    let flag = up.clone();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            if !flag.load(Ordering::SeqCst) {
                drop(inbound);
                continue;
            }
            let target = target.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (port, up)
}

/// An app on `store` whose admin token `get` sends: the admin's lists read the database.
fn app_on(store: Store) -> axum::Router {
    let prices = connect_advisor::pricing::PriceBook::embedded().unwrap();
    let settings = Settings {
        admin_token_hash: Some(connect_advisor::web::security::hash_secret(
            crate::helpers::ADMIN_TOKEN,
        )),
        ..Settings::default()
    };
    connect_advisor::web::router(connect_advisor::web::AppState::new(store, settings, prices))
}

async fn get(router: &axum::Router, uri: &str) -> (StatusCode, String, Option<String>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let resp = router
        .clone()
        .oneshot(
            axum::http::Request::get(uri)
                .header(
                    "authorization",
                    format!("Bearer {}", crate::helpers::ADMIN_TOKEN),
                )
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    let retry = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), retry)
}

#[tokio::test]
async fn an_unreachable_database_answers_503_and_liveness_stays_up() {
    // Nothing listens on the forwarder's target while it is off.
    let (port, _up) = switchable_forwarder("127.0.0.1:9".into()).await;
    let pool = PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(2))
        .connect_lazy(&format!("postgres://x:y@127.0.0.1:{port}/db"))
        .unwrap();
    let router = app_on(Store::Postgres(pool));
    let (status, body, retry) = get(&router, "/").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        body.contains("Temporarily unavailable") && body.contains("Nothing you saved is lost"),
        "{body}"
    );
    assert_eq!(retry.as_deref(), Some("5"));
    let (status, body, _) = get(&router, "/api/assessments").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("\"unavailable\""), "{body}");
    assert_eq!(
        get(&router, "/readyz").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(get(&router, "/healthz").await.0, StatusCode::OK);
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_POSTGRES_URL=… cargo test -- --include-ignored"]
async fn the_app_recovers_by_itself_when_the_database_comes_back() {
    let db = PgDatabase::create().await;
    // Migrate through a direct connection, then serve through a forwarder we can switch off.
    Store::connect(&db.url)
        .await
        .expect("migrate")
        .close()
        .await;
    let authority = {
        let start = db
            .url
            .find('@')
            .map_or(db.url.find("://").unwrap() + 3, |i| i + 1);
        let rest = &db.url[start..];
        rest[..rest.find('/').unwrap()].to_owned()
    };
    let target = if authority.contains(':') {
        authority.clone()
    } else {
        format!("{authority}:5432")
    };
    let (port, up) = switchable_forwarder(target).await;
    let proxied = db.url.replacen(&authority, &format!("127.0.0.1:{port}"), 1);
    let pool = PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(2))
        .connect_lazy(&proxied)
        .unwrap();
    let router = app_on(Store::Postgres(pool.clone()));

    assert_eq!(
        get(&router, "/api/assessments").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    up.store(true, Ordering::SeqCst);
    let mut recovered = false;
    for _ in 0..20 {
        if get(&router, "/api/assessments").await.0 == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    pool.close().await;
    db.drop_now().await;
    assert!(
        recovered,
        "no recovery within 5 s of the database coming back"
    );
}
