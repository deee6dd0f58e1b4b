//! Properties over generated estates: the recommendation is never disqualified, every
//! disqualification is sourced, and stricter requirements never rescue an option.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::support::*;
use crate::decision::{Decision, Effect, RecommendationStatus, Verdict};
use crate::domain::Assessment;

const PALETTE: &[(&str, &str)] = &[
    ("io.debezium.connector.mysql.MySqlConnector", "source"),
    (
        "io.debezium.connector.postgresql.PostgresConnector",
        "source",
    ),
    ("io.confluent.connect.jdbc.JdbcSourceConnector", "source"),
    (
        "org.apache.kafka.connect.mirror.MirrorSourceConnector",
        "source",
    ),
    ("io.confluent.connect.jdbc.JdbcSinkConnector", "sink"),
    (
        "com.snowflake.kafka.connector.SnowflakeSinkConnector",
        "sink",
    ),
    ("org.apache.iceberg.connect.IcebergSinkConnector", "sink"),
    ("io.confluent.connect.http.HttpSinkConnector", "sink"),
    ("com.example.connect.UnknownSink", "sink"),
];
const LOCATIONS: &[&str] = &[
    "azure_vnet",
    "azure_paas",
    "on_premises",
    "other_cloud",
    "internet_saas",
];
const CODECS: &[&str] = &["none", "gzip", "snappy", "lz4", "zstd"];
const MATURITY: &[&str] = &["low", "medium", "high"];

prop_compose! {
    fn connector_json(i: usize)(
        kind in 0..PALETTE.len(),
        location in 0..LOCATIONS.len(),
        tasks in 1u32..8,
        mb in 0u32..20,
        exactly_once: bool,
        dlq: bool,
        isolated: bool,
        topics_created in 0u32..30,
    ) -> Value {
        let (class, direction) = PALETTE[kind];
        json!({
            "name": format!("c{i}"),
            "class": class,
            "direction": direction,
            "tasks": tasks,
            "mb_per_s": mb,
            "system_location": LOCATIONS[location],
            "exactly_once": exactly_once,
            "dead_letter_queue": dlq && direction == "sink",
            "isolated": isolated,
            "topics_created": topics_created,
        })
    }
}

prop_compose! {
    fn estate()(
        write in 1u32..400,
        peak in 10u32..50,
        max_record in 1_024u32..2_000_000,
        retention in 1u32..5_000,
        topics in 1u32..60,
        per_topic in 1u32..60,
        codec in 0..CODECS.len(),
        source in connector_json(0),
        others in proptest::collection::vec(connector_json(1), 0..4),
        admin: bool,
        streams: bool,
        support: bool,
        managed: bool,
        operates: bool,
        maturity in 0..MATURITY.len(),
        latency in proptest::option::of(1u32..2_000),
        link in 0..3usize,
        egress in 0u32..50_000,
        subscription in prop_oneof![Just(0u32), 1u32..5_000],
    ) -> Value {
        // Rename generated connectors so names stay unique.
        let mut connectors = vec![source];
        for (i, mut c) in others.into_iter().enumerate() {
            c["name"] = json!(format!("c{}", i + 1));
            connectors.push(c);
        }
        let link = ["none", "vpn", "expressroute"][link];
        json!({
            "workload": {
                "write_mb_per_s": write,
                "peak_to_average": f64::from(peak) / 10.0,
                "max_record_bytes": max_record,
                "retention_hours": retention,
                "topics": topics,
                "partitions": topics * per_topic,
                "compression": CODECS[codec],
            },
            "connectors": connectors,
            "network": {
                "on_premises_link": link,
                "internet_egress_gb_per_month": egress,
            },
            "team": {
                "needs_admin_api": admin,
                "needs_kafka_streams": streams,
                "needs_vendor_support_for_connect": support,
                "prefers_managed": managed,
                "operates_kafka_today": operates,
                "ops_maturity": MATURITY[maturity],
                "max_write_latency_ms": latency,
            },
            "options": { "assumptions": { "object_storage_subscription_per_month": subscription } },
        })
    }
}

