//! The decision report through HTTP: page, JSON, CSV, share links, catalog changes.

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, example, small};

#[tokio::test]
async fn the_report_page_shows_the_recommendation_every_option_and_the_path() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&small()).await;
    let r = app.owner_get(&format!("/assessments/{id}/report")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.text_of("#rec-title").unwrap().trim(),
        "Event Hubs Standard"
    );
    for label in [
        "Event Hubs Standard",
        "Event Hubs Premium",
        "Event Hubs Dedicated",
        "Self-managed Kafka on AKS",
        "Self-managed Kafka on AKS, tiered",
        "WarpStream BYOC on Blob",
        "AutoMQ BYOC on Blob",
        "AutoMQ open source on Blob",
        "Redpanda BYOC, tiered to Blob",
    ] {
        assert!(r.body.contains(label), "{label}");
    }
    assert_eq!(r.count("table.verdicts tbody tr"), 9);
    assert!(r.count("ol.path li.step") >= 3);
    // Every cost line shows its formula and price row.
    assert!(r.count("p.formula") > 20);
    assert!(r.body.contains("12 TU × 730 h × $0.03/TU-h = $262.80"));
    assert!(
        r.body
            .contains("Standard Throughput Unit · eastus · consumption · from 2024-07-01")
    );
    assert!(r.count("ol.checklist li") >= 5);
    assert!(r.body.contains("mb_per_s_per_task"));
    assert!(r.text_of("#pricing").unwrap().contains("eastus.csv"));
}

#[tokio::test]
async fn report_json_has_the_documented_shape() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&example("debezium-sqlserver-cdc")).await;
    let r = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let v: Value = r.json();
    assert!(v["recommendation"]["platform"].is_string());
    assert!(v["recommendation"]["headline"].as_str().unwrap().len() > 20);
    let options = v["options"].as_array().unwrap();
    assert_eq!(options.len(), 9);
    // The object-storage options carry their vendor profile; no other option has the key.
    let profiles: Vec<&str> = options
        .iter()
        .filter_map(|o| o["profile"].as_str())
        .collect();
    assert_eq!(
        profiles,
        ["warpstream", "automq", "automq_open_source", "redpanda"]
    );
    assert!(
        options
            .iter()
            .all(|o| o["platform"] == "kafka_compatible" || o.get("profile").is_none())
    );
    for o in options {
        for key in ["platform", "variant", "verdict", "reasons", "monthly_cost"] {
            assert!(!o[key].is_null(), "option lacks {key}: {o}");
        }
        let mc = &o["monthly_cost"];
        assert_eq!(mc["currency"], "USD");
        let sum: f64 = mc["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["monthly_cost"].as_f64().unwrap())
            .sum();
        assert!(
            (sum - mc["total"].as_f64().unwrap()).abs() < 0.011,
            "lines {sum} vs total {}",
            mc["total"]
        );
        for l in mc["lines"].as_array().unwrap() {
            for key in [
                "component",
                "category",
                "quantity",
                "unit",
                "unit_price",
                "monthly_cost",
                "formula",
                "price_ref",
            ] {
                assert!(l.get(key).is_some(), "line lacks {key}: {l}");
            }
        }
        if o["verdict"] == "disqualified" {
            assert!(
                o["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["effect"] == "disqualify"
                        && r["source"].as_str().unwrap().starts_with("http"))
            );
        }
    }
    assert!(v["checklist"].as_array().unwrap().len() >= 5);
    assert!(v["pricing"]["version"].as_str().unwrap().len() >= 8);
    assert!(v["pricing"]["effective_date"].is_string());
    assert_eq!(v["pricing"]["changed_since_save"], false);
    assert_eq!(v["provenance"]["revision"], 1);
}

