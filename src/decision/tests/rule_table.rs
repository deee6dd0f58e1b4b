//! One row per rule: an input where it fires (and the message quotes the input) and one where
//! it does not. A coverage test makes sure no rule is added without a row.

use serde_json::{Value, json};

use super::support::*;
use crate::decision::rules;
use crate::domain::{ObjectStorageProfile, PlatformOption};

const MYSQL: &str = "io.debezium.connector.mysql.MySqlConnector";
const POSTGRES: &str = "io.debezium.connector.postgresql.PostgresConnector";
const JDBC_SOURCE: &str = "io.confluent.connect.jdbc.JdbcSourceConnector";
const JDBC_SINK: &str = "io.confluent.connect.jdbc.JdbcSinkConnector";
const HTTP_SINK: &str = "io.confluent.connect.http.HttpSinkConnector";
const ICEBERG: &str = "org.apache.iceberg.connect.IcebergSinkConnector";
const S3_SINK: &str = "io.confluent.connect.s3.S3SinkConnector";
const MM2_SOURCE: &str = "org.apache.kafka.connect.mirror.MirrorSourceConnector";
const MM2_HEARTBEAT: &str = "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector";

/// Which option a row checks, and with what input.
struct Side {
    option: fn() -> PlatformOption,
    patch: Value,
    costs: Option<Vec<(i64, bool)>>,
    /// The checked option's sizing as the cost model would report it: units needed, lower
    /// bound, Connect workers (every other option: 1,000/month, fully priced, unsized).
    sized: Option<(Option<u32>, bool, u32)>,
}

struct Case {
    rule: &'static str,
    fires: Side,
    /// A fragment the fired message must contain — usually the user's own input.
    quote: &'static str,
    quiet: Side,
}

fn std() -> PlatformOption {
    STD
}
fn prem() -> PlatformOption {
    PREM
}
fn ded() -> PlatformOption {
    DED
}
fn obj() -> PlatformOption {
    OBJ
}
fn automq() -> PlatformOption {
    PlatformOption::object_storage(ObjectStorageProfile::AutoMq)
}
fn automq_oss() -> PlatformOption {
    PlatformOption::object_storage(ObjectStorageProfile::AutoMqOpenSource)
}
fn redpanda() -> PlatformOption {
    PlatformOption::object_storage(ObjectStorageProfile::Redpanda)
}

fn on(option: fn() -> PlatformOption, patch: Value) -> Side {
    Side {
        option,
        patch,
        costs: None,
        sized: None,
    }
}

fn on_costs(option: fn() -> PlatformOption, costs: &[(i64, bool)]) -> Side {
    Side {
        option,
        patch: json!({}),
        costs: Some(costs.to_vec()),
        sized: None,
    }
}

/// The option as the cost model sized it: `units` needed, `lower_bound`, `workers`.
fn on_sized(
    option: fn() -> PlatformOption,
    units: Option<u32>,
    lower_bound: bool,
    workers: u32,
) -> Side {
    Side {
        option,
        patch: json!({}),
        costs: None,
        sized: Some((units, lower_bound, workers)),
    }
}

fn one(class: &str, direction: &str, extra: Value) -> Value {
    json!({ "connectors": [connector("c1", class, direction, extra)] })
}

fn sinks(n: usize) -> Value {
    let list: Vec<Value> = (0..n)
        .map(|i| connector(&format!("sink-{i}"), JDBC_SINK, "sink", json!({})))
        .collect();
    json!({ "connectors": list })
}

fn team(v: Value) -> Value {
    json!({ "team": v })
}

