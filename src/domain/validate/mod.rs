//! Validation: the only way to turn a [`Scenario`] into an [`Assessment`].

use std::collections::HashSet;
use std::ops::{Deref, RangeInclusive};

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Direction, SCHEMA_VERSION, Scenario, ValidationErrors, region_display_name};

/// Most connectors one scenario may list.
pub const MAX_CONNECTORS: usize = 5_000;

/// Currencies a scenario may ask for. Pricing only exists where a catalog provides it.
pub const CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "CHF", "SEK", "NOK", "DKK", "JPY", "AUD", "CAD", "INR", "BRL", "KRW",
    "NZD",
];

/// A scenario that satisfies every range, enum and cross-field rule.
///
/// Constructed only by [`Assessment::validate`] (or the parse helpers), so the pure core can
/// rely on its invariants: `partitions ≥ topics`, `peak_to_average ≥ 1`, finite numbers, …
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Assessment(Scenario);

impl Deref for Assessment {
    type Target = Scenario;
    fn deref(&self) -> &Scenario {
        &self.0
    }
}

impl Assessment {
    /// Check every rule, collecting all violations.
    pub fn validate(scenario: Scenario) -> Result<Self, ValidationErrors> {
        let mut v = Validator::default();
        v.scenario(&scenario);
        if v.errors.is_empty() {
            Ok(Self(scenario))
        } else {
            Err(v.errors)
        }
    }

    /// Parse scenario JSON and validate it. Syntax and type errors name the JSON path.
    pub fn parse_json(bytes: &[u8]) -> Result<Self, ValidationErrors> {
        Self::validate(Scenario::from_json_slice(bytes)?)
    }

    /// Validate an already-deserialised JSON value (e.g. built from a form).
    pub fn from_value(value: serde_json::Value) -> Result<Self, ValidationErrors> {
        Self::validate(Scenario::from_value(value)?)
    }

    pub fn scenario(&self) -> &Scenario {
        &self.0
    }

    pub fn into_scenario(self) -> Scenario {
        self.0
    }

    /// A copy with a modified scenario that must still satisfy every rule; used by scenario
    /// analysis to vary inputs (write rate, fan-out, retention) within valid bounds.
    pub fn with_changes(
        &self,
        change: impl FnOnce(&mut Scenario),
    ) -> Result<Self, ValidationErrors> {
        let mut s = self.0.clone();
        change(&mut s);
        Self::validate(s)
    }
}

impl Scenario {
    /// Deserialise scenario JSON; an error names the path of the offending value.
    pub fn from_json_slice(bytes: &[u8]) -> Result<Self, ValidationErrors> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let scenario = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| path_error(e.path().to_string(), e.inner()))?;
        // One document only: anything but whitespace after it is refused, not ignored.
        de.end().map_err(|e| path_error(String::new(), &e))?;
        Ok(scenario)
    }

    /// Deserialise from a JSON value; an error names the path of the offending value.
    pub fn from_value(value: serde_json::Value) -> Result<Self, ValidationErrors> {
        serde_path_to_error::deserialize(value)
            .map_err(|e| path_error(e.path().to_string(), e.inner()))
    }
}

fn path_error(path: String, inner: &serde_json::Error) -> ValidationErrors {
    let mut message = inner.to_string();
    let malformed = matches!(
        inner.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    );
    // serde_json appends the position; for a wrong value the field path already says where,
    // but malformed or truncated JSON has no field: there the line and column are the answer.
    if !malformed && let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    let field = if path == "." || path.is_empty() || malformed {
        "$".to_owned()
    } else {
        path
    };
    let mut errors = ValidationErrors::default();
    errors.push(field, message);
    errors
}

#[derive(Default)]
struct Validator {
    errors: ValidationErrors,
}