#[tokio::test]
async fn line_item_csv_reconciles_with_the_report() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&small()).await;
    let r = app
        .owner_get(&format!("/api/assessments/{id}/report.csv"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    let mut rdr = csv::Reader::from_reader(r.body.as_bytes());
    let header = rdr.headers().unwrap().clone();
    assert_eq!(&header[0], "scenario");
    let cost_col = header.iter().position(|h| h == "monthly_cost").unwrap();
    let option_col = header.iter().position(|h| h == "option_id").unwrap();
    let section_col = header.iter().position(|h| h == "section").unwrap();
    let mut std_total = 0.0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        assert_eq!(rec.len(), header.len());
        if &rec[option_col] == "event_hubs.standard" && &rec[section_col] == "infrastructure" {
            std_total += rec[cost_col].parse::<f64>().unwrap();
        }
    }
    let json = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await
        .json();
    let total = json["options"][0]["monthly_cost"]["total"]
        .as_f64()
        .unwrap();
    assert!((std_total - total).abs() < 0.011, "{std_total} vs {total}");
}

#[tokio::test]
async fn reports_of_older_revisions_and_unknown_ids() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let bigger = small().replacen("\"write_mb_per_s\": 4", "\"write_mb_per_s\": 30", 1);
    assert_eq!(
        app.put_json(
            &format!("/api/assessments/{id}"),
            &bigger,
            Some(&key),
            Some("1")
        )
        .await
        .status,
        StatusCode::OK
    );
    let r1 = app
        .owner_get(&format!("/api/assessments/{id}/report?revision=1"))
        .await
        .json();
    let r2 = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await
        .json();
    assert_eq!(r1["provenance"]["revision"], 1);
    assert_eq!(r2["provenance"]["revision"], 2);
    assert!(
        r2["options"][1]["monthly_cost"]["total"].as_f64()
            > r1["options"][1]["monthly_cost"]["total"].as_f64()
    );
    let page = app
        .owner_get(&format!("/assessments/{id}/report?revision=1"))
        .await;
    assert!(page.body.contains("the latest is 2"));
    assert_eq!(
        app.owner_get("/api/assessments/nope/report").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.owner_get(&format!("/api/assessments/{id}/report?revision=7"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.owner_get(&format!("/assessments/{id}/report?revision=7"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_changed_catalog_since_the_revision_is_announced() {
    use connect_advisor::store::NewAssessment;
    let app = TestApp::new().await;
    let scenario: connect_advisor::domain::Scenario = serde_json::from_str(&small()).unwrap();
    let created = app
        .store
        .create_assessment(NewAssessment {
            scenario: &scenario,
            edit_key_hash: &connect_advisor::web::security::hash_secret(KEY),
            author: None,
            pricing_version: Some("0123456789abcdef"),
            workspace: None,
        })
        .await
        .unwrap();
    const KEY: &str = "k000000000000000000000000000000000000000000";
    let page = app
        .get_bearer(&format!("/assessments/{}/report", created.id), KEY)
        .await;
    assert!(
        page.body
            .contains("Prices changed since this revision was saved"),
        "{}",
        page.body
    );
    assert!(page.body.contains("0123456789abcdef"));
    let json = app
        .get_bearer(&format!("/api/assessments/{}/report", created.id), KEY)
        .await
        .json();
    assert_eq!(json["pricing"]["changed_since_save"], true);
    // A revision saved through the app records today's catalog: no notice.
    let (id, _) = app.create(&small()).await;
    assert!(
        !app.owner_get(&format!("/assessments/{id}/report"))
            .await
            .body
            .contains("Prices changed since")
    );
}

#[tokio::test]
async fn a_share_link_opens_the_report_and_nothing_else() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let r = app
        .request(
            axum::http::Request::post(format!("/api/assessments/{id}/shares"))
                .header("authorization", format!("Bearer {key}"))
                .body(axum::body::Body::from("{}"))
                .unwrap(),
        )
        .await;
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let page = app.owner_get(&format!("/r/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.text_of("#rec-title").unwrap().trim(),
        "Event Hubs Standard"
    );
    assert_eq!(
        page.count("header.site nav"),
        0,
        "no app navigation on a shared report"
    );
    assert_eq!(page.count("#downloads"), 0);
    assert!(!page.body.contains("/edit"));
    assert!(!page.body.contains(&format!("href=\"/assessments/{id}")));
}

#[tokio::test]
async fn comparing_two_revisions_shows_inputs_verdicts_and_cost_deltas() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let longer = small().replacen("\"retention_hours\": 72", "\"retention_hours\": 720", 1);
    assert_eq!(
        app.put_json(
            &format!("/api/assessments/{id}"),
            &longer,
            Some(&key),
            Some("1")
        )
        .await
        .status,
        StatusCode::OK
    );
    let uri = format!("/compare?a={id}&ra=1&b={id}&rb=2");
    let page = app.owner_get(&uri).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("workload.retention_hours"));
    assert!(
        page.text_of("section.recommendation h2")
            .unwrap()
            .starts_with("Changed:")
    );
    assert!(page.count("table.compare tr.changed") >= 1);
    let api = app
        .owner_get(&format!("/api/compare?a={id}&ra=1&b={id}&rb=2"))
        .await
        .json();
    assert_eq!(api["inputs"][0]["field"], "workload.retention_hours");
    assert_eq!(api["recommendation_changed"], true);
    let std = &api["options"][0];
    assert_eq!(std["right_verdict"], "disqualified");
    let delta = std["delta"].as_f64().unwrap();
    let expected = std["right_total"].as_f64().unwrap() - std["left_total"].as_f64().unwrap();
    assert!((delta - expected).abs() < 0.001);
    // The assessment page links to the comparison.
    let show = app.owner_get(&format!("/assessments/{id}")).await;
    assert!(
        show.body
            .contains(&format!("/compare?a={id}&amp;ra=1&amp;b={id}&amp;rb=2"))
    );
    assert_eq!(
        app.owner_get(&format!("/compare?a={id}&b=nope"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.owner_get(&format!("/compare?a={id}")).await.status,
        StatusCode::BAD_REQUEST
    );
}

/// The body parses as XML (with an XML parser) and its root element is `<svg>`.
fn well_formed_svg(svg: &str) -> bool {
    roxmltree::Document::parse(svg).is_ok_and(|d| d.root_element().tag_name().name() == "svg")
}

#[tokio::test]
async fn the_report_page_embeds_four_charts_and_the_scenario_analysis() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&example("debezium-sqlserver-cdc")).await;
    let page = app.owner_get(&format!("/assessments/{id}/report")).await;
    assert_eq!(page.count("figure.chart svg"), 4, "four inline charts");
    for slug in [
        "cost-by-category",
        "projection",
        "cost-vs-throughput",
        "cost-ranges",
    ] {
        assert_eq!(page.count(&format!("#chart-{slug} svg")), 1, "{slug}");
        let r = app
            .owner_get(&format!("/api/assessments/{id}/report/charts/{slug}.svg"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{slug}");
        assert_eq!(r.header("content-type"), Some("image/svg+xml"));
        assert!(well_formed_svg(&r.body), "{slug} is not well-formed");
        assert!(
            r.body.contains("USD"),
            "{slug} has no currency unit on an axis"
        );
    }
    assert_eq!(
        app.owner_get(&format!("/api/assessments/{id}/report/charts/nope.svg"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(page.text_of("#analysis").unwrap().contains("P10"));
    assert!(page.count("#analysis table") >= 3);
    let json = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await
        .json();
    let mc = &json["analysis"]["monte_carlo"];
    assert_eq!(mc["samples"], 10_000);
    for o in mc["options"].as_array().unwrap() {
        assert!(o["p10"].as_f64() <= o["p50"].as_f64() && o["p50"].as_f64() <= o["p90"].as_f64());
    }
}

#[tokio::test]
async fn focus_and_decision_record_exports_download() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&small()).await;
    let focus = app
        .owner_get(&format!("/api/assessments/{id}/report.focus.csv"))
        .await;
    assert_eq!(focus.status, StatusCode::OK);
    assert!(
        focus
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    let mut rdr = csv::Reader::from_reader(focus.body.as_bytes());
    let header = rdr.headers().unwrap().clone();
    assert_eq!(&header[0], "BilledCost");
    let low = header.iter().position(|h| h == "x_CostLow").unwrap();
    let first = rdr.records().next().unwrap().unwrap();
    assert!(!first[low].is_empty(), "P10 filled from the Monte Carlo");
    assert!(first.iter().any(|c| c == format!("estimate:{id}")));
    let adr = app
        .owner_get(&format!("/api/assessments/{id}/report.adr.md"))
        .await;
    assert_eq!(adr.status, StatusCode::OK);
    assert!(
        adr.header("content-type")
            .unwrap()
            .starts_with("text/markdown")
    );
    assert!(adr.body.starts_with("---\n"));
    assert!(adr.body.contains("## Decision Outcome"));
    assert!(adr.body.contains("Event Hubs Standard"));
    let page = app.owner_get(&format!("/assessments/{id}/report")).await;
    assert_eq!(
        page.count("#downloads a"),
        8,
        "json, csv, focus, adr and four charts"
    );
}

/// Decision engine v2: the verdict table gives each option's score and its limits and risks
/// by name. The CDC example now recommends WarpStream BYOC, the cheapest option that clears
/// every hard limit (its risks keep it within 2 points of self-managed Kafka), so there is no
/// "why not the cheapest" sentence; the open-source AutoMQ build is disqualified on Blob.
#[tokio::test]
async fn the_report_says_why_not_the_cheapest_and_names_risks_in_plain_words() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&example("debezium-sqlserver-cdc")).await;
    let v: Value = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await
        .json();
    assert_eq!(v["recommendation"]["platform"], "kafka_compatible");
    assert!(v["recommendation"]["why_not_cheapest"].is_null());
    let headline = v["recommendation"]["headline"].as_str().unwrap();
    assert!(
        headline.contains("Not ranked on cost until their vendor's charges are priced"),
        "{headline}"
    );

    let r = app.owner_get(&format!("/assessments/{id}/report")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.count("p.why-not-cheapest"), 0);
    let table = r.text_of("table.verdicts").expect("verdict table");
    for words in [
        "Compression: Event Hubs supports no lz4, snappy or zstd",
        "AutoMQ open source cannot store data in Azure Blob",
        "OS-BLOB",
        "OBJ-WS-TXN",
    ] {
        assert!(table.contains(words), "{words} missing from {table}");
    }
    assert!(r.count("ul.named-reasons li") >= 5);

    // The small example recommends the cheapest option: no sentence, no paragraph.
    let (small_id, _) = app.create(&small()).await;
    let v: Value = app
        .owner_get(&format!("/api/assessments/{small_id}/report"))
        .await
        .json();
    assert!(v["recommendation"]["why_not_cheapest"].is_null());
    let r = app
        .owner_get(&format!("/assessments/{small_id}/report"))
        .await;
    assert_eq!(r.count("p.why-not-cheapest"), 0);
}

#[tokio::test]
async fn the_report_shows_the_connect_runtime_of_every_option_and_the_runtime_table() {
    let app = TestApp::new().await;
    let (id, _key) = app.create(&small()).await;
    let r = app
        .owner_get(&format!("/api/assessments/{id}/report"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    // The small example lets the advisor choose: Event Hubs' workers on a VM scale set.
    let eh = &v["options"][0];
    assert_eq!(eh["platform"], "event_hubs");
    assert_eq!(eh["connect_runtime"]["runtime"], "vm");
    assert_eq!(eh["connect_runtime"]["verdict"], "recommended");
    assert!(eh["connect_runtime"]["monthly_cost"].as_f64().unwrap() > 0.0);
    let table = v["connect_runtimes"].as_array().unwrap();
    assert_eq!(table.len(), 9);
    assert!(
        table
            .iter()
            .all(|o| o["runtimes"].as_array().unwrap().len() == 6)
    );
    let vendor = &table[0]["runtimes"][5];
    assert_eq!(vendor["runtime"], "vendor_managed");
    assert_eq!(vendor["verdict"], "disqualified");
    assert_eq!(vendor["reasons"][0]["rule"], "RT-VENDOR");
    assert!(
        vendor["reasons"][0]["source"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    let page = app.owner_get(&format!("/assessments/{id}/report")).await;
    assert_eq!(page.status, StatusCode::OK);
    // 9 options × 6 runtimes.
    assert_eq!(page.count("#connect-runtimes table.runtimes tbody tr"), 54);
    let section = page.text_of("#connect-runtimes").unwrap();
    assert!(
        section.contains("VM scale set") && section.contains("RT-REST"),
        "{section}"
    );
}
