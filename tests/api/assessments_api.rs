//! The JSON API: create, read, update with edit key and If-Match, list, revisions.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, example, small};

fn renamed(scenario: &str, name: &str) -> String {
    let mut v: Value = serde_json::from_str(scenario).unwrap();
    v["name"] = json!(name);
    v.to_string()
}

#[tokio::test]
async fn create_returns_id_key_and_revision_and_read_returns_the_scenario() {
    let app = TestApp::new().await;
    let r = app.post_json("/api/assessments", &small()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let id = v["id"].as_str().unwrap();
    assert_eq!(v["revision"], 1);
    assert_eq!(v["edit_key"].as_str().unwrap().len(), 43);
    assert_eq!(
        r.header("location").unwrap(),
        format!("/api/assessments/{id}")
    );

    let r = app.owner_get(&format!("/api/assessments/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("etag"), Some("\"1\""));
    let got = r.json();
    assert_eq!(got["revision"], 1);
    let sent: Value = serde_json::from_str(&small()).unwrap();
    assert_eq!(
        got["scenario"]["workload"]["write_mb_per_s"].as_f64(),
        sent["workload"]["write_mb_per_s"].as_f64()
    );
    assert_eq!(got["scenario"]["connectors"].as_array().unwrap().len(), 3);
    // The key is never echoed back by reads.
    assert!(!r.body.contains(v["edit_key"].as_str().unwrap()));
}

#[tokio::test]
async fn invalid_scenarios_get_422_with_field_paths() {
    let app = TestApp::new().await;
    let mut v: Value = serde_json::from_str(&example("debezium-sqlserver-cdc")).unwrap();
    v["connectors"][2]["tasks"] = json!(0);
    v["workload"]["partitions"] = json!(5);
    let r = app.post_json("/api/assessments", &v.to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"connectors[2].tasks"), "{fields:?}");
    assert!(fields.contains(&"workload.partitions"), "{fields:?}");
    for e in body["errors"].as_array().unwrap() {
        assert!(!e["message"].as_str().unwrap().is_empty());
    }

    let r = app
        .post_json("/api/assessments", "{\"schema_version\": 1, \"name\": ")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post_json("/api/assessments", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post_json("/api/assessments", "[1,2,3]").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing was stored by the failures.
    assert_eq!(app.owner_get("/api/assessments").await.json()["total"], 0);
}

#[tokio::test]
async fn update_needs_the_edit_key_and_if_match() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let uri = format!("/api/assessments/{id}");
    let body = renamed(&small(), "Renamed");

    let r = app.put_json(&uri, &body, None, Some("1")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.header("www-authenticate").is_some());
    // A wrong key answers like an unknown assessment.
    let wrong = "A".repeat(43);
    let r = app.put_json(&uri, &body, Some(&wrong), Some("1")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.put_json(&uri, &body, Some("garbage"), Some("1")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.put_json(&uri, &body, Some(&key), None).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    let r = app.put_json(&uri, &body, Some(&key), Some("one")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .put_json(&uri, "{\"schema_version\":1}", Some(&key), Some("1"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = app.put_json(&uri, &body, Some(&key), Some("\"1\"")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["revision"], 2);
    assert_eq!(r.header("etag"), Some("\"2\""));
    assert_eq!(
        app.owner_get(&uri).await.json()["scenario"]["name"],
        "Renamed"
    );
    // Revision 1 is still there, unchanged.
    let r1 = app.owner_get(&format!("{uri}?revision=1")).await.json();
    assert_eq!(
        r1["scenario"]["name"],
        "Retail telemetry ingestion (small, Azure-native)"
    );

    // A key of another assessment does not open this one.
    let (_, other_key) = app.create(&small()).await;
    let r = app.put_json(&uri, &body, Some(&other_key), Some("2")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stale_revision_gets_409_with_the_current_one() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let uri = format!("/api/assessments/{id}");
    let r = app
        .put_json(&uri, &renamed(&small(), "First"), Some(&key), Some("1"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .put_json(&uri, &renamed(&small(), "Second"), Some(&key), Some("1"))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["current_revision"], 2);
    assert_eq!(
        app.owner_get(&uri).await.json()["scenario"]["name"],
        "First"
    );
}

#[tokio::test]
async fn concurrent_updates_from_one_revision_one_wins_one_conflicts() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let uri = format!("/api/assessments/{id}");
    let (alice, bob) = (renamed(&small(), "Alice"), renamed(&small(), "Bob"));
    let (a, b) = tokio::join!(
        app.put_json(&uri, &alice, Some(&key), Some("1")),
        app.put_json(&uri, &bob, Some(&key), Some("1")),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        a.body,
        b.body
    );
    let winner = if a.status == StatusCode::OK {
        "Alice"
    } else {
        "Bob"
    };
    assert_eq!(
        app.owner_get(&format!("{uri}?revision=2")).await.json()["scenario"]["name"],
        winner
    );
    assert_eq!(
        app.owner_get(&format!("{uri}?revision=1")).await.json()["scenario"]["name"],
        "Retail telemetry ingestion (small, Azure-native)"
    );
    let revs = app.owner_get(&format!("{uri}/revisions")).await.json();
    assert_eq!(revs["revisions"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_404() {
    let app = TestApp::new().await;
    assert_eq!(
        app.owner_get("/api/assessments/nope").await.status,
        StatusCode::NOT_FOUND
    );
    let missing = "/api/assessments/00000000-0000-4000-8000-000000000000";
    assert_eq!(app.owner_get(missing).await.status, StatusCode::NOT_FOUND);
    let r = app
        .put_json(missing, &small(), Some(&"A".repeat(43)), Some("1"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let (id, _) = app.create(&small()).await;
    assert_eq!(
        app.owner_get(&format!("/api/assessments/{id}?revision=9"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn list_shows_name_region_revision_newest_first() {
    let app = TestApp::new().await;
    app.create(&small()).await;
    app.create(&example("debezium-sqlserver-cdc")).await;
    let r = app.owner_get("/api/assessments").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["total"], 2);
    let items = v["items"].as_array().unwrap();
    assert_eq!(
        items[0]["name"],
        "Core banking CDC from on-premises SQL Server"
    );
    assert_eq!(items[0]["region"], "westeurope");
    assert_eq!(items[0]["revision"], 1);
    let r = app
        .owner_get("/api/assessments?limit=1&offset=1")
        .await
        .json();
    assert_eq!(r["items"].as_array().unwrap().len(), 1);
    assert_eq!(r["items"][0]["region"], "eastus");
}

#[tokio::test]
async fn data_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("restart.db").display());
    let keep = tempfile::tempdir().unwrap();
    let id = {
        let app = TestApp::with_url(&url, tempfile::tempdir().unwrap()).await;
        app.create(&small()).await
    };
    let (id, key) = id;
    let app = TestApp::with_url(&url, keep).await;
    let r = app
        .get_bearer(&format!("/api/assessments/{id}"), &key)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["revision"], 1);
}

#[tokio::test]
async fn schema_version_other_than_1_is_rejected() {
    let app = TestApp::new().await;
    let r = app
        .post_json(
            "/api/assessments",
            &small().replacen("\"schema_version\": 1", "\"schema_version\": 2", 1),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "schema_version");
}