fn workload(v: Value) -> Value {
    json!({ "workload": v })
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            rule: "R3-STD",
            fires: on(std, workload(json!({"topics": 8, "partitions": 16}))),
            quote: "11 topics (3 Connect internal + 8 data)",
            quiet: on(std, workload(json!({"topics": 7, "partitions": 14}))),
        },
        Case {
            rule: "R3-PREM",
            fires: on(
                prem,
                workload(json!({"topics": 1_598, "partitions": 1_598})),
            ),
            quote: "1,601 topics",
            quiet: on(
                prem,
                workload(json!({"topics": 1_597, "partitions": 1_597})),
            ),
        },
        Case {
            rule: "R3-DED",
            fires: on(ded, workload(json!({"topics": 998, "partitions": 998}))),
            quote: "1,001 topics",
            quiet: on(ded, workload(json!({"topics": 997, "partitions": 997}))),
        },
        Case {
            rule: "R4-HUB",
            fires: on(
                std,
                workload(json!({"topics": 2, "partitions": 40, "max_partitions_per_topic": 33})),
            ),
            quote: "33 partitions",
            quiet: on(
                std,
                workload(json!({"topics": 2, "partitions": 40, "max_partitions_per_topic": 32})),
            ),
        },
        Case {
            rule: "R4-PREM",
            fires: on(prem, workload(json!({"topics": 40, "partitions": 3_170}))),
            quote: "3,201 partitions",
            quiet: on(prem, workload(json!({"topics": 40, "partitions": 3_169}))),
        },
        Case {
            rule: "R5-STD",
            fires: on(std, one(POSTGRES, "source", json!({"exactly_once": true}))),
            quote: "exactly-once source connector(s) c1",
            quiet: on(std, one(POSTGRES, "source", json!({"exactly_once": false}))),
        },
        Case {
            rule: "R7-STD",
            fires: on(std, workload(json!({"retention_hours": 169}))),
            quote: "retention 169 h exceeds Event Hubs Standard's 168 h maximum",
            quiet: on(std, workload(json!({"retention_hours": 168}))),
        },
        Case {
            rule: "R7-PREM",
            fires: on(ded, workload(json!({"retention_hours": 2_161}))),
            quote: "retention 2,161 h",
            quiet: on(ded, workload(json!({"retention_hours": 2_160}))),
        },
        Case {
            rule: "R9-CODEC",
            fires: on(ded, workload(json!({"compression": "zstd"}))),
            quote: "zstd compression; Event Hubs Dedicated accepts gzip only",
            quiet: on(ded, workload(json!({"compression": "gzip"}))),
        },
        Case {
            rule: "R9-GZIP",
            fires: on(std, workload(json!({"compression": "gzip"}))),
            quote: "gzip",
            quiet: on(std, workload(json!({"compression": "none"}))),
        },
        Case {
            rule: "R11-ADMIN",
            fires: on(std, team(json!({"needs_admin_api": true}))),
            quote: "team.needs_admin_api",
            quiet: on(std, team(json!({"needs_admin_api": false}))),
        },
        Case {
            rule: "KS-STD",
            fires: on(std, team(json!({"needs_kafka_streams": true}))),
            quote: "team.needs_kafka_streams",
            quiet: on(std, team(json!({"needs_kafka_streams": false}))),
        },
        Case {
            rule: "R14-GROUPS",
            fires: on(prem, sinks(1_000)),
            quote: "at least 1,001 Kafka consumer groups",
            quiet: on(prem, sinks(999)),
        },
        Case {
            rule: "R15-OSS",
            fires: on(automq_oss, team(json!({"max_write_latency_ms": 99}))),
            quote: "99 ms",
            quiet: on(automq_oss, team(json!({"max_write_latency_ms": 100}))),
        },
        Case {
            rule: "R2-STD",
            fires: on(std, one(MM2_HEARTBEAT, "source", json!({}))),
            quote: "c1 writes compacted topics",
            quiet: on(std, one(JDBC_SINK, "sink", json!({}))),
        },
        Case {
            rule: "R6-STD",
            fires: on(std, one(MYSQL, "source", json!({}))),
            quote: "c1 keeps a Debezium schema history",
            quiet: on(std, one(POSTGRES, "source", json!({}))),
        },
        Case {
            rule: "R6-PREM",
            fires: on(prem, one(MYSQL, "source", json!({}))),
            quote: "c1 keeps a Debezium schema history",
            quiet: on(prem, one(POSTGRES, "source", json!({}))),
        },
        Case {
            rule: "R5-PLUGIN",
            fires: on(
                self_aks,
                one(JDBC_SOURCE, "source", json!({"exactly_once": true})),
            ),
            quote: "c1 asks for exactly-once",
            quiet: on(
                self_aks,
                one(POSTGRES, "source", json!({"exactly_once": true})),
            ),
        },
        Case {
            rule: "R21-SINK",
            fires: on(
                self_aks,
                one(HTTP_SINK, "sink", json!({"exactly_once": true})),
            ),
            quote: "c1 asks for exactly-once",
            quiet: on(
                self_aks,
                one(JDBC_SINK, "sink", json!({"exactly_once": true})),
            ),
        },
        Case {
            rule: "R5-OBJ",
            fires: on(automq, one(MYSQL, "source", json!({"exactly_once": true}))),
            quote: "exactly-once source connector(s) c1",
            quiet: on(automq, one(MYSQL, "source", json!({"exactly_once": false}))),
        },
        Case {
            rule: "R10-PREM",
            fires: on(prem, workload(json!({"write_mb_per_s": 121}))),
            quote: "peak ingress 121 MB/s",
            quiet: on(prem, workload(json!({"write_mb_per_s": 120}))),
        },
        Case {
            rule: "R11-CONNECTORS",
            fires: on(ded, one(MM2_SOURCE, "source", json!({}))),
            quote: "MirrorMaker 2 source creates remote topics",
            quiet: on(ded, one(JDBC_SINK, "sink", json!({}))),
        },
        Case {
            rule: "R11-TOPICS",
            fires: on(std, one(POSTGRES, "source", json!({"topics_created": 2}))),
            quote: "c1 creates 2 topics",
            quiet: on(std, one(POSTGRES, "source", json!({"topics_created": 0}))),
        },
        Case {
            rule: "KS-OBJ",
            fires: on(automq, team(json!({"needs_kafka_streams": true}))),
            quote: "team.needs_kafka_streams",
            quiet: on(automq, team(json!({"needs_kafka_streams": false}))),
        },
        Case {
            rule: "R12-SUPPORT",
            fires: on(ded, team(json!({"needs_vendor_support_for_connect": true}))),
            quote: "not eligible for product support",
            quiet: on(
                ded,
                team(json!({"needs_vendor_support_for_connect": false})),
            ),
        },
        Case {
            rule: "R12-PREVIEW",
            fires: on(
                std,
                team(json!({"needs_vendor_support_for_connect": false})),
            ),
            quote: "Preview",
            quiet: on(std, team(json!({"needs_vendor_support_for_connect": true}))),
        },
        Case {
            rule: "R12-SELF",
            fires: on(
                self_aks,
                team(json!({"needs_vendor_support_for_connect": true})),
            ),
            quote: "team.needs_vendor_support_for_connect",
            quiet: on(
                self_aks,
                team(json!({"needs_vendor_support_for_connect": false})),
            ),
        },
        Case {
            rule: "R12-BYOC",
            fires: on(
                automq,
                team(json!({"needs_vendor_support_for_connect": true})),
            ),
            quote: "not AKS",
            quiet: on(
                automq,
                team(json!({"needs_vendor_support_for_connect": false})),
            ),
        },
        Case {
            rule: "R15-LAB",
            fires: on(automq, team(json!({"max_write_latency_ms": 500}))),
            quote: "500 ms",
            quiet: on(automq, team(json!({"max_write_latency_ms": 1_000}))),
        },
        Case {
            rule: "R16-MANAGED",
            fires: on(
                std,
                team(json!({"prefers_managed": true, "ops_maturity": "high"})),
            ),
            quote: "team.prefers_managed is true",
            quiet: on(
                std,
                team(json!({"prefers_managed": false, "ops_maturity": "high"})),
            ),
        },
        Case {
            rule: "R16-OPS",
            fires: on(self_aks, team(json!({"operates_kafka_today": false}))),
            quote: "team.operates_kafka_today is false",
            quiet: on(
                self_aks,
                team(json!({"operates_kafka_today": true, "ops_maturity": "medium"})),
            ),
        },
        Case {
            rule: "R16-CONTROL",
            fires: on(
                self_aks,
                team(json!({"operates_kafka_today": true, "ops_maturity": "high"})),
            ),
            quote: "operates Kafka today at high maturity",
            quiet: on(
                self_aks,
                team(json!({"operates_kafka_today": true, "ops_maturity": "medium"})),
            ),
        },
        Case {
            rule: "R7-LONG",
            fires: on(
                obj,
                workload(json!({"retention_hours": 720, "write_mb_per_s": 5})),
            ),
            quote: "retention 720 h at 5 MB/s keeps ≈ 13 TB",
            quiet: on(
                obj,
                workload(json!({"retention_hours": 720, "write_mb_per_s": 3})),
            ),
        },
        Case {
            rule: "R18-BURST",
            fires: on(obj, workload(json!({"peak_to_average": 3}))),
            quote: "peak-to-average is 3",
            quiet: on(obj, workload(json!({"peak_to_average": 2.9}))),
        },
        Case {
            rule: "OS-BLOB",
            fires: on(automq_oss, json!({})),
            quote: "closed unmerged",
            // Always true of the open-source build: the quiet side is the commercial one.
            quiet: on(automq, json!({})),
        },
        Case {
            rule: "OBJ-AUTOMQ-AZURE",
            fires: on(automq, json!({})),
            quote: "not AKS",
            // Always true of AutoMQ BYOC: the quiet side is a profile it does not touch.
            quiet: on(obj, json!({})),
        },
        Case {
            rule: "OBJ-WS-TXN",
            fires: on(obj, one(MYSQL, "source", json!({"exactly_once": true}))),
            quote: "exactly-once source connector(s) c1",
            quiet: on(obj, one(MYSQL, "source", json!({"exactly_once": false}))),
        },
        Case {
            rule: "OBJ-WS-COMPACT",
            fires: on(obj, one(JDBC_SINK, "sink", json!({}))),
            quote: "1 connector(s)",
            quiet: on(obj, json!({"connectors": []})),
        },
        Case {
            rule: "OBJ-WS-LATENCY",
            fires: on(obj, team(json!({"max_write_latency_ms": 99}))),
            quote: "99 ms",
            quiet: on(obj, team(json!({"max_write_latency_ms": 100}))),
        },
        Case {
            rule: "OBJ-WS-LAB",
            fires: on(obj, team(json!({"max_write_latency_ms": 999}))),
            quote: "999 ms",
            quiet: on(obj, team(json!({"max_write_latency_ms": 1_000}))),
        },
        Case {
            rule: "OBJ-RP-TIER",
            fires: on(
                redpanda,
                workload(json!({"write_mb_per_s": 201, "peak_to_average": 2})),
            ),
            quote: "peak ingress 402 MB/s",
            quiet: on(
                redpanda,
                workload(json!({"write_mb_per_s": 200, "peak_to_average": 2, "read_fanout": 1})),
            ),
        },
        Case {
            rule: "OBJ-RP-CONNECT",
            fires: on(
                redpanda,
                team(json!({"needs_vendor_support_for_connect": true})),
            ),
            quote: "does not manage or monitor Kafka Connect",
            quiet: on(
                redpanda,
                team(json!({"needs_vendor_support_for_connect": false})),
            ),
        },
        Case {
            rule: "NET-ONPREM",
            fires: on(
                self_aks,
                json!({
                    "connectors": [connector("c1", POSTGRES, "source", json!({"system_location": "on_premises"}))],
                    "network": {"on_premises_link": "none"}
                }),
            ),
            quote: "c1 reaches on-premises systems",
            quiet: on(
                self_aks,
                json!({
                    "connectors": [connector("c1", POSTGRES, "source", json!({"system_location": "on_premises"}))],
                    "network": {"on_premises_link": "vpn"}
                }),
            ),
        },
        Case {
            rule: "NET-EGRESS",
            fires: on(
                self_aks,
                json!({
                    "connectors": [connector("c1", HTTP_SINK, "sink", json!({"system_location": "internet_saas", "mb_per_s": 1}))],
                    "network": {"internet_egress_gb_per_month": 0}
                }),
            ),
            quote: "≈ 2,628 GB/month",
            quiet: on(
                self_aks,
                json!({
                    "connectors": [connector("c1", HTTP_SINK, "sink", json!({"system_location": "internet_saas", "mb_per_s": 1}))],
                    "network": {"internet_egress_gb_per_month": 2_000}
                }),
            ),
        },
        Case {
            rule: "UNK",
            fires: on(
                std,
                one("com.example.connect.CustomSink", "sink", json!({})),
            ),
            quote: "com.example.connect.CustomSink",
            quiet: on(std, one(JDBC_SINK, "sink", json!({}))),
        },
        Case {
            rule: "COST-CHEAPEST",
            fires: on_costs(
                std,
                &[
                    (100, true),
                    (200, true),
                    (300, true),
                    (400, true),
                    (500, true),
                ],
            ),
            quote: "USD 100/month with people is the lowest",
            quiet: on_costs(
                std,
                &[
                    (100, true),
                    (110, true),
                    (300, true),
                    (400, true),
                    (500, true),
                ],
            ),
        },
        Case {
            rule: "COST-HIGH",
            fires: on_costs(
                ded,
                &[
                    (100, true),
                    (120, true),
                    (150, true),
                    (140, true),
                    (130, true),
                ],
            ),
            quote: "1.5× the cheapest option",
            quiet: on_costs(
                ded,
                &[
                    (100, true),
                    (120, true),
                    (149, true),
                    (140, true),
                    (130, true),
                ],
            ),
        },
        Case {
            rule: "COST-PARTIAL",
            fires: on_costs(
                self_aks,
                &[
                    (100, true),
                    (120, true),
                    (150, true),
                    (80, false),
                    (130, true),
                ],
            ),
            quote: "USD 80 leaves some cost lines unpriced",
            quiet: on_costs(
                self_aks,
                &[
                    (100, true),
                    (120, true),
                    (150, true),
                    (80, true),
                    (130, true),
                ],
            ),
        },
        // ---- Rules added or changed by decision engine v2 (issue 12) ----------------------
        Case {
            rule: "R8",
            fires: on(std, workload(json!({"max_record_bytes": 1_046_528}))),
            quote: "rejects requests of 1,046,528 bytes and above",
            quiet: on(std, workload(json!({"max_record_bytes": 1_046_527}))),
        },
        Case {
            rule: "R8-REQ",
            fires: on(prem, workload(json!({"max_record_bytes": 1_000_001}))),
            quote: "the largest record is 1,000,001 bytes",
            quiet: on(prem, workload(json!({"max_record_bytes": 1_000_000}))),
        },
        Case {
            rule: "CAP-LB",
            fires: on_sized(prem, Some(80), true, 2),
            quote: "a lower bound that is never ranked",
            quiet: on_sized(prem, Some(80), false, 2),
        },
        Case {
            rule: "PREVIEW-PROD",
            fires: on(
                prem,
                team(json!({"needs_kafka_streams": true, "production_support_only": true})),
            ),
            quote: "team.production_support_only is set",
            quiet: on(
                prem,
                team(json!({"needs_kafka_streams": true, "production_support_only": false})),
            ),
        },
        Case {
            rule: "PREVIEW",
            fires: on(prem, team(json!({"needs_kafka_streams": true}))),
            quote: "Kafka Streams for team.needs_kafka_streams (public preview",
            quiet: on(prem, team(json!({"needs_kafka_streams": false}))),
        },
        Case {
            rule: "R10-STD",
            fires: on_sized(std, Some(41), false, 2),
            quote: "sizes 41 TUs",
            quiet: on_sized(std, Some(40), false, 2),
        },
        Case {
            rule: "R10-PREM-PU",
            fires: on_sized(prem, Some(17), false, 2),
            quote: "needs 2 namespaces: topics split across 2 namespaces, one Connect cluster",
            quiet: on_sized(prem, Some(16), false, 2),
        },
        Case {
            rule: "R10-DED",
            fires: on_sized(ded, Some(11), false, 2),
            quote: "sizes 11 CUs",
            quiet: on_sized(ded, Some(10), false, 2),
        },
        Case {
            rule: "R4-DED",
            fires: on(ded, workload(json!({"topics": 400, "partitions": 19_970}))),
            quote: "20,001 partitions, i.e. 11 CUs",
            quiet: on(ded, workload(json!({"topics": 400, "partitions": 19_969}))),
        },
        Case {
            rule: "KS-TOPICS",
            fires: on(ded, team(json!({"needs_kafka_streams": true}))),
            quote: "Event Hubs Dedicated's limit of 1,000",
            quiet: on(ded, team(json!({"needs_kafka_streams": false}))),
        },
        Case {
            rule: "R4-FIXED",
            fires: on(std, workload(json!({"growth_percent_per_month": 0.5}))),
            quote: "grows 0.5% per month",
            quiet: on(std, workload(json!({"growth_percent_per_month": 0}))),
        },
        Case {
            rule: "R2-PORTAL",
            fires: on(prem, workload(json!({"growth_percent_per_month": 0.5}))),
            quote: "from compact to delete (#167)",
            quiet: on(prem, workload(json!({"growth_percent_per_month": 0}))),
        },
        Case {
            rule: "DR-STD",
            fires: on(std, team(json!({"cross_region_dr": true}))),
            quote: "none of Connect's config, offset and status records (3 compacted topics)",
            quiet: on(std, team(json!({"cross_region_dr": false}))),
        },
        Case {
            rule: "DR-GEO",
            fires: on(ded, team(json!({"cross_region_dr": true}))),
            quote: "librdkafka 2.1.0 or later",
            quiet: on(ded, team(json!({"cross_region_dr": false}))),
        },
        Case {
            rule: "DR-SELF",
            fires: on(obj, team(json!({"cross_region_dr": true}))),
            quote: "MirrorMaker 2",
            quiet: on(obj, team(json!({"cross_region_dr": false}))),
        },
        Case {
            rule: "SLA-EH",
            fires: on(std, team(json!({"availability_sla_percent": 99.96}))),
            quote: "99.96%; Event Hubs Standard is sold with a 99.95% SLA",
            quiet: on(std, team(json!({"availability_sla_percent": 99.95}))),
        },
        Case {
            rule: "SLA-SELF",
            fires: on(self_aks, team(json!({"availability_sla_percent": 99.9}))),
            quote: "team.availability_sla_percent is 99.9%",
            quiet: on(self_aks, team(json!({"availability_sla_percent": null}))),
        },
        Case {
            rule: "OFFSET-EXPIRY",
            fires: on(std, one(JDBC_SINK, "sink", json!({}))),
            quote: "c1 consumes from Event Hubs",
            quiet: on(std, one(POSTGRES, "source", json!({}))),
        },
        Case {
            rule: "CONN-QUOTA",
            // 626 workers × 8 clients = 5,008 > 5,000; 625 × 8 = 5,000 fits exactly.
            fires: on_sized(std, Some(1), false, 626),
            quote: "= 5,008 Kafka clients",
            quiet: on_sized(std, Some(1), false, 625),
        },
        Case {
            rule: "SR-STD",
            fires: on(
                std,
                json!({"team": {"schema_registry": "azure"},
                       "connectors": [connector("c1", JDBC_SINK, "sink", json!({"format": "avro"}))]}),
            ),
            quote: "c1 writes or reads Avro",
            quiet: on(
                std,
                json!({"team": {"schema_registry": "azure"},
                       "connectors": [connector("c1", JDBC_SINK, "sink", json!({"format": "json"}))]}),
            ),
        },
        Case {
            rule: "SR-CONVERTER",
            fires: on(
                prem,
                json!({"team": {"schema_registry": "confluent_compatible"},
                       "connectors": [connector("c1", JDBC_SINK, "sink", json!({"format": "avro"}))]}),
            ),
            quote: "Event Hubs hosts only Azure Schema Registry",
            quiet: on(
                prem,
                json!({"team": {"schema_registry": "azure"},
                       "connectors": [connector("c1", JDBC_SINK, "sink", json!({"format": "avro"}))]}),
            ),
        },
    ]
}

