//! Plan vs actual on a hand-written Azure `FocusCost` export of October 2026
//! (`tests/fixtures/actuals/focuscost-2026-10.csv`) for the small example, whose recommended
//! option is Event Hubs Standard. The file has Azure's column set (no `x_` estimate column),
//! 16 rows tagged `connect-advisor-option=event_hubs.standard`, an untagged Key Vault in the
//! same resource group, untagged bandwidth elsewhere, and another team's database and VM.
//! Against the estimate, the tagged deployment runs one AKS node pool (the estimate adds a
//! system pool), E10 OS disks where the estimate prices P10, no load balancer row, and more
//! Private Link egress and Log Analytics data than planned.

use rust_decimal::Decimal;
use serde_json::json;

use super::*;
use crate::cost::Category;
use crate::domain::PlatformOption;
use crate::report::Report;
use crate::report::tests_support::book;

const FILE: &str = include_str!("../../tests/fixtures/actuals/focuscost-2026-10.csv");

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn october() -> BillingPeriod {
    BillingPeriod {
        start: "2026-10-01".into(),
        end: "2026-11-01".into(),
    }
}

/// The small example as the fixture's bills were run: Connect on AKS (the example itself now
/// lets the advisor choose the runtime, which puts Event Hubs' workers on VMs).
fn small() -> Report {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/small-azure-ingestion.json"))
            .expect("example JSON");
    v["options"]["connect_runtime"] = json!("aks");
    crate::report::tests_support::report_from_value(v, crate::report::Provenance::default())
}

fn run(selection: &Selection) -> Comparison {
    let rows = parse(FILE, "USD").expect("the fixture parses");
    compare(&small(), book(), &rows, selection, &october()).expect("comparison")
}

fn category(o: &OptionComparison, c: Category) -> &CategoryComparison {
    o.by_category
        .iter()
        .find(|x| x.category == c)
        .expect("category present")
}

#[test]
fn the_azure_export_parses_into_twenty_rows_of_one_billing_period() {
    let rows = parse(FILE, "USD").expect("parses");
    assert_eq!(rows.len(), 20);
    assert_eq!(billing_periods(&rows), vec![october()]);
    let first = &rows[0];
    assert_eq!(first.line, 2, "the header is line 1");
    assert_eq!(first.effective_cost, d("87.60"));
    assert_eq!(first.sku_meter, "Standard Throughput Unit");
    assert_eq!(first.meter_category, "Event Hubs");
    assert_eq!(first.resource_group, "rg-connect-prod");
    assert_eq!(first.tags["connect-advisor-option"], "event_hubs.standard");
    // The file's own total: every EffectiveCost added up — the 16 tagged rows 1,487.57, the
    // Key Vault 0.90, the payments database 612.40 and VM 280.32, the bandwidth 4.35.
    let total: Decimal = rows.iter().map(|r| r.effective_cost).sum();
    assert_eq!(total, d("2385.54"));
}

