//! Cost model tests: hand-worked goldens (on the fixture price book,
//! `tests/fixtures/price-book/`), flags, fast-path equality and properties.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::*;
use crate::domain::{Assessment, ObjectStorageProfile, PlatformOption};
use crate::estate::EstateFacts;
use crate::knowledge::ConnectorKb;
use crate::test_support::EXAMPLE_FILES as EXAMPLES;

fn example(name: &str) -> Assessment {
    crate::test_support::example_assessment(name)
}

fn facts(a: &Assessment) -> EstateFacts {
    EstateFacts::derive(a, ConnectorKb::embedded())
}

/// The fixture price book: hand-worked figures below quote its rows. (A copy, so call
/// sites keep their `&book()`.)
fn book() -> PriceBook {
    crate::test_support::price_book().clone()
}

fn money(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A small hand-worked scenario (eastus, pay-as-you-go, no discount, no private link,
/// no network volumes): 4 MB/s average, peak ×2, 1,200 B records, 2 consumer groups,
/// 72 h retention, 5 topics / 20 partitions, 3 zones, one sink connector (4 tasks, 3 MB/s).
fn hand_worked() -> Value {
    json!({
        "schema_version": 1, "name": "hand-worked", "region": "eastus",
        "workload": { "write_mb_per_s": 4, "peak_to_average": 2, "avg_record_bytes": 1200,
                      "max_record_bytes": 65536, "read_fanout": 2, "retention_hours": 72,
                      "topics": 5, "partitions": 20 },
        "connectors": [
            { "name": "sink", "class": "io.confluent.connect.jdbc.JdbcSinkConnector",
              "direction": "sink", "tasks": 4, "mb_per_s": 3 }
        ],
        "network": { "availability_zones": 3, "private_link": false }
    })
}

fn assess(v: Value) -> Assessment {
    Assessment::from_value(v).unwrap()
}

fn run(v: Value) -> Estimate {
    let a = assess(v);
    estimate(&a, &facts(&a), &book())
}

fn line<'a>(o: &'a OptionEstimate, starts: &str) -> &'a CostLine {
    o.lines
        .iter()
        .find(|l| l.component.starts_with(starts))
        .unwrap_or_else(|| panic!("no line {starts} in {}", o.option))
}

fn opt(e: &Estimate, o: PlatformOption) -> &OptionEstimate {
    e.option(o).unwrap()
}

fn with(mut v: Value, path: &[&str], new: Value) -> Value {
    let mut cur = &mut v;
    for p in &path[..path.len() - 1] {
        if cur.get(*p).is_none() {
            cur[*p] = json!({});
        }
        cur = &mut cur[*p];
    }
    cur[path[path.len() - 1]] = new;
    v
}

/// The infrastructure every option of the hand-worked scenario carries on AKS with 3 zones:
/// Connect 3 workers × 730 h × $0.192 = $420.48; AKS control plane 730 h × $0.10 = $73.00;
/// AKS system pool 3 nodes × 730 h × $0.192 = $420.48; Standard Load Balancer 730 h × $0.025
/// = $18.25; the container registry for the worker image (Connect on AKS needs one),
/// ACR Standard 730 h ÷ 24 = 30.416667 days × $0.6666 = $20.28.
fn assert_common_infra(o: &OptionEstimate) {
    assert_eq!(
        line(o, "Azure Container Registry").monthly_cost,
        money("20.28")
    );
    assert_eq!(line(o, "Connect workers").monthly_cost, money("420.48"));
    assert_eq!(line(o, "AKS Standard-tier").monthly_cost, money("73.00"));
    assert_eq!(
        line(o, "AKS system node pool").monthly_cost,
        money("420.48")
    );
    assert_eq!(
        line(o, "Standard Load Balancer").monthly_cost,
        money("18.25")
    );
}

mod fast_path;
mod goldens;
mod runtimes;
mod sizing;

/// The small example's estimate, one line per cost line: what it costs and how (quantity,
/// unit, unit price, amount, formula, the price row used), each option's sizing and totals.
/// Price sources and catalog versions are pinned by the pricing tests, not here.
#[test]
fn snapshot_small_example() {
    let a = example("small-azure-ingestion.json");
    let e = serde_json::to_value(estimate(&a, &facts(&a), &book())).unwrap();
    insta::assert_snapshot!("small_azure_ingestion_estimate", estimate_digest(&e));
}

/// A reviewable text digest of an estimate's JSON (`Value` keys, so fields added to the
/// estimate later do not churn it).
fn estimate_digest(e: &Value) -> String {
    use std::fmt::Write as _;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_owned(),
        other => other.to_string(),
    };
    let mut out = format!("currency {}\n", text(&e["currency"]));
    for o in e["options"].as_array().unwrap() {
        let _ = writeln!(
            out,
            "\n{}.{}{}: total {}, with people {}, missing prices {}, lower bound {}",
            text(&o["platform"]),
            text(&o["variant"]),
            o.get("profile")
                .map(|p| format!(" ({})", text(p)))
                .unwrap_or_default(),
            text(&o["total"]),
            text(&o["total_with_people"]),
            text(&o["missing_prices"]),
            text(&o["lower_bound"]),
        );
        let _ = writeln!(out, "  sizing {}", o["sizing"]);
        for l in o["lines"]
            .as_array()
            .unwrap()
            .iter()
            .chain(o["people"].as_array().unwrap())
        {
            let p = &l["price_ref"];
            let row = if p.is_null() {
                "no price row".to_owned()
            } else {
                format!(
                    "{} {} / {} / {} ({})",
                    text(&p["catalog"]),
                    text(&p["service"]),
                    text(&p["sku"]),
                    text(&p["meter"]),
                    text(&p["price_type"])
                )
            };
            let _ = writeln!(
                out,
                "  [{}] {}: {} {} × {} = {}\n    {}\n    {row}{}",
                text(&l["category"]),
                text(&l["component"]),
                text(&l["quantity"]),
                text(&l["unit"]),
                text(&l["unit_price"]),
                text(&l["monthly_cost"]),
                text(&l["formula"]),
                l.get("flag")
                    .filter(|f| !f.is_null())
                    .map(|f| format!("\n    FLAG {}", text(f)))
                    .unwrap_or_default(),
            );
        }
    }
    out
}
