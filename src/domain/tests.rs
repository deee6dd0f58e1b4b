//! Validation rules: one accepted and one rejected value per rule.

use super::*;
use serde_json::{Value, json};

fn base() -> Value {
    json!({
        "schema_version": 1, "name": "t", "region": "eastus",
        "workload": { "write_mb_per_s": 10, "topics": 4, "partitions": 16 },
        "connectors": [
            { "name": "a", "class": "io.debezium.connector.mysql.MySqlConnector", "direction": "source" },
            { "name": "b", "class": "io.confluent.connect.jdbc.JdbcSinkConnector", "direction": "sink", "tasks": 3, "dead_letter_queue": true }
        ]
    })
}

fn set(mut v: Value, path: &str, new: Value) -> Value {
    let mut cur = &mut v;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        let key: &str = p;
        let (name, index) = match key.split_once('[') {
            Some((n, rest)) => (
                n,
                Some(rest.trim_end_matches(']').parse::<usize>().unwrap()),
            ),
            None => (key, None),
        };
        if i + 1 == parts.len() && index.is_none() {
            cur.as_object_mut().unwrap().insert(name.to_owned(), new);
            return v;
        }
        if cur.get(name).is_none() {
            cur.as_object_mut()
                .unwrap()
                .insert(name.to_owned(), json!({}));
        }
        cur = cur.get_mut(name).unwrap();
        if let Some(ix) = index {
            cur = cur.get_mut(ix).unwrap();
        }
    }
    v
}

fn errors_of(v: Value) -> Vec<FieldError> {
    match Assessment::from_value(v) {
        Ok(_) => vec![],
        Err(e) => e.0,
    }
}

#[track_caller]
fn accepts(path: &str, value: Value) {
    let errs = errors_of(set(base(), path, value.clone()));
    assert!(
        errs.is_empty(),
        "{path} = {value} should be accepted, got {errs:?}"
    );
}

#[track_caller]
fn rejects(path: &str, value: Value, field: &str) {
    let errs = errors_of(set(base(), path, value.clone()));
    assert!(
        errs.iter().any(|e| e.field == field),
        "{path} = {value} should be rejected on {field}, got {errs:?}"
    );
}

#[test]
fn base_scenario_is_valid_and_defaults_fill_in() {
    let a = Assessment::from_value(base()).unwrap();
    assert_eq!(a.currency, "USD");
    assert_eq!(a.workload.peak_to_average, 1.5);
    assert_eq!(a.workload.retention_hours, 168);
    assert_eq!(a.network.availability_zones, 3);
    assert_eq!(a.connectors[0].tasks, 1);
    assert_eq!(a.options.assumptions, Assumptions::default());
    assert_eq!(a.workload.widest_topic_partitions(), 4);
}

#[test]
fn top_level_rules() {
    rejects("schema_version", json!(2), "schema_version");
    accepts("name", json!("Payments"));
    rejects("name", json!("   "), "name");
    rejects("name", json!("x".repeat(121)), "name");
    rejects("name", json!("bad\u{7}name"), "name");
    accepts("region", json!("westeurope"));
    rejects("region", json!("mars-north"), "region");
    accepts("currency", json!("EUR"));
    rejects("currency", json!("usd"), "currency");
}

#[test]
fn workload_ranges() {
    accepts("workload.write_mb_per_s", json!(0.01));
    rejects(
        "workload.write_mb_per_s",
        json!(0),
        "workload.write_mb_per_s",
    );
    rejects(
        "workload.write_mb_per_s",
        json!(-1),
        "workload.write_mb_per_s",
    );
    rejects(
        "workload.write_mb_per_s",
        json!(1e9),
        "workload.write_mb_per_s",
    );
    accepts("workload.peak_to_average", json!(1));
    rejects(
        "workload.peak_to_average",
        json!(0.9),
        "workload.peak_to_average",
    );
    accepts("workload.read_fanout", json!(0));
    rejects("workload.read_fanout", json!(101), "workload.read_fanout");
    accepts("workload.retention_hours", json!(2160));
    rejects(
        "workload.retention_hours",
        json!(0),
        "workload.retention_hours",
    );
    rejects("workload.topics", json!(0), "workload.topics");
    accepts("workload.growth_percent_per_month", json!(-10));
    rejects(
        "workload.growth_percent_per_month",
        json!(150),
        "workload.growth_percent_per_month",
    );
    rejects(
        "workload.avg_record_bytes",
        json!(0),
        "workload.avg_record_bytes",
    );
}

#[test]
fn workload_cross_field_rules() {
    // partitions ≥ topics
    rejects("workload.partitions", json!(3), "workload.partitions");
    accepts("workload.partitions", json!(4));
    // max partitions per topic ≤ partitions, and big enough to hold them all
    accepts("workload.max_partitions_per_topic", json!(4));
    rejects(
        "workload.max_partitions_per_topic",
        json!(17),
        "workload.max_partitions_per_topic",
    );
    rejects(
        "workload.max_partitions_per_topic",
        json!(3),
        "workload.max_partitions_per_topic",
    );
    rejects(
        "workload.max_partitions_per_topic",
        json!(0),
        "workload.max_partitions_per_topic",
    );
    // max record ≥ average record
    let v = set(base(), "workload.avg_record_bytes", json!(5000));
    let v = set(v, "workload.max_record_bytes", json!(4000));
    assert!(
        errors_of(v)
            .iter()
            .any(|e| e.field == "workload.max_record_bytes")
    );
}

