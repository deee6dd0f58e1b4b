//! Golden recommendations of the three examples, priced by the real cost model on the fixture price book:
//! the status, headline, `why_not_cheapest` and close call, with each option's score and
//! totals next to them so a reviewer can redo the arithmetic from the snapshot alone.

use std::fmt::Write as _;

use crate::decision::rules;
use crate::report::{Provenance, Report};

fn report(name: &str) -> Report {
    let a = crate::test_support::example_assessment(name);
    Report::build(a, Provenance::default(), crate::test_support::price_book())
}

fn summary(r: &Report) -> String {
    let rec = &r.decision.recommendation;
    let json = serde_json::to_value(rec).expect("serialisable");
    let mut s = String::new();
    let _ = writeln!(s, "status: {}", json["status"]);
    let _ = writeln!(
        s,
        "recommended: {}",
        rec.option.map_or("none".to_owned(), |o| o.to_string())
    );
    let _ = writeln!(s, "headline: {}", rec.headline);
    let _ = writeln!(
        s,
        "why_not_cheapest: {}",
        rec.why_not_cheapest.as_deref().unwrap_or("—")
    );
    let _ = writeln!(
        s,
        "close_call: {}",
        rec.close_call.as_deref().unwrap_or("—")
    );
    let _ = writeln!(s, "options:");
    for (e, v) in r.options() {
        let Some(v) = v else { continue };
        let _ = writeln!(
            s,
            "- {}: {:?}, score {}, {}/month infrastructure, {}/month with people{}{}",
            e.option,
            v.verdict,
            v.score,
            e.total.round_dp(2),
            e.total_with_people.round_dp(2),
            if e.missing_prices > 0 {
                ", prices missing"
            } else {
                ""
            },
            if e.lower_bound { ", lower bound" } else { "" },
        );
        for reason in &v.reasons {
            let rule = rules()
                .iter()
                .find(|x| x.id == reason.rule)
                .expect("known rule");
            let _ = writeln!(
                s,
                "    {:?} {:+} {} ({})",
                reason.effect,
                rule.points(),
                rule.title,
                rule.id
            );
        }
    }
    s
}

#[test]
fn example_recommendations_read_correctly() {
    for name in [
        "small-azure-ingestion",
        "debezium-sqlserver-cdc",
        "large-multi-team-estate",
    ] {
        insta::assert_snapshot!(format!("recommendation_{name}"), summary(&report(name)));
    }
}