fn run(side: &Side) -> crate::decision::Decision {
    let a = scenario(&side.patch);
    let mut c = side
        .costs
        .as_ref()
        .map(|t| costs(&a, t))
        .unwrap_or_default();
    if let Some((units, lower_bound, workers)) = side.sized {
        c = priced(&a, [1_000; 5]);
        let target = (side.option)();
        for x in c.iter_mut().filter(|x| x.option == target) {
            x.units_needed = units;
            x.lower_bound = lower_bound;
            x.connect_workers = workers;
        }
    }
    decide(&a, &c)
}

#[test]
fn every_rule_fires_and_stays_quiet_on_its_own_row() {
    for case in cases() {
        let d = run(&case.fires);
        let option = (case.fires.option)();
        let got = reasons(&d, option, case.rule);
        assert!(!got.is_empty(), "{} did not fire on {option}", case.rule);
        assert!(
            got.iter().any(|r| r.message.contains(case.quote)),
            "{}: message does not quote {:?}: {:?}",
            case.rule,
            case.quote,
            got.iter().map(|r| &r.message).collect::<Vec<_>>()
        );
        assert!(got.iter().all(|r| r.source.starts_with("https://")));

        let d = run(&case.quiet);
        let option = (case.quiet.option)();
        assert!(
            !fired(&d, option, case.rule),
            "{} fired on its quiet row for {option}: {:?}",
            case.rule,
            reasons(&d, option, case.rule)
        );
    }
}