#[test]
fn type_errors_name_the_json_path() {
    let errs = errors_of(set(base(), "connectors[1].tasks", json!("three")));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].field, "connectors[1].tasks");
    assert!(
        errs[0].message.contains("invalid type"),
        "{}",
        errs[0].message
    );
    let errs = errors_of(set(base(), "workload.compression", json!("brotli")));
    assert_eq!(errs[0].field, "workload.compression");
    let errs = errors_of(set(base(), "workload.retention_hour", json!(5)));
    assert!(errs[0].message.contains("unknown field"), "{errs:?}");
    let errs = Assessment::parse_json(b"{not json").unwrap_err();
    assert_eq!(errs.0.len(), 1);
}

#[test]
fn connector_rules() {
    rejects("connectors[1].tasks", json!(0), "connectors[1].tasks");
    rejects("connectors[1].tasks", json!(1001), "connectors[1].tasks");
    accepts("connectors[1].mb_per_s", json!(0));
    rejects(
        "connectors[1].mb_per_s",
        json!(-0.5),
        "connectors[1].mb_per_s",
    );
    rejects(
        "connectors[0].class",
        json!("not a class"),
        "connectors[0].class",
    );
    rejects(
        "connectors[0].class",
        json!("io..debezium"),
        "connectors[0].class",
    );
    accepts("connectors[0].class", json!("com.example.Outer$Inner"));
    rejects("connectors[1].name", json!("a"), "connectors[1].name");
    rejects("connectors[0].name", json!(""), "connectors[0].name");
    // a DLQ is a sink feature
    rejects(
        "connectors[0].dead_letter_queue",
        json!(true),
        "connectors[0].dead_letter_queue",
    );
    accepts("connectors[1].dead_letter_queue", json!(false));
}

#[test]
fn network_team_and_option_rules() {
    accepts("network.availability_zones", json!(1));
    rejects(
        "network.availability_zones",
        json!(2),
        "network.availability_zones",
    );
    rejects(
        "network.internet_egress_gb_per_month",
        json!(-1),
        "network.internet_egress_gb_per_month",
    );
    accepts("team.max_write_latency_ms", json!(50));
    rejects(
        "team.max_write_latency_ms",
        json!(0),
        "team.max_write_latency_ms",
    );
    accepts("options.discount_percent", json!(90));
    rejects(
        "options.discount_percent",
        json!(95),
        "options.discount_percent",
    );
    rejects(
        "options.discount_percent",
        json!(-1),
        "options.discount_percent",
    );
    rejects(
        "options.people.fte_event_hubs",
        json!(-1),
        "options.people.fte_event_hubs",
    );
    rejects(
        "options.assumptions.worker_vm_size",
        json!("d4s v5"),
        "options.assumptions.worker_vm_size",
    );
    accepts("options.assumptions.worker_vm_size", json!("D8s_v5"));
    rejects(
        "options.assumptions.kraft_controllers",
        json!(2),
        "options.assumptions.kraft_controllers",
    );
    rejects(
        "options.assumptions.replication_factor",
        json!(0),
        "options.assumptions.replication_factor",
    );
    rejects(
        "options.assumptions.mb_per_s_per_task",
        json!(0),
        "options.assumptions.mb_per_s_per_task",
    );
}

#[test]
fn all_errors_are_reported_together() {
    let v = set(base(), "workload.write_mb_per_s", json!(-1));
    let v = set(v, "connectors[1].tasks", json!(0));
    let v = set(v, "region", json!("nowhere"));
    assert_eq!(errors_of(v).len(), 3);
}

#[test]
fn examples_validate() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let bytes = std::fs::read(&path).unwrap();
            Assessment::parse_json(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            n += 1;
        }
    }
    assert!(n >= 3);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = Assessment::parse_json(&bytes);
        }

        #[test]
        fn numbers_anywhere_never_panic(w in any::<f64>(), p in any::<u32>(), t in any::<u32>(), f in any::<f64>()) {
            let v = set(base(), "workload.write_mb_per_s", json!(w));
            let v = set(v, "workload.partitions", json!(p));
            let v = set(v, "workload.topics", json!(t));
            let v = set(v, "workload.read_fanout", json!(f));
            if let Ok(a) = Assessment::from_value(v) {
                prop_assert!(a.workload.partitions >= a.workload.topics);
                prop_assert!(a.workload.write_mb_per_s.is_finite() && a.workload.write_mb_per_s > 0.0);
            }
        }
    }
}

#[test]
fn decision_v2_team_inputs() {
    // Availability: 90 and 99.999 are the edges; 100 % and 89.9 % are typos, not targets.
    accepts("team.availability_sla_percent", json!(99.95));
    accepts("team.availability_sla_percent", json!(90));
    accepts("team.availability_sla_percent", json!(99.999));
    accepts("team.availability_sla_percent", Value::Null);
    for bad in [json!(100), json!(89.9), json!(-1)] {
        rejects(
            "team.availability_sla_percent",
            bad,
            "team.availability_sla_percent",
        );
    }
    rejects(
        "team.availability_sla_percent",
        json!("high"),
        "team.availability_sla_percent",
    );
    accepts("team.cross_region_dr", json!(true));
    accepts("team.production_support_only", json!(true));
    accepts("team.schema_registry", json!("confluent_compatible"));
    rejects(
        "team.schema_registry",
        json!("glue"),
        "team.schema_registry",
    );
    // Old scenarios without the new keys still load, with the defaults.
    let a = Assessment::from_value(base()).expect("valid");
    assert!(!a.team.cross_region_dr && !a.team.production_support_only);
    assert_eq!(a.team.availability_sla_percent, None);
    assert_eq!(a.team.schema_registry, crate::domain::SchemaRegistry::None);
}
