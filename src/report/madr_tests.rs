//! MADR export: golden files, structure, the "nothing viable" record, injection.

use time::macros::date;

use super::*;
use crate::decision::{Effect, Reason, RecommendationStatus, Verdict};
use crate::report::focus::tests::{EXAMPLES, HOSTILE_NAMES, example, hostile_report};

const DATE: Date = date!(2026 - 08 - 01);

/// Section headings in MADR 4.0 order.
const SECTIONS: [&str; 8] = [
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "## More Information",
];

fn assert_structure(md: &str) {
    assert!(md.starts_with("---\nstatus: proposed\ndate: 2026-08-01\n"));
    let mut at = 0;
    for s in SECTIONS {
        let found = md[at..]
            .find(&format!("\n{s}\n"))
            .unwrap_or_else(|| panic!("{s} missing or out of order"));
        at += found + 1;
    }
    // One H1: the title Log4brains and GitHub show.
    assert_eq!(md.lines().filter(|l| l.starts_with("# ")).count(), 1);
    // Every table row of a table has the column count of its header.
    let mut columns: Option<usize> = None;
    for line in md.lines().map(str::trim_start) {
        if line.starts_with('|') {
            let cells = table_cells(line);
            match columns {
                None => columns = Some(cells),
                Some(n) => assert_eq!(cells, n, "misaligned row: {line}"),
            }
        } else {
            columns = None;
        }
    }
}

/// Cells of a GFM table row, not counting escaped pipes.
fn table_cells(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
    }
    n - 1
}

#[test]
fn golden_madr_of_every_example() {
    for (name, _) in EXAMPLES {
        let md = madr(&example(name), DATE);
        assert_structure(&md);
        insta::assert_snapshot!(format!("madr_{name}"), md);
    }
}

#[test]
fn chosen_option_is_stated_with_its_headline_and_every_option_is_considered() {
    let report = example("small-azure-ingestion");
    let md = madr(&report, DATE);
    assert!(md.contains("# Run Kafka Connect for Retail telemetry ingestion (small, Azure-native) on Event Hubs Standard\n"));
    assert!(md.contains(
        "Chosen option: \"Event Hubs Standard\", because it comes out best: recommended of the 8 options that clear every hard limit"
    ));
    for (e, _) in report.options() {
        assert!(md.contains(&format!("### {}\n", e.option.label())));
        assert!(md.contains(&format!("- {}: ", e.option.label())));
    }
    // Log4brains reads these from the list under the title.
    assert!(md.contains("\n- Status: proposed\n- Date: 2026-08-01\n"));
    // The front matter closes after a blank line (see front_matter()).
    assert!(md.contains("informed: []\n\n---\n"));
    // Confirmation points at the FOCUS comparison.
    assert!(md.contains("`connect-advisor-option=event_hubs.standard`"));
    assert!(md.contains("FocusCost"));
}

#[test]
fn links_use_the_base_url_for_stored_assessments() {
    let mut report = example("small-azure-ingestion");
    let id = uuid::Uuid::nil();
    report.provenance.assessment_id = Some(id);
    report.provenance.revision = Some(2);
    let md = madr_with_base_url(&report, DATE, Some("https://advisor.example.com/"));
    assert!(md.contains(&format!(
        "[report](<https://advisor.example.com/assessments/{id}>)"
    )));
    let md = madr(&report, DATE);
    assert!(md.contains(&format!("`/api/assessments/{id}/report`")));
    // A base that is not a plain URL is not linked.
    let md = madr_with_base_url(&report, DATE, Some("javascript:alert(1)"));
    assert!(!md.contains("javascript:"));
}

#[test]
fn no_viable_option_is_said_plainly_with_what_would_have_to_change() {
    let mut report = example("debezium-sqlserver-cdc");
    // No real input disqualifies self-managed Kafka today (see decision::tests::none_viable),
    // so the decision is made to look like one where nothing is viable.
    for v in &mut report.decision.options {
        if v.verdict != Verdict::Disqualified {
            v.verdict = Verdict::Disqualified;
            v.reasons.push(Reason {
                rule: "TEST-BLOCK".to_owned(),
                effect: Effect::Disqualify,
                message: "injected blocker".to_owned(),
                source: "https://example.org".to_owned(),
            });
        }
    }
    let rec = &mut report.decision.recommendation;
    rec.option = None;
    rec.status = RecommendationStatus::NoneViable;
    rec.runner_up = None;
    rec.close_call = None;
    rec.why_not_cheapest = None;
    rec.headline = "No option is viable: every option exceeds a documented hard limit.".to_owned();
    rec.if_relaxed = vec![
        "Self-managed Kafka on AKS: TEST-BLOCK".to_owned(),
        "Event Hubs Premium: PREVIEW-PROD, R9-CODEC".to_owned(),
    ];
    let md = madr(&report, DATE);
    assert_structure(&md);
    assert!(md.contains("status: proposed"));
    assert!(md.contains(": no option clears every hard limit\n"));
    assert!(md.contains("Chosen option: none, because no option clears every hard limit."));
    assert!(md.contains("- Self-managed Kafka on AKS: TEST-BLOCK\n"));
    assert!(!md.contains("Chosen option: \""));
    insta::assert_snapshot!("madr_none_viable", md);
}

