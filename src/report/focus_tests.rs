//! FOCUS export: golden files, header shape, reconciliation with the report, injection.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::macros::date;

use super::*;
use crate::cost::OptionEstimate;
use crate::domain::{Assessment, PlatformOption};
use crate::pricing::PriceBook;
use crate::report::{Provenance, Report};

/// The example scenarios, by file stem.
pub(crate) const EXAMPLES: [(&str, &str); 3] = [
    (
        "small-azure-ingestion",
        include_str!("../../examples/small-azure-ingestion.json"),
    ),
    (
        "debezium-sqlserver-cdc",
        include_str!("../../examples/debezium-sqlserver-cdc.json"),
    ),
    (
        "large-multi-team-estate",
        include_str!("../../examples/large-multi-team-estate.json"),
    ),
];

/// The spec's Mandatory v1.2 columns, in order (reference: exports-and-peers.md §2). A copy of
/// the start of [`FOCUS_HEADER`] on purpose: the test checks the header against the spec.
const SPEC_MANDATORY: [&str; 21] = [
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "ContractedCost",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "ServiceCategory",
    "ServiceName",
];

/// Names a hostile user could give a scenario or a connector.
pub(crate) const HOSTILE_NAMES: [&str; 9] = [
    "=cmd|' /C calc'!A0",
    "+1",
    "@x",
    "a|b|c",
    "# heading",
    "<script>alert(1)</script>",
    "`code` and **bold** [link](http://evil.example)",
    "-2+3",
    "1. list & $x$ ~~strike~~ _em_",
];

/// Estates that exercise every kind of row: VM runtime with 3-year reservations, Capture and a
/// platform subscription; a region without catalog (every meter unpriced); 1-year
/// reservations without people. `.ci/run` runs the FOCUS validator on these too.
pub(crate) const CONFORMANCE_ESTATES: [(&str, &str); 3] = [
    (
        "reservations-vm-capture",
        include_str!("../../tests/fixtures/focus/reservations-vm-capture.json"),
    ),
    (
        "unpriced-lines",
        include_str!("../../tests/fixtures/focus/unpriced-lines.json"),
    ),
    (
        "reservations-westeurope-no-people",
        include_str!("../../tests/fixtures/focus/reservations-westeurope-no-people.json"),
    ),
];

/// Every example and conformance estate, as FOCUS rows.
fn every_estate() -> Vec<(&'static str, Vec<HashMap<String, String>>)> {
    EXAMPLES
        .iter()
        .chain(CONFORMANCE_ESTATES.iter())
        .map(|(name, text)| {
            let report = report_from_value(
                serde_json::from_str(text).expect("scenario JSON"),
                Provenance::default(),
            );
            (
                *name,
                parse(&focus_csv(&report, &ranges(&report), PERIOD)).1,
            )
        })
        .collect()
}

/// FOCUS 1.2 ServiceSubcategory values of the categories the export uses, with their parent.
const SUBCATEGORIES: [(&str, &str); 26] = [
    ("Containers", "Compute"),
    ("End User Computing", "Compute"),
    ("Quantum Compute", "Compute"),
    ("Serverless Compute", "Compute"),
    ("Virtual Machines", "Compute"),
    ("Other (Compute)", "Compute"),
    ("API Management", "Integration"),
    ("Messaging", "Integration"),
    ("Workflow Orchestration", "Integration"),
    ("Other (Integration)", "Integration"),
    ("Application Networking", "Networking"),
    ("Content Delivery", "Networking"),
    ("Network Connectivity", "Networking"),
    ("Network Infrastructure", "Networking"),
    ("Network Routing", "Networking"),
    ("Network Security", "Networking"),
    ("Secret Management", "Security"),
    ("Other (Networking)", "Networking"),
    ("Backup Storage", "Storage"),
    ("Block Storage", "Storage"),
    ("File Storage", "Storage"),
    ("Object Storage", "Storage"),
    ("Storage Platforms", "Storage"),
    ("Other (Storage)", "Storage"),
    ("Observability", "Management and Governance"),
    ("Other (Other)", "Other"),
];

