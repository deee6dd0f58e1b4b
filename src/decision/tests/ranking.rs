//! The ranking as the README writes it down: hard limits, then material risks, then cost; the
//! close-call band and margin; `why_not_cheapest`; nothing ranked on an unpriced or lower-bound
//! total. Arithmetic is written out in each test.

use rust_decimal::Decimal;
use serde_json::json;

use super::support::*;
use crate::decision::{OptionCost, RecommendationStatus, Verdict};
use crate::domain::PlatformOption;

fn verdict(d: &crate::decision::Decision, o: PlatformOption) -> Verdict {
    d.options
        .iter()
        .find(|v| v.option == o)
        .map(|v| v.verdict)
        .expect("every option has a verdict")
}

fn score(d: &crate::decision::Decision, o: PlatformOption) -> i32 {
    d.options
        .iter()
        .find(|v| v.option == o)
        .map(|v| v.score)
        .expect("every option has a verdict")
}

fn with_people(costs: &mut [OptionCost], o: PlatformOption, people: i64) {
    for c in costs.iter_mut().filter(|c| c.option == o) {
        c.monthly_total_with_people = c.monthly_total + Decimal::from(people);
    }
}

/// Every option carries the same reasons on the base scenario except Event Hubs' favour for a
/// team that prefers managed services (R16-MANAGED +2) and its Connect-preview disfavour
/// (R12-PREVIEW −1), and self-run options' R16-OPS (−2). With a non-material gap the cheaper
/// contender wins; the cost rules add no points.
#[test]
fn cost_decides_among_options_within_the_material_gap() {
    let a = scenario(&json!({}));
    // Standard 1,000 vs Premium 1,500: both score +1, so cost decides.
    let d = decide(&a, &priced(&a, [1_500, 1_000, 9_000, 6_000, 5_000]));
    assert_eq!(score(&d, STD), score(&d, PREM));
    assert_eq!(
        d.recommendation.option,
        Some(PREM),
        "{}",
        d.recommendation.headline
    );
    assert_eq!(
        d.recommendation.why_not_cheapest, None,
        "PREM is the cheapest"
    );
    assert!(
        d.recommendation
            .headline
            .contains("no option that clears every hard limit costs less"),
        "{}",
        d.recommendation.headline
    );
    // The 50% gap (1,500 vs 1,000) is outside the 10% band: not a close call.
    assert_eq!(d.recommendation.status, RecommendationStatus::Clear);
}

/// A material risk outweighs a saving, and `why_not_cheapest` says which and by how much.
/// Cross-region DR: Standard gets DR-STD (risk 3), Premium/Dedicated DR-GEO (favour 1), so
/// Standard scores +1 − 3 = −2 and Premium +1 + 1 = +2: a gap of 4 ≥ 3, material.
/// Saving: Premium 2,400 − Standard 1,500 = 900/month = 10,800/year (infrastructure); with
/// people (Standard +100, Premium +100) the same 900/month.
#[test]
fn a_material_risk_outweighs_the_saving_and_says_so() {
    let a = scenario(&json!({"team": {"cross_region_dr": true}}));
    let mut c = priced(&a, [1_500, 2_400, 9_000, 6_000, 5_000]);
    with_people(&mut c, STD, 100);
    with_people(&mut c, PREM, 100);
    let d = decide(&a, &c);
    assert_eq!(score(&d, STD), -2);
    assert_eq!(score(&d, PREM), 2);
    assert_eq!(d.recommendation.option, Some(PREM));
    let why = d
        .recommendation
        .why_not_cheapest
        .as_deref()
        .expect("Standard is cheaper and set aside");
    for part in [
        "Event Hubs Standard, the cheapest option that clears every hard limit",
        "saves USD 900/month (saves USD 10,800/year) with people",
        "saves USD 900/month (saves USD 10,800/year) on infrastructure alone",
        "scores -2 against 2 for Event Hubs Premium, 4 points behind (a gap of 3 or more is material)",
        "only it carries Cross-region DR: Standard's Geo-DR replicates metadata only (DR-STD, -3), and only Event Hubs Premium carries Cross-region DR: Premium/Dedicated geo-replication copies data and Kafka offsets (DR-GEO, +1)",
    ] {
        assert!(why.contains(part), "missing {part:?} in {why}");
    }
    assert!(
        d.recommendation
            .headline
            .contains("Event Hubs Standard costs less but scores materially lower"),
        "{}",
        d.recommendation.headline
    );
}