impl Validator {
    fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(field, message);
    }

    fn number(&mut self, field: &str, value: f64, range: RangeInclusive<f64>, unit: &str) {
        if !value.is_finite() {
            self.fail(field, "must be a finite number");
        } else if !range.contains(&value) {
            self.fail(
                field,
                format!(
                    "must be between {} and {}{unit} (got {})",
                    num(*range.start()),
                    num(*range.end()),
                    num(value)
                ),
            );
        }
    }

    fn positive(&mut self, field: &str, value: f64, max: f64, unit: &str) {
        if !value.is_finite() {
            self.fail(field, "must be a finite number");
        } else if value <= 0.0 || value > max {
            self.fail(
                field,
                format!(
                    "must be greater than 0 and at most {}{unit} (got {})",
                    num(max),
                    num(value)
                ),
            );
        }
    }

    fn integer(&mut self, field: &str, value: u32, range: RangeInclusive<u32>, unit: &str) {
        if !range.contains(&value) {
            self.fail(
                field,
                format!(
                    "must be between {} and {}{unit} (got {})",
                    int(*range.start()),
                    int(*range.end()),
                    int(value)
                ),
            );
        }
    }

    fn decimal(&mut self, field: &str, value: Decimal, range: RangeInclusive<Decimal>, unit: &str) {
        if !range.contains(&value) {
            self.fail(
                field,
                format!(
                    "must be between {} and {}{unit} (got {})",
                    dec(*range.start()),
                    dec(*range.end()),
                    dec(value)
                ),
            );
        }
    }

    fn text(&mut self, field: &str, value: &str, max_chars: usize) {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.fail(field, "must not be empty");
        } else if trimmed.chars().count() > max_chars {
            self.fail(field, format!("must be at most {max_chars} characters"));
        } else if value.chars().any(char::is_control) {
            // The whole value, not the trimmed one: it is stored as sent, so a trailing
            // newline or tab would reach every page, CSV and decision record.
            self.fail(field, "must not contain control characters");
        }
    }

    fn vm_size(&mut self, field: &str, value: &str) {
        let ok = !value.is_empty()
            && value.len() <= 40
            && value.starts_with(|c: char| c.is_ascii_uppercase())
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            self.fail(
                field,
                "must be an Azure VM size such as D4s_v5 (letters, digits and _ only)",
            );
        } else if super::vm_vcpus(value).is_none() {
            self.fail(
                field,
                "must name its vCPU count after the family letters, as Azure sizes do (D8s_v5 has 8)",
            );
        }
    }

    fn scenario(&mut self, s: &Scenario) {
        if s.schema_version != SCHEMA_VERSION {
            self.fail(
                "schema_version",
                format!("must be {SCHEMA_VERSION} (got {})", s.schema_version),
            );
        }
        self.text("name", &s.name, 120);
        if region_display_name(&s.region).is_none() {
            self.fail(
                "region",
                format!(
                    "\"{}\" is not a known Azure region code (e.g. eastus, westeurope)",
                    s.region
                ),
            );
        }
        if !CURRENCIES.contains(&s.currency.as_str()) {
            self.fail(
                "currency",
                format!("must be one of {}", CURRENCIES.join(", ")),
            );
        }
        self.workload(s);
        self.connectors(s);
        self.network(s);
        self.team_and_options(s);
        self.analysis(s);
    }

    fn workload(&mut self, s: &Scenario) {
        let w = &s.workload;
        self.positive(
            "workload.write_mb_per_s",
            w.write_mb_per_s,
            100_000.0,
            " MB/s",
        );
        self.number(
            "workload.peak_to_average",
            w.peak_to_average,
            1.0..=20.0,
            "",
        );
        self.integer(
            "workload.avg_record_bytes",
            w.avg_record_bytes,
            1..=104_857_600,
            " bytes",
        );
        self.integer(
            "workload.max_record_bytes",
            w.max_record_bytes,
            1..=104_857_600,
            " bytes",
        );
        if w.max_record_bytes < w.avg_record_bytes {
            self.fail(
                "workload.max_record_bytes",
                format!(
                    "must be at least the average record size ({} bytes)",
                    w.avg_record_bytes
                ),
            );
        }
        self.number(
            "workload.read_fanout",
            w.read_fanout,
            0.0..=100.0,
            " consumer groups",
        );
        self.integer(
            "workload.retention_hours",
            w.retention_hours,
            1..=87_600,
            " hours",
        );
        self.integer("workload.topics", w.topics, 1..=100_000, " topics");
        self.integer(
            "workload.partitions",
            w.partitions,
            1..=1_000_000,
            " partitions",
        );
        if w.partitions < w.topics {
            self.fail(
                "workload.partitions",
                format!(
                    "must be at least the number of topics ({}): every topic has a partition",
                    w.topics
                ),
            );
        }
        if let Some(max) = w.max_partitions_per_topic {
            let field = "workload.max_partitions_per_topic";
            if max == 0 {
                self.fail(field, "must be at least 1");
            } else if max > w.partitions {
                self.fail(
                    field,
                    format!("must not exceed the total partitions ({})", w.partitions),
                );
            } else if u64::from(max) * u64::from(w.topics) < u64::from(w.partitions) {
                self.fail(
                    field,
                    format!(
                        "is too small: {} topics of at most {max} partitions hold only {} of the {} partitions",
                        w.topics,
                        u64::from(max) * u64::from(w.topics),
                        w.partitions
                    ),
                );
            }
        }
        self.number(
            "workload.growth_percent_per_month",
            w.growth_percent_per_month,
            -50.0..=100.0,
            " %",
        );
    }

    fn connectors(&mut self, s: &Scenario) {
        if s.connectors.len() > MAX_CONNECTORS {
            self.fail(
                "connectors",
                format!("must list at most {MAX_CONNECTORS} connectors"),
            );
            return;
        }
        let mut seen = HashSet::new();
        for (i, c) in s.connectors.iter().enumerate() {
            let at = |f: &str| format!("connectors[{i}].{f}");
            self.text(&at("name"), &c.name, 200);
            if !c.name.trim().is_empty() && !seen.insert(c.name.trim().to_owned()) {
                self.fail(
                    at("name"),
                    format!(
                        "\"{}\" is used by another connector; names must be unique",
                        c.name.trim()
                    ),
                );
            }
            if !is_java_class_name(c.class.trim()) {
                self.fail(
                    at("class"),
                    "must be a Java class name such as io.debezium.connector.mysql.MySqlConnector",
                );
            }
            self.integer(&at("tasks"), c.tasks, 1..=1_000, " tasks");
            self.number(&at("mb_per_s"), c.mb_per_s, 0.0..=10_000.0, " MB/s");
            if c.dead_letter_queue && c.direction == Direction::Source {
                self.fail(
                    at("dead_letter_queue"),
                    "applies to sink connectors only (Kafka Connect's errors.deadletterqueue.* settings are sink settings)",
                );
            }
            self.integer(
                &at("topics_created"),
                c.topics_created,
                0..=100_000,
                " topics",
            );
        }
    }

    fn network(&mut self, s: &Scenario) {
        let n = &s.network;
        if !matches!(n.availability_zones, 1 | 3) {
            self.fail(
                "network.availability_zones",
                format!("must be 1 or 3 (got {})", n.availability_zones),
            );
        }
        self.number(
            "network.vnet_peering_gb_per_month",
            n.vnet_peering_gb_per_month,
            0.0..=1e9,
            " GB",
        );
        self.number(
            "network.internet_egress_gb_per_month",
            n.internet_egress_gb_per_month,
            0.0..=1e9,
            " GB",
        );
        self.number(
            "network.cross_region_replication_gb_per_month",
            n.cross_region_replication_gb_per_month,
            0.0..=1e9,
            " GB",
        );
    }

    fn team_and_options(&mut self, s: &Scenario) {
        if let Some(ms) = s.team.max_write_latency_ms {
            self.integer("team.max_write_latency_ms", ms, 1..=600_000, " ms");
        }
        // An availability requirement below 90 % or at 100 % is a typo, not a target: no
        // platform compared here is sold with either.
        if let Some(sla) = s.team.availability_sla_percent {
            self.number("team.availability_sla_percent", sla, 90.0..=99.999, " %");
        }
        let o = &s.options;
        self.decimal(
            "options.discount_percent",
            o.discount_percent,
            Decimal::ZERO..=Decimal::from(90),
            " %",
        );
        self.decimal(
            "options.people.loaded_cost_per_fte_year",
            o.people.loaded_cost_per_fte_year,
            Decimal::ZERO..=Decimal::from(10_000_000),
            "",
        );
        self.number(
            "options.people.fte_event_hubs",
            o.people.fte_event_hubs,
            0.0..=100.0,
            " FTE",
        );
        self.number(
            "options.people.fte_self_managed_kafka",
            o.people.fte_self_managed_kafka,
            0.0..=100.0,
            " FTE",
        );
        self.number(
            "options.people.fte_kafka_compatible",
            o.people.fte_kafka_compatible,
            0.0..=100.0,
            " FTE",
        );

        let a = &o.assumptions;
        let at = |f: &str| format!("options.assumptions.{f}");
        self.positive(
            &at("mb_per_s_per_task"),
            a.mb_per_s_per_task,
            1_000.0,
            " MB/s",
        );
        self.integer(
            &at("tasks_per_worker"),
            a.tasks_per_worker,
            1..=256,
            " tasks",
        );
        self.vm_size(&at("worker_vm_size"), &a.worker_vm_size);
        self.vm_size(&at("broker_vm_size"), &a.broker_vm_size);
        self.vm_size(&at("controller_vm_size"), &a.controller_vm_size);
        self.vm_size(&at("aks_system_node_vm_size"), &a.aks_system_node_vm_size);
        self.positive(
            &at("broker_mb_per_s_per_vcpu"),
            a.broker_mb_per_s_per_vcpu,
            1_000.0,
            " MB/s",
        );
        self.number(
            &at("broker_target_cpu_percent"),
            a.broker_target_cpu_percent,
            10.0..=100.0,
            " %",
        );
        self.integer(
            &at("max_partition_replicas_per_broker"),
            a.max_partition_replicas_per_broker,
            100..=200_000,
            "",
        );
        self.integer(&at("replication_factor"), a.replication_factor, 1..=5, "");
        self.number(
            &at("disk_headroom_percent"),
            a.disk_headroom_percent,
            0.0..=400.0,
            " %",
        );
        self.integer(
            &at("max_disk_gib_per_broker"),
            a.max_disk_gib_per_broker,
            64..=65_536,
            " GiB",
        );
        if !matches!(a.kraft_controllers, 1 | 3 | 5) {
            self.fail(
                at("kraft_controllers"),
                format!("must be 1, 3 or 5 (got {})", a.kraft_controllers),
            );
        }
        self.positive(
            &at("premium_pu_ingress_mb_per_s"),
            a.premium_pu_ingress_mb_per_s,
            1_000.0,
            " MB/s",
        );
        self.positive(
            &at("dedicated_cu_ingress_mb_per_s"),
            a.dedicated_cu_ingress_mb_per_s,
            10_000.0,
            " MB/s",
        );
        self.positive(
            &at("object_storage_broker_write_mb_per_s"),
            a.object_storage_broker_write_mb_per_s,
            10_000.0,
            " MB/s",
        );
        self.number(
            &at("object_storage_object_mb"),
            a.object_storage_object_mb,
            0.1..=1_024.0,
            " MB",
        );
        self.integer(
            &at("object_storage_wal_gib"),
            a.object_storage_wal_gib,
            1..=4_096,
            " GiB",
        );
        self.number(
            &at("object_storage_blob_read_percent"),
            a.object_storage_blob_read_percent,
            0.0..=100.0,
            " %",
        );
        self.number(
            &at("object_storage_subscription_per_month"),
            a.object_storage_subscription_per_month,
            0.0..=100_000_000.0,
            "",
        );
        self.integer(
            &at("tiered_local_retention_hours"),
            a.tiered_local_retention_hours,
            1..=8_760,
            " hours",
        );
        self.number(
            &at("tiered_remote_read_percent"),
            a.tiered_remote_read_percent,
            0.0..=100.0,
            " %",
        );
        self.number(
            &at("tiered_block_mib"),
            a.tiered_block_mib,
            0.1..=4_000.0,
            " MiB",
        );
        if let Some(p) = a.inter_zone_price_per_gb {
            self.number(&at("inter_zone_price_per_gb"), p, 0.0..=10.0, " per GB");
        }
        if let Some(p) = a.managed_connect_per_task_hour {
            self.number(
                &at("managed_connect_per_task_hour"),
                p,
                0.0..=100.0,
                " per task-hour",
            );
        }
        if let Some(p) = a.managed_connect_per_gb {
            self.number(&at("managed_connect_per_gb"), p, 0.0..=100.0, " per GB");
        }
        self.number(
            &at("monitoring_gb_per_node_month"),
            a.monitoring_gb_per_node_month,
            0.0..=10_000.0,
            " GB",
        );
        self.integer(
            &at("aks_system_nodes"),
            a.aks_system_nodes,
            1..=100,
            " nodes",
        );
        if let Some(p) = a.redpanda_byoc_per_month {
            self.number(
                &at("redpanda_byoc_per_month"),
                p,
                0.0..=10_000_000.0,
                " per month",
            );
        }
        self.number(
            &at("uncompressed_ratio"),
            a.uncompressed_ratio,
            1.0..=100.0,
            "×",
        );
        self.number(
            &at("key_vault_reads_per_worker_month"),
            a.key_vault_reads_per_worker_month,
            0.0..=100_000_000.0,
            " reads",
        );
        self.object_storage_profiles(&o.object_storage_profiles);
    }

    /// `options.object_storage_profiles`: each vendor profile at most once (an unknown name
    /// is refused when the scenario is read, naming the list entry and the names allowed).
    fn object_storage_profiles(&mut self, picked: &[super::ObjectStorageProfile]) {
        for (i, p) in picked.iter().enumerate() {
            if picked[..i].contains(p) {
                self.fail(
                    format!("options.object_storage_profiles[{i}]"),
                    format!(
                        "lists `{}` a second time; name each profile at most once",
                        p.key()
                    ),
                );
            }
        }
    }
}

mod analysis;

/// Limits as people read them: `100000.0` → `100,000`, `99.999` stays.
fn num(x: f64) -> String {
    crate::number::quantity_f64(x, 6)
}

fn int(x: u32) -> String {
    crate::number::int(u64::from(x))
}

fn dec(x: Decimal) -> String {
    crate::number::quantity(x)
}

/// `a.b.C` with `$` and `_` allowed: what Java accepts as a binary class name and Kafka
/// Connect as `connector.class` (a short alias such as `MirrorSourceConnector` is one segment).
pub fn is_java_class_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 300
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        })
}