#[test]
fn tagged_rows_are_compared_with_the_tagged_option_line_by_line_and_by_category() {
    let c = run(&Selection::default());
    assert_eq!(c.selected_by, vec!["tag"]);
    assert_eq!(c.options.len(), 1);
    let o = &c.options[0];
    assert_eq!(o.option, "event_hubs.standard");

    // Streaming: TUs 87.60 + 146.88 and ingress 120.00 + 130.00 = 484.48, against
    // 12 TU × 730 h × $0.03 = 262.80 plus 245.28 = 508.08: −23.60, −23.60 ÷ 508.08 = −4.64 %
    // — under 10 %, unexplained.
    let s = category(o, Category::Streaming);
    assert_eq!((s.estimate, s.actual), (d("508.08"), d("484.48")));
    assert_eq!(s.variance, d("-23.60"));
    assert_eq!(s.variance_percent, Some(-4.64));
    assert!(s.explanation.is_none());

    // Storage: the overage meter 20.13, plus the cluster's E10 OS disks 19.20 matched by
    // ServiceCategory only (the estimate prices P10) = 39.33, against the overage
    // (4 MB/s × 72 h × 3.6 GB − 12 TU × 84 GB = 28.8 GB) × $0.0184 = 0.53 plus 6 P10 OS
    // disks × $19.71 = 118.26, 118.79 in all: −79.46, −79.46 ÷ 118.79 = −66.89 %.
    let st = category(o, Category::Storage);
    assert_eq!((st.estimate, st.actual), (d("118.79"), d("39.33")));
    assert_eq!(st.not_matched_to_a_line, d("19.20"));
    assert_eq!(st.variance, d("-79.46"));
    assert_eq!(st.variance_percent, Some(-66.89));

    // Network: 7.30 + 105.12 + 315.36 + 2.00 + 2.00 = 431.78 against
    // 7.30 + 105.12 + 210.24 + 18.25 (load balancer) + 6.57 (its data) + 2.00 + 2.00 + 0.00
    // = 351.48: +80.30, 80.30 ÷ 351.48 = +22.85 %.
    let n = category(o, Category::Network);
    assert_eq!((n.estimate, n.actual), (d("351.48"), d("431.78")));
    assert_eq!(n.variance, d("80.30"));
    assert_eq!(n.variance_percent, Some(22.85));

    // Compute: 3 × 140.16 + 73.00 = 493.48, against 420.48 (workers) + 73.00 + 420.48 (AKS
    // system pool) + 50.69 (ACR Premium for the worker image, private link: 730 ÷ 24 days ×
    // $1.6666) + 0.01 (Key Vault: 3 workers × 1,000 reads ÷ 10,000 × $0.03) = 964.66:
    // −471.18 (the cluster runs one pool and the bill has no registry).
    let cp = category(o, Category::Compute);
    assert_eq!(
        (cp.estimate, cp.actual, cp.variance),
        (d("964.66"), d("493.48"), d("-471.18"))
    );
    assert_eq!(cp.variance_percent, Some(-48.84));

    // Monitoring: the Log Analytics row 38.50 (its meter name, within Log Analytics), against
    // (6 nodes × 2 GB − 5 GB free) × $2.76 = 19.32: +19.18, 19.18 ÷ 19.32 = +99.28 %.
    let m = category(o, Category::Monitoring);
    assert_eq!((m.estimate, m.actual), (d("19.32"), d("38.50")));
    assert_eq!(m.not_matched_to_a_line, d("0"));
    assert_eq!(m.variance_percent, Some(99.28));

    // Every tagged row matches a line or a category.
    assert_eq!(o.unmatched_actual, d("0"));
    assert!(c.unmatched_rows.is_empty(), "{:?}", c.unmatched_rows);

    // Option: 484.48 + 39.33 + 431.78 + 493.48 + 38.50 = 1,487.57 against
    // 508.08 + 118.79 + 351.48 + 964.66 + 19.32 = 1,962.33: −474.76,
    // −474.76 ÷ 1,962.33 = −24.19 %.
    assert_eq!(o.estimate, d("1962.33"));
    assert_eq!(o.actual, d("1487.57"));
    assert_eq!(o.variance, d("-474.76"));
    assert_eq!(o.variance_percent, Some(-24.19));

    // Lines: the egress Private Link line took the 315.36 row.
    let line = |prefix: &str| {
        o.by_line
            .iter()
            .find(|l| l.component.starts_with(prefix))
            .unwrap_or_else(|| panic!("line {prefix}"))
    };
    let egress = line("Private Link data processed, outbound");
    assert_eq!(
        (egress.estimate, egress.actual, egress.rows),
        (d("210.24"), d("315.36"), 1)
    );
    // The three D4s v5 rows (420.48) match both D4s v5 lines, and are split in proportion to
    // their estimates, 420.48 : 420.48: 210.24 each.
    let workers = line("Connect workers");
    assert_eq!((workers.actual, workers.rows), (d("210.24"), 3));
    let system = line("AKS system node pool");
    assert_eq!(
        (system.estimate, system.actual, system.rows),
        (d("420.48"), d("210.24"), 3)
    );
    // The P10 OS disks line: the E10 row is not its meter.
    let disks = line("OS disks");
    assert_eq!(
        (disks.estimate, disks.actual, disks.rows),
        (d("118.26"), d("0"), 0)
    );
    let logs = line("Monitoring: Log Analytics");
    assert_eq!((logs.actual, logs.rows), (d("38.50"), 1));

    // 20 rows: 16 tagged (15 to a line, 1 to a category, none unmatched), 4 not selected.
    assert_eq!(
        c.rows,
        RowCounts {
            in_period: 20,
            selected: 16,
            matched_to_line: 15,
            matched_to_category: 1,
            unmatched: 0,
            not_selected: 4,
        }
    );
}