/// With people the ranking can flip: self-managed Kafka's infrastructure is the cheapest of
/// the contenders but its people cost is not. Scores: Standard −1 (R12-PREVIEW) −3 (DR-STD) =
/// −4; Premium and Dedicated −1 +1 (DR-GEO) = 0; self-managed +2 (R16-CONTROL) −2 (DR-SELF) = 0;
/// object storage (WarpStream) −2 (DR-SELF) = −2. Contenders (≥ 0 − 2): Premium 2,000,
/// Dedicated 9,000, self-managed 900 + 2,000 people = 2,900 and WarpStream 5,000 → Premium. The cheapest option
/// standing with people is Standard (1,000 + 500 = 1,500): 500/month and 6,000/year cheaper
/// with people, 1,000/month and 12,000/year on infrastructure alone.
#[test]
fn totals_with_people_decide_and_both_are_quoted() {
    let a = scenario(
        &json!({"team": {"prefers_managed": false, "operates_kafka_today": true,
        "ops_maturity": "high", "cross_region_dr": true}}),
    );
    let mut c = priced(&a, [1_000, 2_000, 9_000, 900, 5_000]);
    with_people(&mut c, STD, 500);
    with_people(&mut c, self_aks(), 2_000);
    let d = decide(&a, &c);
    assert_eq!(
        [
            score(&d, STD),
            score(&d, PREM),
            score(&d, DED),
            score(&d, self_aks()),
            score(&d, OBJ)
        ],
        [-4, 0, 0, 0, -2]
    );
    assert_eq!(
        d.recommendation.option,
        Some(PREM),
        "{}",
        d.recommendation.headline
    );
    let why = d
        .recommendation
        .why_not_cheapest
        .as_deref()
        .expect("Standard set aside");
    for part in [
        "Event Hubs Standard, the cheapest option that clears every hard limit, saves USD 500/month (saves USD 6,000/year) with people and saves USD 1,000/month (saves USD 12,000/year) on infrastructure alone",
        "scores -4 against 0 for Event Hubs Premium, 4 points behind",
        "only Event Hubs Premium carries Cross-region DR: Premium/Dedicated geo-replication copies data and Kafka offsets (DR-GEO, +1)",
    ] {
        assert!(why.contains(part), "missing {part:?} in {why}");
    }
}

/// A 2× cost gap is never a close call, even at equal scores.
#[test]
fn a_two_fold_cost_gap_is_never_a_close_call() {
    let a = scenario(&json!({}));
    let d = decide(&a, &priced(&a, [1_000, 2_000, 9_000, 6_000, 5_000]));
    assert_eq!(score(&d, STD), score(&d, PREM));
    assert_eq!(d.recommendation.option, Some(STD));
    assert_eq!(d.recommendation.status, RecommendationStatus::Clear);
    assert_eq!(d.recommendation.close_call, None);
}

/// The band and the margin, at their edges: 10% apart is close, 10.1% is not; a 2-point score
/// gap is close, 3 points is not (and is then material).
#[test]
fn close_call_band_and_margin_at_their_edges() {
    let a = scenario(&json!({}));
    // 1,000 vs 1,100: exactly 10% of the cheaper.
    let d = decide(&a, &priced(&a, [1_000, 1_100, 9_000, 6_000, 5_000]));
    assert_eq!(d.recommendation.status, RecommendationStatus::CloseCall);
    // 1,000 vs 1,101: 10.1%.
    let d = decide(&a, &priced(&a, [1_000, 1_101, 9_000, 6_000, 5_000]));
    assert_eq!(d.recommendation.status, RecommendationStatus::Clear);
    // Scores 2 apart (+1 vs −1: R10-PREM −2 on Premium at 121 MB/s), totals 5% apart: close.
    let a = scenario(&json!({"workload": {"write_mb_per_s": 121}}));
    let d = decide(&a, &priced(&a, [1_050, 1_000, 90_000, 60_000, 50_000]));
    // Standard is disqualified at 121 MB/s only through sizing, which these costs do not
    // carry; the runner-up pair is Premium and Standard.
    let gap = (score(&d, STD) - score(&d, PREM)).abs();
    assert_eq!(gap, 2, "{:?}", d.options);
    assert_eq!(d.recommendation.status, RecommendationStatus::CloseCall);
}

/// An option with an unpriced line stops all ranking on cost: status prices_missing, the
/// headline says so, and why_not_cheapest is not claimed.
#[test]
fn missing_prices_rank_nothing_on_cost() {
    let a = scenario(&json!({}));
    let d = decide(
        &a,
        &costs(
            &a,
            &[
                (5_000, true),
                (1_000, false),
                (9_000, true),
                (6_000, true),
                (5_000, true),
            ],
        ),
    );
    assert_eq!(d.recommendation.status, RecommendationStatus::PricesMissing);
    assert!(
        d.recommendation
            .headline
            .contains("prices are missing for Event Hubs Premium, so nothing is ranked on cost"),
        "{}",
        d.recommendation.headline
    );
    assert_eq!(d.recommendation.why_not_cheapest, None);
    let json = serde_json::to_value(&d.recommendation).expect("serialisable");
    assert_eq!(json["status"], "prices_missing");
    assert!(json.get("why_not_cheapest").is_some(), "key always present");
}

