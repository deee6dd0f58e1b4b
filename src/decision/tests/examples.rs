//! The three example assessments, with the expected outcome written down before the engine
//! ran (the reasoning is in each test's comment). Costs are synthetic.

use super::support::*;
use crate::decision::{Effect, RecommendationStatus, Verdict};
use crate::domain::{Assessment, ObjectStorageProfile, PlatformOption};

fn example(name: &str) -> Assessment {
    let text = match name {
        "small" => include_str!("../../../examples/small-azure-ingestion.json"),
        "cdc" => include_str!("../../../examples/debezium-sqlserver-cdc.json"),
        _ => include_str!("../../../examples/large-multi-team-estate.json"),
    };
    match Assessment::parse_json(text.as_bytes()) {
        Ok(a) => a,
        Err(e) => panic!("example {name} is invalid: {e:?}"),
    }
}

fn verdict(d: &crate::decision::Decision, o: crate::domain::PlatformOption) -> Verdict {
    d.options
        .iter()
        .find(|v| v.option == o)
        .map(|v| v.verdict)
        .expect("every option has a verdict")
}

/// Small Azure-native estate, low ops maturity, prefers managed.
/// Topic count: 3 internal + 5 data + 1 DLQ (pos-events-to-adls) = 9 ≤ 10, so Standard fits;
/// widest topic 8 (offsets 25) ≤ 32; 72 h ≤ 168 h; 64 KiB records; no compression; peak
/// 8 MB/s ≤ 40. Expected: Event Hubs Standard, clearly — favoured by R16-MANAGED and
/// COST-CHEAPEST (1,500 vs Premium 2,400), no disqualifier anywhere on Event Hubs.
#[test]
fn small_azure_estate_goes_to_event_hubs_standard() {
    let a = example("small");
    let c = priced(&a, [1_500, 2_400, 9_000, 6_000, 5_000]);
    let d = decide(&a, &c);

    assert_eq!(
        d.recommendation.option,
        Some(STD),
        "{}",
        d.recommendation.headline
    );
    assert_eq!(d.recommendation.status, RecommendationStatus::Clear);
    assert_eq!(verdict(&d, STD), Verdict::Recommended);
    assert!(fired(&d, STD, "R16-MANAGED"));
    assert!(fired(&d, STD, "COST-CHEAPEST"));
    assert!(
        !fired(&d, STD, "R3-STD"),
        "9 topics fit the 10-topic budget"
    );
    // Only the tiered-storage variant and the object-storage profiles other than the default,
    // left out of these five-option synthetic costs (CAP-LB).
    assert!(
        disqualified(&d)
            .iter()
            .all(|o| o.variant.is_tiered() || (o.profile.is_some() && *o != OBJ)),
        "{:?}",
        disqualified(&d)
    );
    assert!(fired(&d, self_aks(), "R16-OPS"));
    assert!(
        reasons(&d, STD, "COST-CHEAPEST")[0]
            .message
            .contains("USD 1,500/month"),
        "cost quoted"
    );
    // Event Hubs-specific proof items are in the checklist.
    let ids: Vec<&str> = d.checklist.iter().map(|i| i.id.as_str()).collect();
    for id in [
        "internal-topics",
        "event-hubs-client-settings",
        "unique-group-ids",
        "dlq",
    ] {
        assert!(ids.contains(&id), "missing {id}: {ids:?}");
    }
    assert!(!ids.contains(&"exactly-once-drills"));
    let internal = &d.checklist[0];
    assert!(internal.how.contains("#167"), "{}", internal.how);
}

/// On-premises SQL Server CDC: 720 h retention, lz4, exactly-once Debezium sources.
/// lz4 rules out every Event Hubs tier (R9-CODEC); Standard also fails the topic budget
/// (333 topics), retention (720 > 168) and transactions; Premium/Dedicated would need the
/// transactions preview (PREVIEW, a risk: the team does not ask for GA-only features).
/// WarpStream BYOC stores natively in Blob and supports transactions and compaction: its risks
/// (transactions to prove on the agent version, internal topics created compacted, 200 ms to
/// measure against object-storage latency) score it 1 point below self-managed Kafka, not a
/// material gap, so the cheaper of the two is recommended. Expected: WarpStream when it costs
/// less, self-managed Kafka on AKS, clearly, when it does not.
#[test]
fn on_prem_cdc_with_lz4_and_exactly_once_goes_to_self_managed_kafka() {
    let a = example("cdc");
    let c = priced(&a, [4_000, 6_000, 20_000, 30_000, 21_000]);
    let d = decide(&a, &c);
    assert_eq!(
        d.recommendation.option,
        Some(OBJ),
        "{}",
        d.recommendation.headline
    );
    assert_eq!(d.recommendation.runner_up, Some(self_aks()));
    for r in [
        "OBJ-WS-TXN",
        "OBJ-WS-COMPACT",
        "OBJ-WS-LAB",
        "R7-LONG",
        "COST-CHEAPEST",
    ] {
        assert!(fired(&d, OBJ, r), "{r}");
    }
    let c = priced(&a, [4_000, 6_000, 20_000, 30_000, 40_000]);
    let d = decide(&a, &c);

    for eh in [STD, PREM, DED] {
        assert_eq!(verdict(&d, eh), Verdict::Disqualified, "{eh}");
        assert!(fired(&d, eh, "R9-CODEC"), "{eh}");
    }
    assert!(fired(&d, STD, "R3-STD") && fired(&d, STD, "R7-STD") && fired(&d, STD, "R5-STD"));
    assert!(fired(&d, PREM, "PREVIEW") && fired(&d, DED, "PREVIEW"));
    assert!(
        reasons(&d, PREM, "PREVIEW")[0]
            .message
            .contains("Kafka transactions")
    );
    assert!(
        reasons(&d, STD, "R7-STD")[0]
            .message
            .contains("retention 720 h")
    );
    assert!(reasons(&d, STD, "R3-STD")[0].message.contains("333 topics"));

    assert_eq!(
        d.recommendation.option,
        Some(self_aks()),
        "{}",
        d.recommendation.headline
    );
    assert_eq!(d.recommendation.status, RecommendationStatus::Clear);
    assert_eq!(d.recommendation.runner_up, Some(OBJ));
    // The AutoMQ profiles keep their own risks (left out here as lower bounds).
    let automq = PlatformOption::object_storage(ObjectStorageProfile::AutoMq);
    for r in ["R5-OBJ", "R15-LAB", "OBJ-AUTOMQ-AZURE"] {
        assert!(fired(&d, automq, r), "{r}");
    }
    let oss = PlatformOption::object_storage(ObjectStorageProfile::AutoMqOpenSource);
    assert!(fired(&d, oss, "OS-BLOB"));
    assert_eq!(verdict(&d, oss), Verdict::Disqualified);

    let ids: Vec<&str> = d.checklist.iter().map(|i| i.id.as_str()).collect();
    for id in [
        "exactly-once-drills",
        "schema-history",
        "connector-isolation",
        "self-managed-platform",
    ] {
        assert!(ids.contains(&id), "missing {id}: {ids:?}");
    }
    assert!(!ids.contains(&"event-hubs-client-settings"));
    let net = d
        .checklist
        .iter()
        .find(|i| i.id == "private-connectivity")
        .expect("connectivity item");
    assert!(net.why.contains("on-premises: cdc-accounts"), "{}", net.why);
}