#[test]
fn units_follow_the_focus_unit_format_and_the_report_unit_is_kept() {
    for (name, rows) in every_estate() {
        for r in &rows {
            assert!(
                super::unit::is_focus_unit(&r["PricingUnit"]),
                "{name}: PricingUnit {:?}",
                r["PricingUnit"]
            );
            assert_eq!(r["ConsumedUnit"], r["PricingUnit"], "{name}");
            assert!(!r["x_PricingUnitDescription"].is_empty());
            assert_eq!(r["InvoiceId"], "", "{name}: no invoice for an estimate");
        }
    }
    // The spot checks: a TU-hour is an hour of the TU SKU; blocks lead the unit.
    let (_, rows) = &every_estate()[0];
    let tu = rows
        .iter()
        .find(|r| r["x_PricingUnitDescription"] == "TU-hours")
        .expect("a TU row");
    assert_eq!(tu["PricingUnit"], "Hours");
    let events = rows
        .iter()
        .find(|r| r["x_PricingUnitDescription"] == "million events")
        .expect("an ingress-events row");
    assert_eq!(events["PricingUnit"], "1000000 Events");
}

#[test]
fn each_service_name_has_one_subcategory_and_each_subcategory_its_parent() {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (name, rows) in every_estate() {
        for r in &rows {
            let sub = r["ServiceSubcategory"].as_str();
            let parent = SUBCATEGORIES.iter().find(|(s, _)| *s == sub).map_or_else(
                || panic!("{name}: {sub:?} is not a FOCUS 1.2 subcategory"),
                |(_, p)| *p,
            );
            assert_eq!(parent, r["ServiceCategory"], "{name}: {r:?}");
            // One subcategory per ServiceName across every estate, not only within one file.
            let prev = seen
                .entry(r["ServiceName"].clone())
                .or_insert_with(|| sub.to_owned());
            assert_eq!(
                prev, sub,
                "{name}: {} has two subcategories",
                r["ServiceName"]
            );
        }
    }
    assert_eq!(seen["Storage Accounts"], "Object Storage");
    assert_eq!(seen["Managed Disks"], "Block Storage");
    assert_eq!(seen["Private Link"], "Network Connectivity");
}

#[test]
fn the_platform_subscription_is_recurring_usage_not_a_purchase() {
    let (_, rows) = every_estate()
        .into_iter()
        .find(|(n, _)| *n == "reservations-vm-capture")
        .expect("estate");
    let sub = rows
        .iter()
        .find(|r| r["ServiceName"] == "Kafka-compatible platform subscription")
        .expect("a subscription row");
    assert_eq!(sub["ChargeCategory"], "Usage");
    assert_eq!(sub["ChargeFrequency"], "Recurring");
    assert_eq!(sub["EffectiveCost"], "1500.00");
    assert!(rows.iter().all(|r| r["ChargeCategory"] == "Usage"));
}

pub(crate) fn book() -> &'static PriceBook {
    crate::test_support::price_book()
}

pub(crate) fn report_from_value(v: Value, provenance: Provenance) -> Report {
    let a = Assessment::from_value(v).expect("valid scenario");
    Report::build(a, provenance, book())
}

pub(crate) fn example(name: &str) -> Report {
    let (_, text) = EXAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("known example");
    report_from_value(
        serde_json::from_str(text).expect("example JSON"),
        Provenance::default(),
    )
}

/// The small example with every user-named thing renamed hostile, and one connector isolated
/// so its name reaches a cost line's formula.
pub(crate) fn hostile_report() -> Report {
    let mut v: Value = serde_json::from_str(EXAMPLES[0].1).expect("example JSON");
    v["name"] = json!(HOSTILE_NAMES[0]);
    let template = v["connectors"][0].clone();
    let connectors: Vec<Value> = HOSTILE_NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut c = template.clone();
            c["name"] = json!(name);
            c["isolated"] = json!(i == 0);
            c
        })
        .collect();
    v["connectors"] = Value::Array(connectors);
    report_from_value(v, Provenance::default())
}

