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
            for cell in rec.unwrap().iter() {
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