/// Large multi-team estate: zstd, needs the AdminClient and Kafka Streams, 1 MiB records,
/// 50 ms p99 latency. zstd and R11-ADMIN rule out every Event Hubs tier; R8 also rules out
/// Standard and Premium (1,048,576 ≥ 1,046,528 bytes), while Dedicated would take 1 MiB records
/// through its 20 MB preview (PREVIEW, with Kafka Streams). 50 ms < 100 ms rules out the
/// open-source object-storage build (R15-OSS).
/// Expected: self-managed Kafka on AKS as the only option standing.
#[test]
fn large_multi_team_estate_goes_to_self_managed_kafka() {
    let a = example("large");
    let c = priced(&a, [30_000, 40_000, 90_000, 120_000, 80_000]);
    let d = decide(&a, &c);

    for eh in [STD, PREM, DED] {
        for r in ["R9-CODEC", "R11-ADMIN"] {
            assert!(fired(&d, eh, r), "{eh} {r}");
        }
    }
    assert!(fired(&d, STD, "R8") && fired(&d, PREM, "R8") && !fired(&d, DED, "R8"));
    let preview = &reasons(&d, DED, "PREVIEW")[0].message;
    assert!(
        preview.contains("messages of 1,048,576 bytes") && preview.contains("Kafka Streams"),
        "{preview}"
    );
    assert!(fired(&d, STD, "KS-STD"));
    // 50 ms: object-storage acknowledgement rules out WarpStream and open-source AutoMQ.
    assert!(fired(&d, OBJ, "OBJ-WS-LATENCY"));
    assert_eq!(verdict(&d, OBJ), Verdict::Disqualified);

    assert_eq!(d.recommendation.option, Some(self_aks()));
    assert!(
        d.recommendation.headline.contains("the only option"),
        "{}",
        d.recommendation.headline
    );
    assert!(fired(&d, self_aks(), "R16-CONTROL"));
    // Cost rules rank only what is standing: a single survivor is neither cheapest nor dear.
    assert!(!fired(&d, self_aks(), "COST-CHEAPEST") && !fired(&d, self_aks(), "COST-HIGH"));
}

#[test]
fn path_lists_hard_limits_before_soft_criteria_and_cost() {
    let a = example("cdc");
    let d = decide(&a, &priced(&a, [4_000, 6_000, 20_000, 30_000, 21_000]));
    let first_soft = d
        .path
        .iter()
        .position(|f| f.effect != Effect::Disqualify)
        .expect("soft rules fired");
    assert!(
        d.path[first_soft..]
            .iter()
            .all(|f| f.effect != Effect::Disqualify)
    );
    // Identical messages are grouped into one step naming every option they touch: no
    // (rule, message) pair repeats, and some step covers several options.
    let mut seen = std::collections::HashSet::new();
    for f in &d.path {
        assert!(
            seen.insert((f.rule.clone(), f.message.clone())),
            "{} repeated",
            f.rule
        );
    }
    assert!(
        d.path.iter().any(|f| f.options.len() > 1),
        "no grouped step"
    );
}

#[test]
fn report_json_uses_the_documented_keys() {
    let a = example("small");
    let d = decide(&a, &priced(&a, [1_500, 2_400, 9_000, 6_000, 5_000]));
    let v = serde_json::to_value(&d).expect("serialisable");
    assert_eq!(v["recommendation"]["platform"], "event_hubs");
    assert_eq!(v["recommendation"]["variant"], "standard");
    assert_eq!(v["options"][0]["verdict"], "recommended");
    let reason = &v["options"][0]["reasons"][0];
    for key in ["rule", "effect", "message", "source"] {
        assert!(reason.get(key).is_some(), "{key}");
    }
    assert!(v["checklist"][0].get("why").is_some());
}
