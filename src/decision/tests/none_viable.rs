//! The "nothing is viable" path. No documented limit disqualifies self-managed Kafka, so no
//! real input reaches it today; the test injects a blocker to prove the path is sound.

use serde_json::json;

use super::support::*;
use crate::decision::context::RuleCtx;
use crate::decision::recommend::recommend;
use crate::decision::verdict::run;
use crate::decision::{Effect, Reason, RecommendationStatus, Verdict};
use crate::estate::EstateFacts;
use crate::knowledge::ConnectorKb;

#[test]
fn none_viable_names_no_option_and_lists_blockers_fewest_first() {
    let a = scenario(&json!({
        "workload": {"compression": "lz4", "retention_hours": 720},
        "team": {"max_write_latency_ms": 10}
    }));
    let kb = ConnectorKb::embedded();
    let facts = EstateFacts::derive(&a, kb);
    let mut ctx = RuleCtx::new(&a, &facts, kb, &[]);
    let mut outcome = run(&mut ctx);
    for s in &mut outcome.verdicts {
        if s.verdict.verdict != Verdict::Disqualified {
            s.verdict.verdict = Verdict::Disqualified;
            s.verdict.reasons.push(Reason {
                rule: "TEST-BLOCK".to_owned(),
                effect: Effect::Disqualify,
                message: "injected".to_owned(),
                source: "https://example.org".to_owned(),
            });
        }
    }
    let (rec, verdicts) = recommend(&ctx, outcome.verdicts);
    assert_eq!(rec.option, None);
    assert_eq!(rec.status, RecommendationStatus::NoneViable);
    assert!(
        rec.headline.starts_with("No option is viable"),
        "{}",
        rec.headline
    );
    assert_eq!(rec.if_relaxed.len(), 9);
    // Premium, Dedicated, self-managed (injected) and three object-storage profiles have one
    // blocker each and keep report order; Standard has two (R7-STD, R9-CODEC), and so has
    // AutoMQ open source (R15-OSS, OS-BLOB), which comes after it in report order.
    assert!(
        rec.if_relaxed[0].starts_with("Event Hubs Premium"),
        "{:?}",
        rec.if_relaxed
    );
    assert!(
        rec.if_relaxed[7].starts_with("Event Hubs Standard"),
        "{:?}",
        rec.if_relaxed
    );
    assert!(
        rec.if_relaxed[8].starts_with("AutoMQ open source"),
        "{:?}",
        rec.if_relaxed
    );
    let standard = rec
        .if_relaxed
        .iter()
        .find(|l| l.starts_with("Event Hubs Standard"))
        .expect("listed");
    assert!(
        standard.contains("R7-STD") && standard.contains("R9-CODEC"),
        "{standard}"
    );
    assert!(verdicts.iter().all(|v| v.verdict == Verdict::Disqualified));
    let json = serde_json::to_value(&rec).expect("serialisable");
    assert!(json.get("platform").is_none() && json["status"] == "none_viable");
}

#[test]
fn close_calls_say_what_would_tip_them() {
    // Standard and Premium share every reason; costs 1,000 vs 1,050 are within 10%.
    let a = scenario(&json!({}));
    let d = decide(&a, &priced(&a, [1_000, 1_050, 9_000, 6_000, 5_000]));
    assert_eq!(d.recommendation.option, Some(STD));
    assert_eq!(d.recommendation.status, RecommendationStatus::CloseCall);
    assert_eq!(d.recommendation.runner_up, Some(PREM));
    let text = d
        .recommendation
        .close_call
        .as_deref()
        .expect("close call explained");
    assert!(
        text.contains("(USD 1,000 vs USD 1,050, 5% apart)"),
        "{text}"
    );
    assert!(
        text.contains("its monthly cost with people came down by more than 5%"),
        "{text}"
    );
    assert!(
        d.recommendation.headline.starts_with("Close call"),
        "{}",
        d.recommendation.headline
    );
}