/// A small, fixed set of ranges: P10/P50/P90 around each option's total.
pub(crate) fn ranges(report: &Report) -> BTreeMap<PlatformOption, CostRange> {
    use rust_decimal::prelude::ToPrimitive;
    report
        .estimate
        .options
        .iter()
        .map(|o| {
            let t = o.total.to_f64().unwrap_or(0.0);
            (
                o.option,
                CostRange {
                    p10: t * 0.85,
                    p50: t,
                    p90: t * 1.3,
                },
            )
        })
        .collect()
}

const PERIOD: time::Date = date!(2026 - 08 - 01);

/// The estimate of the option a parsed FOCUS row belongs to (its `x_Option`).
fn option_of<'a>(report: &'a Report, row: &HashMap<String, String>) -> &'a OptionEstimate {
    report
        .estimate
        .options
        .iter()
        .find(|o| o.option.id() == row["x_Option"])
        .expect("the row's x_Option names an option of the estimate")
}

fn parse(csv_text: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(csv_text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("every row has the header's column count");
            assert_eq!(rec.len(), header.len());
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|_| panic!("{s:?} is a decimal"))
}

#[test]
fn golden_focus_csv_of_every_example() {
    for (name, _) in EXAMPLES {
        let report = example(name);
        let csv = focus_csv(&report, &ranges(&report), PERIOD);
        insta::assert_snapshot!(format!("focus_{name}"), csv);
    }
}

#[test]
fn header_has_every_mandatory_column_first_in_spec_order_then_x_columns_last() {
    assert_eq!(FOCUS_MANDATORY_COUNT, SPEC_MANDATORY.len());
    assert_eq!(&FOCUS_HEADER[..SPEC_MANDATORY.len()], &SPEC_MANDATORY[..]);
    let first_x = FOCUS_HEADER
        .iter()
        .position(|c| c.starts_with("x_"))
        .expect("x_ columns");
    assert!(first_x > SPEC_MANDATORY.len());
    assert!(FOCUS_HEADER[first_x..].iter().all(|c| c.starts_with("x_")));
    let mut seen = std::collections::HashSet::new();
    for c in FOCUS_HEADER {
        assert!(seen.insert(c), "{c} appears twice");
        let id = c.strip_prefix("x_").unwrap_or(c);
        assert!(
            id.starts_with(|ch: char| ch.is_ascii_uppercase())
                && id.chars().all(|ch| ch.is_ascii_alphanumeric()),
            "{c} is not PascalCase"
        );
    }
    // The header actually written is the constant.
    let report = example("small-azure-ingestion");
    let (header, _) = parse(&focus_csv(&report, &BTreeMap::new(), PERIOD));
    assert_eq!(header, FOCUS_HEADER);
}

#[test]
fn effective_and_billed_cost_reconcile_with_the_report_and_list_cost_is_never_below() {
    for (name, _) in EXAMPLES {
        let report = example(name);
        let (_, rows) = parse(&focus_csv(&report, &ranges(&report), PERIOD));
        for o in &report.estimate.options {
            let of_option = || rows.iter().filter(|r| r["x_Option"] == o.option.id());
            let infra: Decimal = of_option()
                .filter(|r| r["x_CostKind"] == "infrastructure")
                .map(|r| dec(&r["EffectiveCost"]))
                .sum();
            assert_eq!(infra, o.total, "{name} {}", o.option.id());
            let all: Decimal = of_option().map(|r| dec(&r["EffectiveCost"])).sum();
            assert_eq!(all, o.total_with_people, "{name} {}", o.option.id());
            let billed: Decimal = of_option().map(|r| dec(&r["BilledCost"])).sum();
            assert_eq!(billed, o.total_with_people);
            assert_eq!(
                of_option().count(),
                o.lines.len() + o.people.len(),
                "one row per line"
            );
        }
        for r in &rows {
            let (list, contracted, effective) = (
                dec(&r["ListCost"]),
                dec(&r["ContractedCost"]),
                dec(&r["EffectiveCost"]),
            );
            assert!(
                list >= contracted && contracted >= effective,
                "{name}: {r:?}"
            );
            assert_eq!(r["x_Estimate"], "true");
        }
    }
}