#[test]
fn every_rule_has_a_row() {
    let covered: Vec<&str> = cases().iter().map(|c| c.rule).collect();
    for rule in rules() {
        assert!(
            covered.contains(&rule.id),
            "rule {} has no test row",
            rule.id
        );
    }
}

#[test]
fn rule_table_is_well_formed() {
    let mut ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate rule ids");
    for r in rules() {
        assert!(r.source.starts_with("https://"), "{}", r.id);
        assert!(!r.title.is_empty() && !r.options.is_empty(), "{}", r.id);
        // Only documented hard limits may disqualify, and they carry no score weight.
        assert_eq!(
            r.effect == crate::decision::Effect::Disqualify,
            r.stage == crate::decision::Stage::Hard,
            "{}",
            r.id
        );
        // Cost rules explain a ranking made on the totals and carry no points; every other
        // non-disqualifying rule weighs something.
        let cost = r.stage == crate::decision::Stage::Cost;
        if r.effect != crate::decision::Effect::Disqualify && !cost {
            assert!(r.weight > 0, "{}", r.id);
        }
        if cost {
            assert_eq!(r.weight, 0, "{}", r.id);
        }
    }
}

#[test]
fn rule_catalogue_serialises_without_the_evaluator() {
    let json = serde_json::to_value(rules()).expect("serialisable");
    let first = &json[0];
    assert_eq!(first["id"], "R3-STD");
    assert_eq!(first["effect"], "disqualify");
    assert_eq!(first["options"][0], "event_hubs_standard");
    assert!(first.get("eval").is_none());
}