#[test]
fn each_category_off_by_more_than_ten_percent_names_the_input_that_closes_the_gap() {
    let c = run(&Selection::default());
    let o = &c.options[0];
    // Network: Private Link data = 4 MB/s × 2,628 GB per MB/s-month × $0.01 × (1 in + f out);
    // the rest (7.30 + 18.25 + 6.57 + 2.00 + 2.00 = 36.12) does not move with w or f.
    // Write rate w with fan-out 2: 36.12 + 78.84 w = 431.78 → w = 5.0185 MB/s (×1.25);
    // fan-out f with 4 MB/s: 141.24 + 105.12 f = 431.78 → f = 2.7639 (×1.38). The smaller
    // move first.
    let n = category(o, Category::Network)
        .explanation
        .as_ref()
        .expect("network explained");
    let first = &n.candidates[0];
    assert_eq!(first.input, "write_mb_per_s");
    assert!(
        (first.value_closing_gap - 5.0185).abs() < 0.001,
        "{first:?}"
    );
    let fanout = n
        .candidates
        .iter()
        .find(|c| c.input == "read_fanout")
        .expect("fan-out candidate");
    assert!(
        (fanout.value_closing_gap - 2.7639).abs() < 0.001,
        "{fanout:?}"
    );
    assert!((fanout.category_cost_at_value - 431.78).abs() < 0.02);
    assert!(
        n.message
            .contains("Write throughput of 5.02 MB/s instead of 4 MB/s"),
        "{}",
        n.message
    );

    // Monitoring: (6 nodes × x GB − 5 GB free) × $2.76 = 38.50 → x = (13.95 + 5) ÷ 6
    // = 3.158 GB per node instead of 2.
    let m = category(o, Category::Monitoring)
        .explanation
        .as_ref()
        .expect("monitoring explained");
    assert_eq!(
        m.candidates[0].input,
        "assumptions.monitoring_gb_per_node_month"
    );
    assert!(
        (m.candidates[0].value_closing_gap - 3.158).abs() < 0.001,
        "{:?}",
        m.candidates[0]
    );
    assert!(
        m.message
            .contains("Monitoring GB per node of 3.16 GB/month instead of 2 GB/month"),
        "{}",
        m.message
    );

    // Storage and compute are lower than any input can make them: the 6 P10 OS disks
    // (118.26) alone exceed the storage actual 39.33, and the control plane and the system
    // pool (73.00 + 420.48 = 493.48) already equal the compute actual, with workers still to
    // add. Explained, but by no input: the message says what to check instead.
    for cat in [Category::Storage, Category::Compute] {
        let e = category(o, cat)
            .explanation
            .as_ref()
            .unwrap_or_else(|| panic!("{cat:?} explained"));
        assert!(e.candidates.is_empty(), "{cat:?}: {:?}", e.candidates);
        assert!(
            e.message.contains("lower than estimated") && e.message.contains("no single input"),
            "{}",
            e.message
        );
    }

    // Streaming is 4.64 % under: within the threshold, nothing to explain.
    assert!(category(o, Category::Streaming).explanation.is_none());
}

#[test]
fn a_resource_group_filter_adds_untagged_rows_and_the_named_option_is_used() {
    let selection = Selection {
        option: None,
        filter: Filter::new(None, Some("RG-CONNECT-PROD")),
    };
    let c = run(&selection);
    assert_eq!(c.selected_by, vec!["tag", "filter"]);
    let o = &c.options[0];
    // The untagged Key Vault (0.90) joins: 1,487.57 + 0.90 = 1,488.47, and it matches the
    // estimate's Key Vault line (the workers' secret reads), so nothing is left unmatched.
    assert_eq!(o.actual, d("1488.47"));
    assert_eq!(o.unmatched_actual, d("0"));
    assert!(c.unmatched_rows.is_empty(), "{:?}", c.unmatched_rows);
    assert_eq!(c.rows.selected, 17);
    assert_eq!(c.rows.unmatched, 0);
    assert_eq!(c.rows.not_selected, 3);

    // Untagged resources only: a subscription filter selects for the recommended option.
    let rows: Vec<ActualRow> = parse(FILE, "USD")
        .expect("parses")
        .into_iter()
        .map(|mut r| {
            r.tags.clear();
            r
        })
        .collect();
    let sub = Selection {
        option: None,
        filter: Filter::new(Some("9c1b8f0e-2a4d-4d7b-9a51-6f3e8c2d7a10"), None),
    };
    let c = compare(&small(), book(), &rows, &sub, &october()).expect("comparison");
    assert_eq!(c.selected_by, vec!["filter"]);
    assert_eq!(
        c.options[0].option, "event_hubs.standard",
        "the recommended option"
    );
    // The connect subscription holds everything but the payments rows:
    // 2,385.54 − 612.40 − 280.32 = 1,492.82.
    assert_eq!(c.options[0].actual, d("1492.82"));
    // Without tags or a filter nothing is selected: a clear error, not a zero actual.
    let err = compare(&small(), book(), &rows, &Selection::default(), &october()).unwrap_err();
    assert!(err.to_string().contains("connect-advisor-option"), "{err}");
}