#[test]
fn reservations_are_committed_usage_with_pay_as_you_go_list_prices() {
    // The CDC example buys 1-year reservations with a 5% negotiated discount.
    let report = example("debezium-sqlserver-cdc");
    let (_, rows) = parse(&focus_csv(&report, &BTreeMap::new(), PERIOD));
    let vm = rows
        .iter()
        .find(|r| r["PricingCategory"] == "Committed" && r["SkuMeter"] == "D4s v5")
        .expect("a reserved VM row");
    assert_eq!(vm["ChargeCategory"], "Usage");
    assert_eq!(vm["CommitmentDiscountType"], "Reservation");
    assert_eq!(vm["CommitmentDiscountStatus"], "Used");
    assert_eq!(vm["CommitmentDiscountCategory"], "Usage");
    // West Europe's pay-as-you-go $0.23/h is the list price; the contracted price is 5%
    // below it: 0.23 × 0.95 = 0.2185.
    assert_eq!(vm["ListUnitPrice"], "0.23");
    assert_eq!(vm["ContractedUnitPrice"], "0.2185");
    let q = dec(&vm["PricingQuantity"]);
    assert_eq!(
        dec(&vm["ListCost"]),
        crate::cost::round_cents(q * dec("0.23"))
    );
    assert!(dec(&vm["ContractedCost"]) > dec(&vm["EffectiveCost"]));
    // Pay-as-you-go rows carry no commitment columns.
    let payg = rows
        .iter()
        .find(|r| r["PricingCategory"] == "Standard")
        .expect("a pay-as-you-go row");
    assert_eq!(payg["CommitmentDiscountId"], "");
    assert_eq!(payg["ContractedCost"], payg["EffectiveCost"]);
}

#[test]
fn charge_period_is_one_calendar_month_in_utc() {
    let report = example("small-azure-ingestion");
    let (_, rows) = parse(&focus_csv(&report, &BTreeMap::new(), PERIOD));
    for r in &rows {
        assert_eq!(r["ChargePeriodStart"], "2026-08-01T00:00:00Z");
        assert_eq!(r["ChargePeriodEnd"], "2026-09-01T00:00:00Z");
        assert_eq!(r["BillingPeriodStart"], r["ChargePeriodStart"]);
        assert_eq!(r["BillingPeriodEnd"], r["ChargePeriodEnd"]);
    }
    assert_eq!(add_month(date!(2026 - 12 - 01)), date!(2027 - 01 - 01));
    assert_eq!(add_month(date!(2026 - 01 - 31)), date!(2026 - 02 - 28));
    assert_eq!(add_month(date!(2028 - 01 - 31)), date!(2028 - 02 - 29));
}

#[test]
fn empty_ranges_leave_the_range_columns_empty_and_ranges_repeat_per_option() {
    let report = example("small-azure-ingestion");
    let (_, rows) = parse(&focus_csv(&report, &BTreeMap::new(), PERIOD));
    assert!(rows.iter().all(|r| r["x_CostLow"].is_empty()
        && r["x_CostLikely"].is_empty()
        && r["x_CostHigh"].is_empty()));
    let ranges = ranges(&report);
    let (_, rows) = parse(&focus_csv(&report, &ranges, PERIOD));
    for r in &rows {
        let option = option_of(&report, r);
        let range = ranges[&option.option];
        assert_eq!(r["x_CostLikely"], format!("{:.2}", range.p50));
        assert_eq!(r["x_CostHigh"], format!("{:.2}", range.p90));
    }
}

