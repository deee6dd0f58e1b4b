//! Chart tests: well-formed SVG with titles, axes and legends; escaping; disqualified
//! options; number formatting.

use super::axis::{grouped, log_ticks, nice_max, percent, rate};
use super::canvas::fit_title;
use super::{analyse_report, disqualified, render_all};
use crate::analysis::Analysis;
use crate::domain::Assessment;
use crate::pricing::PriceBook;
use crate::report::{Provenance, Report};
use crate::test_support::EXAMPLE_FILES as EXAMPLES;

fn book() -> &'static PriceBook {
    crate::test_support::price_book()
}

fn report_from(mut v: serde_json::Value) -> (Report, Analysis) {
    v["analysis"] = serde_json::json!({ "samples": 500 });
    let a = Assessment::from_value(v).unwrap();
    let r = Report::build(a, Provenance::default(), book());
    let an = analyse_report(&r, book());
    (r, an)
}

fn example(name: &str) -> serde_json::Value {
    serde_json::from_str(crate::test_support::example_text(name)).unwrap()
}

/// The SVG parses as XML (an XML parser, so nothing malformed slips through) and its root
/// is an `<svg>` element.
fn assert_well_formed(svg: &str) {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
}

#[test]
fn the_well_formedness_check_rejects_broken_xml() {
    for broken in [
        "<svg><g></svg>",
        "<svg><text>a & b</text></svg>",
        "<svg><text x=1>a</text></svg>",
        "<svg></svg><svg></svg>",
    ] {
        assert!(
            std::panic::catch_unwind(|| assert_well_formed(broken)).is_err(),
            "accepted {broken}"
        );
    }
    assert_well_formed("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>a &amp; b</text></svg>");
}

#[test]
fn charts_are_well_formed_and_carry_titles_axes_and_legends() {
    for name in EXAMPLES {
        let (r, an) = report_from(example(name));
        let c = render_all(&r, &an);
        for (svg, must) in [
            (
                &c.by_category,
                &[
                    "Monthly cost by category",
                    "USD per month",
                    "Streaming",
                    "Compute",
                    "Storage",
                    "Network",
                    "License",
                ][..],
            ),
            (
                &c.projection,
                &[
                    "Monthly cost over 36 months",
                    "USD per month",
                    "Month (0 = as stated",
                    "Event Hubs Premium",
                ][..],
            ),
            (
                &c.throughput,
                &[
                    "break-evens marked",
                    "MB/s average write",
                    "USD per month",
                    "Break-even",
                ][..],
            ),
            (
                &c.ranges,
                &[
                    "P10–P90",
                    "USD per month",
                    "P50 (median)",
                    "Monte Carlo samples",
                ][..],
            ),
        ] {
            assert_well_formed(svg);
            assert!(svg.starts_with("<svg"), "{name}");
            assert!(svg.contains("<title>"), "{name}");
            assert!(
                !svg.contains("NaN") && !svg.contains("\"inf") && !svg.contains(">inf"),
                "{name}"
            );
            for m in must {
                assert!(svg.contains(m), "{name}: {m} missing");
            }
        }
    }
}

#[test]
fn scenario_names_are_escaped() {
    let mut v = example(EXAMPLES[0]);
    v["name"] = "<script>alert('x')</script> & \"co\"".into();
    let (r, an) = report_from(v);
    let c = render_all(&r, &an);
    for svg in [&c.by_category, &c.projection, &c.throughput, &c.ranges] {
        assert_well_formed(svg);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}

#[test]
fn disqualified_options_are_labelled() {
    // Ten topics is the Standard namespace limit; 40 topics disqualifies Standard.
    let (r, an) = report_from(example(EXAMPLES[2]));
    let out = disqualified(&r);
    assert!(
        !out.is_empty(),
        "the large estate should disqualify an option"
    );
    assert_eq!(an.excluded, out);
    let c = render_all(&r, &an);
    assert!(c.by_category.contains("(disqualified)"));
    assert!(c.projection.contains("(disqualified)"));
    assert!(c.ranges.contains("(disqualified)"));
}

#[test]
fn numbers_are_grouped_and_axes_rounded() {
    assert_eq!(grouped(1_234_567.6), "1,234,568");
    assert_eq!(grouped(999.4), "999");
    assert_eq!(grouped(f64::NAN), "0");
    assert_eq!(nice_max(1_234.0), 1_500.0);
    assert_eq!(nice_max(0.0), 1.0);
    assert_eq!(rate(0.25), "0.25");
    assert_eq!(rate(1.0), "1");
    assert_eq!(percent(0.9999), ">99%");
    assert_eq!(percent(0.0001), "<1%");
    assert_eq!(percent(0.5), "50%");
    assert_eq!(
        log_ticks(0.1, 40.0),
        [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
    );
    assert_eq!(rate(0.1), "0.1");
    assert_eq!(rate(3.27), "3.3");
    assert_eq!(fit_title(&"x".repeat(200)).chars().count(), 84);
}