#[test]
fn an_explicit_option_compares_that_option_only() {
    let premium = PlatformOption::EVENT_HUBS_PREMIUM;
    let c = run(&Selection {
        option: Some(premium),
        filter: Filter::default(),
    });
    assert_eq!(c.options.len(), 1);
    assert_eq!(c.options[0].option, "event_hubs.premium");
    // The rows are tagged for Standard: none belongs to Premium.
    assert_eq!(c.options[0].actual, d("0"));
    assert_eq!(c.rows.selected, 0);
}

#[test]
fn our_own_export_read_back_as_actuals_matches_every_line_exactly() {
    // The round trip: the estimate's FOCUS file is a valid FocusCost-shaped file; each row
    // matches its own line by SkuPriceId and the variance is zero everywhere.
    let report = small();
    let text = crate::report::focus_csv(
        &report,
        &std::collections::BTreeMap::new(),
        time::macros::date!(2026 - 10 - 01),
    );
    let rows = parse(&text, "USD").expect("our export parses");
    let c = compare(&report, book(), &rows, &Selection::default(), &october()).expect("compare");
    assert_eq!(
        c.options.len(),
        report.estimate.options.len(),
        "every option is tagged"
    );
    for o in &c.options {
        // People rows are tagged too, and match no infrastructure line.
        assert_eq!(o.actual - o.unmatched_actual, o.estimate, "{}", o.option);
        assert!(
            o.by_line.iter().all(|l| l.actual == l.estimate),
            "{}",
            o.option
        );
        assert!(o.by_category.iter().all(|c| c.explanation.is_none()));
    }
}

#[test]
fn bad_files_name_the_line_and_the_column() {
    let header = FILE.lines().next().expect("header");
    let good = FILE.lines().nth(1).expect("row");
    let cols: Vec<&str> = header.split(',').collect();
    let at = |name: &str| cols.iter().position(|c| *c == name).expect("column");

    // A row billed in euros refuses the whole file.
    let eur = FILE.replacen(",USD,", ",EUR,", 1);
    let err = parse(&eur, "USD").unwrap_err();
    assert_eq!(err.field(), "line 2, column BillingCurrency");
    assert!(err.message().contains("EUR") && err.message().contains("USD"));

    // A cost that is not a number, on line 3.
    let mut fields: Vec<String> = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(good.as_bytes())
        .records()
        .next()
        .expect("record")
        .expect("csv")
        .iter()
        .map(str::to_owned)
        .collect();
    fields[at("EffectiveCost")] = "12,5x".into();
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(&fields).expect("write");
    let bad_row = String::from_utf8(w.into_inner().expect("flush")).expect("utf8");
    let text = format!("{header}\r\n{good}\r\n{bad_row}");
    let err = parse(&text, "USD").unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3, column EffectiveCost: \"12,5x\" is not a number"
    );

    // Bad dates, bad tags, short rows, a missing column, an empty file.
    fields[at("EffectiveCost")] = "1".into();
    fields[at("BillingPeriodStart")] = "10/01/2026".into();
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(&fields).expect("write");
    let text = format!(
        "{header}\n{}",
        String::from_utf8(w.into_inner().expect("f")).expect("u")
    );
    assert_eq!(
        parse(&text, "USD").unwrap_err().field(),
        "line 2, column BillingPeriodStart"
    );

    let tags = FILE.replacen(
        r#""{""connect-advisor-option"""#,
        r#""{connect-advisor-option"#,
        1,
    );
    assert_eq!(
        parse(&tags, "USD").unwrap_err().field(),
        "line 2, column Tags"
    );

    let short = format!("{header}\n1,2,3\n");
    let err = parse(&short, "USD").unwrap_err();
    assert_eq!(err.field(), "line 2");
    assert!(err.message().contains("3 fields"), "{err}");

    let no_cost = FILE.replacen("EffectiveCost", "Cost", 1);
    let err = parse(&no_cost, "USD").unwrap_err();
    assert_eq!(err.field(), "line 1");
    assert!(err.message().contains("EffectiveCost"));

    assert_eq!(parse("", "USD").unwrap_err().field(), "file");
    assert_eq!(parse(header, "USD").unwrap_err().field(), "file");
    // Not CSV at all (a JSON document) is a missing-columns error, not a panic.
    assert_eq!(
        parse(&json!({"a": 1}).to_string(), "USD")
            .unwrap_err()
            .field(),
        "line 1"
    );
}

