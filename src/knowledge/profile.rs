//! The profile of one Kafka Connect plugin, as read from `knowledge/connectors.csv`.

use serde::{Deserialize, Serialize};

use crate::domain::Direction;

/// The delivery guarantee a plugin can give, as its documentation states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Source: implements KIP-618 (`exactly.once.support`); sink: commits offsets with the data.
    ExactlyOnce,
    /// Sink writes are upserts keyed by the record, so a replay overwrites instead of duplicating.
    Idempotent,
    /// Replays after a failure can duplicate records.
    AtLeastOnce,
    /// No statement found; needs lab validation.
    Unknown,
}

/// How a plugin's typical throughput figure was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThroughputBasis {
    /// The 1–2 MB/s per task rule of thumb (Redpanda sizing guide); calibrate by load test.
    RuleOfThumb,
    /// A vendor benchmark (low confidence).
    VendorBenchmark,
}

/// What one plugin needs from the platform it runs against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PluginProfile {
    /// The `connector.class` value.
    pub class: String,
    /// A name people recognise, e.g. "Debezium SQL Server".
    pub display_name: String,
    /// Who ships the plugin.
    pub vendor: String,
    /// Source or sink.
    pub direction: Direction,
    /// Stores a database schema history (Debezium MySQL, SQL Server, Oracle, Db2, …).
    pub needs_schema_history: bool,
    /// Writes topics of its own that must be compacted (e.g. MirrorMaker 2's internal topics).
    pub needs_compacted_topics: bool,
    /// Runs one task whatever `tasks.max` says; parallelism comes from more connectors.
    pub single_task: bool,
    /// The delivery guarantee the plugin documents.
    pub delivery: Delivery,
    /// Uses Kafka transactions itself, whatever the Connect worker is configured for.
    pub uses_transactions: bool,
    /// Topics the plugin creates, in words (empty when none).
    pub topics_created: String,
    /// Reads or writes record headers as part of its normal operation.
    pub uses_headers: bool,
    /// Typical throughput of one task, MB/s; a pre-fill, never a measurement.
    pub mb_per_s_per_task: f64,
    /// Where `mb_per_s_per_task` comes from.
    pub throughput_basis: ThroughputBasis,
    /// Kafka AdminClient use beyond creating topics, e.g. syncing configs or ACLs, altering
    /// offsets; starts with "none" when there is none.
    pub admin_api_use: String,
    /// What an architect should know, in one or two sentences.
    pub notes: String,
    /// Where the facts come from.
    pub source: String,
}

impl PluginProfile {
    /// The plugin calls the Kafka AdminClient for more than creating topics (which is counted
    /// separately, through the inventory's `topics_created`).
    pub fn uses_admin_api(&self) -> bool {
        !self.admin_api_use.trim().is_empty() && !self.admin_api_use.trim().starts_with("none")
    }

    /// The plugin can take part in an exactly-once pipeline in its direction.
    pub fn supports_exactly_once(&self) -> bool {
        match self.direction {
            Direction::Source => self.delivery == Delivery::ExactlyOnce,
            Direction::Sink => {
                matches!(self.delivery, Delivery::ExactlyOnce | Delivery::Idempotent)
            }
        }
    }

    /// Debezium plugins share storage and task rules, so checks key off the vendor.
    pub fn is_debezium(&self) -> bool {
        self.class.starts_with("io.debezium.")
    }

    /// MirrorMaker 2's connectors replicate between clusters and drive the target's AdminClient.
    pub fn is_mirror_maker(&self) -> bool {
        self.class.starts_with("org.apache.kafka.connect.mirror.")
    }
}