fn cost_table() -> impl Strategy<Value = Vec<(i64, bool)>> {
    proptest::collection::vec((100i64..200_000, proptest::bool::weighted(0.8)), 5)
}

fn check_invariants(d: &Decision) -> Result<(), TestCaseError> {
    let recommended: Vec<_> = d
        .options
        .iter()
        .filter(|v| v.verdict == Verdict::Recommended)
        .collect();
    if let Some(o) = d.recommendation.option {
        prop_assert_eq!(recommended.len(), 1);
        prop_assert_eq!(recommended[0].option, o);
        prop_assert!(
            !recommended[0]
                .reasons
                .iter()
                .any(|r| r.effect == Effect::Disqualify),
            "recommended a disqualified option"
        );
    } else {
        prop_assert!(recommended.is_empty());
        prop_assert_eq!(d.recommendation.status, RecommendationStatus::NoneViable);
        prop_assert!(d.options.iter().all(|v| v.verdict == Verdict::Disqualified));
    }
    for v in &d.options {
        let dq: Vec<_> = v
            .reasons
            .iter()
            .filter(|r| r.effect == Effect::Disqualify)
            .collect();
        prop_assert_eq!(v.verdict == Verdict::Disqualified, !dq.is_empty());
        prop_assert!(
            dq.iter()
                .all(|r| r.source.starts_with("https://") && !r.message.is_empty())
        );
    }
    Ok(())
}

fn stricter_never_rescues(
    a: &Assessment,
    costs: &[(i64, bool)],
    change: impl FnOnce(&mut crate::domain::Scenario),
) -> Result<(), TestCaseError> {
    let before = decide(a, &super::support::costs(a, costs));
    let Ok(strict) = a.with_changes(change) else {
        // A change that leaves the valid range is not a stricter requirement we can test.
        return Ok(());
    };
    let after = decide(&strict, &super::support::costs(&strict, costs));
    check_invariants(&after)?;
    let after_dq = disqualified(&after);
    for o in disqualified(&before) {
        prop_assert!(
            after_dq.contains(&o),
            "{} became viable under a stricter requirement",
            o
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn recommendation_is_never_disqualified(patch in estate(), c in cost_table()) {
        let a = scenario(&patch);
        check_invariants(&decide(&a, &costs(&a, &c)))?;
        check_invariants(&decide(&a, &[]))?;
    }

    #[test]
    fn longer_retention_never_rescues(patch in estate(), c in cost_table(), extra in 1u32..5_000) {
        let a = scenario(&patch);
        stricter_never_rescues(&a, &c, |s| s.workload.retention_hours += extra)?;
    }

    #[test]
    fn larger_records_never_rescue(patch in estate(), c in cost_table(), extra in 1u32..2_000_000) {
        let a = scenario(&patch);
        stricter_never_rescues(&a, &c, |s| s.workload.max_record_bytes += extra)?;
    }

    #[test]
    fn exactly_once_never_rescues(patch in estate(), c in cost_table()) {
        let a = scenario(&patch);
        stricter_never_rescues(&a, &c, |s| {
            for k in &mut s.connectors {
                k.exactly_once = true;
            }
        })?;
    }

    #[test]
    fn admin_api_never_rescues(patch in estate(), c in cost_table()) {
        let a = scenario(&patch);
        stricter_never_rescues(&a, &c, |s| s.team.needs_admin_api = true)?;
    }

    #[test]
    fn lower_latency_bound_never_rescues(patch in estate(), c in cost_table(), bound in 1u32..2_000) {
        let a = scenario(&patch);
        stricter_never_rescues(&a, &c, |s| {
            let current = s.team.max_write_latency_ms.unwrap_or(u32::MAX);
            s.team.max_write_latency_ms = Some(current.min(bound));
        })?;
    }

    #[test]
    fn evaluation_is_deterministic(patch in estate(), c in cost_table()) {
        let a = scenario(&patch);
        let c = costs(&a, &c);
        prop_assert_eq!(decide(&a, &c), decide(&a, &c));
    }
}