#[test]
fn a_period_with_no_rows_and_an_unknown_period_are_refused() {
    let rows = parse(FILE, "USD").expect("parses");
    let november = BillingPeriod {
        start: "2026-11-01".into(),
        end: "2026-12-01".into(),
    };
    let err = compare(&small(), book(), &rows, &Selection::default(), &november).unwrap_err();
    assert!(err.to_string().contains("2026-11-01"), "{err}");
}

/// The fixture's rows re-tagged with the option id saved before vendor profiles.
fn legacy_rows() -> Vec<ActualRow> {
    let file = FILE.replace(
        "event_hubs.standard",
        crate::domain::LEGACY_OBJECT_STORAGE_ID,
    );
    parse(&file, "USD").expect("the fixture parses")
}

#[test]
fn a_bill_tagged_with_the_pre_profile_id_is_read_as_warpstream_and_says_so() {
    let rows = legacy_rows();
    let c = compare(&small(), book(), &rows, &Selection::default(), &october()).unwrap();
    // The 16 re-tagged rows select WarpStream BYOC (not silently dropped as untagged).
    assert_eq!(c.options.len(), 1);
    assert_eq!(c.options[0].option, "kafka_compatible.warpstream");
    assert_eq!(c.selected_by, vec!["tag"]);
    assert_eq!(c.rows.selected, 16);
    assert_eq!(
        c.notes,
        vec![format!(
            "16 row(s) are tagged connect-advisor-option=kafka_compatible.object_storage: {}",
            crate::domain::LEGACY_OBJECT_STORAGE_NOTE
        )]
    );
    assert!(c.notes[0].contains(
        "`kafka_compatible.object_storage` is read as WarpStream BYOC (`kafka_compatible.warpstream`), the profile the single object-storage option was priced as before vendor profiles"
    ));
    // The JSON carries the note; a bill with current ids has none.
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["notes"].as_array().map(Vec::len), Some(1));
    let current = run(&Selection::default());
    assert!(current.notes.is_empty());
    assert!(
        serde_json::to_value(&current)
            .unwrap()
            .get("notes")
            .is_none()
    );
}

#[test]
fn without_warpstream_compared_the_pre_profile_tag_names_no_option_and_the_note_says_why() {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/small-azure-ingestion.json")).unwrap();
    v["options"]["connect_runtime"] = json!("aks");
    v["options"]["object_storage_profiles"] = json!(["redpanda"]);
    let report =
        crate::report::tests_support::report_from_value(v, crate::report::Provenance::default());
    let rows = legacy_rows();
    // Tags alone select nothing now…
    assert!(compare(&report, book(), &rows, &Selection::default(), &october()).is_err());
    // …so rows count only through the filter, and the note says both things.
    let selection = Selection {
        option: None,
        filter: Filter::new(None, Some("rg-connect-prod")),
    };
    let c = compare(&report, book(), &rows, &selection, &october()).unwrap();
    assert_eq!(c.selected_by, vec!["filter"]);
    assert_eq!(c.notes.len(), 2, "{:?}", c.notes);
    assert!(c.notes[0].contains("is read as WarpStream BYOC"));
    assert!(c.notes[1].starts_with("This scenario does not compare WarpStream BYOC"));
}

#[test]
fn a_choice_named_by_the_pre_profile_id_gets_the_note_and_others_none() {
    let n = legacy_choice_note(" kafka_compatible.object_storage ").unwrap();
    assert!(n.contains("is read as WarpStream BYOC (`kafka_compatible.warpstream`)"));
    assert_eq!(legacy_choice_note("kafka_compatible.warpstream"), None);
    assert_eq!(legacy_choice_note(""), None);
}