#[test]
fn hostile_names_stay_text() {
    let report = hostile_report();
    let md = madr(&report, DATE);
    assert_structure(&md);
    // No raw HTML, no heading or list opened by a name, no unescaped pipe in a table.
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(!md.contains("\n# heading"));
    assert!(md.contains("| \\# heading |"));
    assert!(md.contains("| a\\|b\\|c |"));
    assert!(md.contains("\\`code\\` and \\*\\*bold\\*\\* \\[link\\](http://evil.example)"));
    assert!(md.contains("1\\. list \\& \\$x\\$ \\~\\~strike\\~\\~ \\_em\\_"));
    assert!(md.contains("# Run Kafka Connect for \\=cmd\\|' /C calc'!A0 on "));
    for name in HOSTILE_NAMES {
        assert!(
            md.contains(&escape_md(name)),
            "{name} should appear escaped"
        );
    }
}

#[test]
fn escaping_neutralises_block_and_inline_syntax() {
    assert_eq!(escape_md("# x"), "\\# x");
    assert_eq!(escape_md("- x"), "\\- x");
    assert_eq!(escape_md("a-b"), "a-b");
    assert_eq!(escape_md("12) x"), "12\\) x");
    assert_eq!(escape_md("12 x"), "12 x");
    assert_eq!(escape_md("25.0"), "25.0");
    assert_eq!(escape_md("3."), "3\\.");
    assert_eq!(escape_md("a\nb\r\tc"), "a b  c");
    assert_eq!(escape_md("<b>&amp;</b>"), "\\<b\\>\\&amp;\\</b\\>");
    assert_eq!(escape_md("plain name"), "plain name");
}

#[test]
fn a_recorded_decision_sets_status_date_and_decision_maker() {
    use crate::domain::DecisionStatus;
    use crate::report::decision_record::{AcceptedDecision, RecordedDecision};
    let report = example("small-azure-ingestion");
    let accepted_on = date!(2026 - 09 - 15);
    // A name from an identity header that tries to break out of the YAML list and the line.
    let by = "dana\", evil: [\"x\"] # <b>";
    let decision = RecordedDecision {
        status: DecisionStatus::Superseded,
        revision: 1,
        comment: Some("Replaced: *re-sized*\n# not a heading".to_owned()),
        by: Some(by.to_owned()),
        on: Some(accepted_on),
        accepted: Some(AcceptedDecision {
            revision: 2,
            pricing_version: "book-v2".to_owned(),
            by: "admin token".to_owned(),
            on: accepted_on,
            recommendation: "Event Hubs Premium".to_owned(),
            monthly_total: "4321.00".to_owned(),
            currency: "USD".to_owned(),
        }),
    };
    let md = madr_with_decision(&report, DATE, None, Some(&decision));
    // The date is the change's, not the export's.
    assert!(
        md.starts_with("---\nstatus: superseded\ndate: 2026-09-15\n"),
        "{md}"
    );
    // The name is one JSON string: YAML reads it as a single double-quoted scalar.
    let makers = md
        .lines()
        .find(|l| l.starts_with("decision-makers:"))
        .unwrap();
    assert_eq!(
        makers,
        format!("decision-makers: [{}]", serde_json::to_string(by).unwrap())
    );
    assert!(md.contains("\n- Status: superseded\n- Date: 2026-09-15\n"));
    assert!(!md.contains("\n# not a heading"));
    assert!(md.contains("Replaced: \\*re-sized\\* \\# not a heading"));
    assert!(md.contains(
        "**Accepted decision:** revision 2 was accepted by admin token on 2026-09-15 (recommendation: Event Hubs Premium; USD 4321.00 a month; price book book-v2)."
    ));
    // The body of the record is unchanged by the decision: only the head differs.
    let plain = madr(&report, DATE);
    let body = |s: &str| s[s.find("## Context and Problem Statement").unwrap()..].to_owned();
    assert_eq!(body(&md), body(&plain));
    let head = &md[..md.find("## Context and Problem Statement").unwrap()];
    insta::assert_snapshot!("madr_head_with_decision", head);
}