/// A lower-bound total is a disqualification (CAP-LB): never recommended, never "cheapest".
#[test]
fn a_lower_bound_total_is_never_ranked() {
    let a = scenario(&json!({}));
    let mut c = priced(&a, [5_000, 100, 9_000, 6_000, 5_500]);
    c[1].lower_bound = true;
    let d = decide(&a, &c);
    assert_eq!(verdict(&d, PREM), Verdict::Disqualified);
    assert_eq!(d.recommendation.option, Some(STD));
    assert_eq!(d.recommendation.why_not_cheapest, None);
}

/// Without costs the ranking is on score alone and never claims a close call.
#[test]
fn without_costs_rank_on_score_only() {
    let a = scenario(&json!({}));
    let d = decide(&a, &[]);
    assert!(matches!(
        d.recommendation.status,
        RecommendationStatus::Clear
    ));
    assert_eq!(d.recommendation.why_not_cheapest, None);
}

/// Dedicated's record limit at its edges: 20 MiB accepted (a preview), one byte more refused.
#[test]
fn dedicated_record_size_edges() {
    let at =
        scenario(&json!({"workload": {"max_record_bytes": 20_971_520, "avg_record_bytes": 1_024}}));
    let d = decide(&at, &[]);
    assert!(!fired(&d, DED, "R8"));
    assert!(
        reasons(&d, DED, "PREVIEW")[0]
            .message
            .contains("messages of 20,971,520 bytes")
    );
    let over = scenario(&json!({"workload": {"max_record_bytes": 20_971_521}}));
    let d = decide(&over, &[]);
    assert!(
        reasons(&d, DED, "R8")[0]
            .message
            .contains("20,971,521 bytes")
    );
    // Below Standard's hard limit Dedicated needs no preview feature.
    let below = scenario(&json!({"workload": {"max_record_bytes": 1_046_527}}));
    let d = decide(&below, &[]);
    assert!(!fired(&d, DED, "PREVIEW") && fired(&d, DED, "R8-REQ"));
    // The risk band ends where the hard limit starts.
    let hard = scenario(&json!({"workload": {"max_record_bytes": 1_046_528}}));
    let d = decide(&hard, &[]);
    assert!(fired(&d, PREM, "R8") && !fired(&d, PREM, "R8-REQ"));
}

/// One preview policy: the same features are a risk, or a disqualification when the team
/// accepts only generally available features — never both.
#[test]
fn one_preview_policy_for_every_preview_feature() {
    for patch in [
        json!({"team": {"needs_kafka_streams": true}}),
        json!({"connectors": [connector("c1", "org.apache.iceberg.connect.IcebergSinkConnector", "sink", json!({}))]}),
    ] {
        let mut strict = patch.clone();
        merge(
            &mut strict,
            &json!({"team": {"production_support_only": true}}),
        );
        let d = decide(&scenario(&patch), &[]);
        assert!(fired(&d, PREM, "PREVIEW") && !fired(&d, PREM, "PREVIEW-PROD"));
        let d = decide(&scenario(&strict), &[]);
        assert!(fired(&d, PREM, "PREVIEW-PROD") && !fired(&d, PREM, "PREVIEW"));
        assert_eq!(verdict(&d, PREM), Verdict::Disqualified);
    }
}

/// A sole survivor with an unpriced line is still named, and the headline says its total is
/// a lower bound.
#[test]
fn a_sole_survivor_with_missing_prices_says_so() {
    // lz4 disqualifies every Event Hubs tier; a 50 ms latency bound the open-source
    // object-storage build; only self-managed Kafka stands.
    let a = scenario(&json!({"workload": {"compression": "lz4"},
        "team": {"max_write_latency_ms": 50}}));
    let d = decide(
        &a,
        &costs(
            &a,
            &[(1, true), (1, true), (1, true), (6_000, false), (1, true)],
        ),
    );
    assert_eq!(d.recommendation.option, Some(self_aks()));
    assert_eq!(d.recommendation.status, RecommendationStatus::PricesMissing);
    assert!(
        d.recommendation
            .headline
            .contains("its total is a lower bound"),
        "{}",
        d.recommendation.headline
    );
}

/// Equal totals need no explanation: nothing is cheaper than the recommended option, so
/// `why_not_cheapest` stays `None` even when an equally priced option comes first in report
/// order. With cross-region DR Standard scores −2 and Premium +2 (see above); both cost 1,000.
#[test]
fn equal_totals_need_no_why_not_cheapest() {
    let a = scenario(&json!({"team": {"cross_region_dr": true}}));
    let d = decide(&a, &priced(&a, [1_000, 1_000, 3_000, 4_000, 5_000]));
    assert_eq!(d.recommendation.option, Some(PREM));
    assert_eq!(d.recommendation.why_not_cheapest, None);
    assert!(
        d.recommendation
            .headline
            .contains("no option that clears every hard limit costs less"),
        "{}",
        d.recommendation.headline
    );
}