#[test]
fn values_come_from_the_allowed_lists() {
    let categories = [
        "AI and Machine Learning",
        "Analytics",
        "Business Applications",
        "Compute",
        "Databases",
        "Developer Tools",
        "Multicloud",
        "Identity",
        "Integration",
        "Internet of Things",
        "Management and Governance",
        "Media",
        "Migration",
        "Mobile",
        "Networking",
        "Security",
        "Storage",
        "Web",
        "Other",
    ];
    for (name, _) in EXAMPLES {
        let report = example(name);
        let (_, rows) = parse(&focus_csv(&report, &BTreeMap::new(), PERIOD));
        for r in &rows {
            assert!(categories.contains(&r["ServiceCategory"].as_str()), "{r:?}");
            assert!(["Usage", "Purchase"].contains(&r["ChargeCategory"].as_str()));
            assert!(
                ["Usage-Based", "Recurring", "One-Time"].contains(&r["ChargeFrequency"].as_str())
            );
            assert!(
                ["Standard", "Committed", "Dynamic", "Other"]
                    .contains(&r["PricingCategory"].as_str())
            );
            assert_eq!(r["ChargeClass"], "");
            assert!(r["BillingAccountId"].starts_with("estimate:scenario-"));
            for json_col in ["Tags", "SkuPriceDetails"] {
                if !r[json_col].is_empty() {
                    let v: Value = serde_json::from_str(&r[json_col]).expect("JSON");
                    assert!(v.is_object());
                }
            }
            let provider = r["ProviderName"].as_str();
            if r["x_CostKind"] == "people" {
                assert_eq!(provider, "Self-managed");
                assert_eq!(r["ServiceCategory"], "Other");
            } else if r["ServiceName"] == "WarpStream BYOC" {
                // WarpStream's own list price, kept in the catalog: billed by WarpStream.
                assert_eq!(provider, "WarpStream");
            } else if !r["x_PriceCatalog"].is_empty() {
                assert_eq!(provider, "Microsoft");
            }
        }
    }
}

#[test]
fn stored_assessments_use_their_id_as_billing_account() {
    let mut report = example("small-azure-ingestion");
    let id = uuid::Uuid::nil();
    report.provenance = Provenance {
        assessment_id: Some(id),
        revision: Some(3),
        saved_with_pricing_version: None,
    };
    let (_, rows) = parse(&focus_csv(&report, &BTreeMap::new(), PERIOD));
    assert_eq!(rows[0]["BillingAccountId"], format!("estimate:{id}"));
    assert_eq!(rows[0]["x_AssessmentId"], id.to_string());
    assert_eq!(rows[0]["x_Revision"], "3");
}

#[test]
fn hostile_names_cannot_become_formulas() {
    let report = hostile_report();
    let text = focus_csv(&report, &ranges(&report), PERIOD);
    let (_, rows) = parse(&text);
    assert!(!rows.is_empty());
    for r in &rows {
        for (col, cell) in r {
            let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(
                !risky || cell.parse::<f64>().is_ok(),
                "{col} = {cell:?} would run as a formula"
            );
        }
        assert_eq!(r["x_ScenarioName"], "'=cmd|' /C calc'!A0");
        assert_eq!(r["BillingAccountName"], "Estimate: =cmd|' /C calc'!A0");
    }
    // The isolated connector's name reaches a formula cell, embedded, never leading.
    assert!(
        rows.iter()
            .any(|r| r["x_Formula"].contains("=cmd|' /C calc'!A0"))
    );
}

#[test]
fn every_row_names_the_connect_runtime_its_option_is_priced_on() {
    let report = example("small-azure-ingestion");
    let csv = focus_csv(
        &report,
        &BTreeMap::new(),
        time::macros::date!(2026 - 10 - 01),
    );
    let (_, rows) = parse(&csv);
    for r in &rows {
        let option = option_of(&report, r);
        assert_eq!(
            r["x_ConnectRuntime"],
            crate::domain::Named::key(option.connect_runtime.runtime)
        );
    }
    // The example lets the advisor choose: Event Hubs' workers on a VM scale set, self-managed
    // Kafka on AKS sharing the brokers' cluster; container runtimes price their own services.
    let runtime_of =
        |id: &str| rows.iter().find(|r| r["x_Option"] == id).unwrap()["x_ConnectRuntime"].clone();
    assert_eq!(runtime_of("event_hubs.standard"), "vm");
    assert_eq!(runtime_of("self_managed_kafka.aks"), "aks");
    let registry = rows
        .iter()
        .find(|r| r["ServiceName"] == "Container Registry")
        .expect("the AKS option's registry row");
    assert_eq!(registry["ServiceSubcategory"], "Containers");
    assert_eq!(registry["PricingUnit"], "Days");
}