#[test]
fn partition_limit_per_tier_is_quoted() {
    let a = scenario(&workload(
        json!({"topics": 2, "partitions": 202, "max_partitions_per_topic": 101}),
    ));
    let d = decide(&a, &[]);
    assert!(fired(&d, STD, "R4-HUB") && fired(&d, PREM, "R4-HUB") && !fired(&d, DED, "R4-HUB"));
    let msg = &reasons(&d, PREM, "R4-HUB")[0].message;
    assert!(
        msg.contains("101 partitions") && msg.contains("at most 100"),
        "{msg}"
    );
}

#[test]
fn no_cost_rules_fire_without_costs() {
    let d = decide(&scenario(&json!({})), &[]);
    assert!(d.path.iter().all(|f| !f.rule.starts_with("COST-")));
}

#[test]
fn isolated_connectors_add_internal_topics_to_the_budget() {
    // 3 internal + 6 data = 9 fits Standard; isolating one of two connectors adds a second
    // Connect cluster with 3 more internal topics, which does not. (A lone isolated connector
    // has nothing to be isolated from: still one cluster.)
    let fits = scenario(&json!({"workload": {"topics": 6, "partitions": 12},
        "connectors": [connector("c1", JDBC_SINK, "sink", json!({})),
                       connector("c2", JDBC_SINK, "sink", json!({}))]}));
    assert!(!fired(&decide(&fits, &[]), STD, "R3-STD"));
    let alone = scenario(&json!({"workload": {"topics": 6, "partitions": 12},
        "connectors": [connector("c1", JDBC_SINK, "sink", json!({"isolated": true}))]}));
    assert!(!fired(&decide(&alone, &[]), STD, "R3-STD"));
    let over = scenario(&json!({"workload": {"topics": 6, "partitions": 12},
        "connectors": [connector("c1", JDBC_SINK, "sink", json!({"isolated": true})),
                       connector("c2", JDBC_SINK, "sink", json!({}))]}));
    let d = decide(&over, &[]);
    let msg = &reasons(&d, STD, "R3-STD")[0].message;
    assert!(
        msg.contains("12 topics") && msg.contains("isolated"),
        "{msg}"
    );
}

#[test]
fn transactions_are_one_of_the_preview_features() {
    // The Iceberg sink commits through Kafka transactions; the S3 sink does not.
    let d = decide(&scenario(&one(ICEBERG, "sink", json!({}))), &[]);
    let msg = &reasons(&d, PREM, "PREVIEW")[0].message;
    assert!(
        msg.contains("Kafka transactions for c1, whose plugin commits through Kafka transactions"),
        "{msg}"
    );
    assert!(fired(&d, STD, "R5-STD") && !fired(&d, STD, "PREVIEW"));
    let d = decide(&scenario(&one(S3_SINK, "sink", json!({}))), &[]);
    assert!(!fired(&d, PREM, "PREVIEW") && !fired(&d, DED, "PREVIEW"));
}
