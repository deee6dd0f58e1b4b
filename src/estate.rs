//! Facts derived from an assessment that both the cost model and the decision engine use:
//! how many topics and partitions the platform must hold once Kafka Connect's own topics,
//! dead-letter queues and connector-created topics are counted, and how much Connect work there is.

use crate::domain::{Assessment, Direction};
use crate::knowledge::ConnectorKb;

/// Kafka Connect's internal topics: config, offsets, status (always compacted).
pub const CONNECT_INTERNAL_TOPICS: u32 = 3;
/// Partitions of the internal topics at Connect's defaults: config 1 + offsets 25 + status 5.
pub const CONNECT_INTERNAL_PARTITIONS: u32 = 31;
/// Partitions of the widest internal topic (offsets, default 25).
pub const CONNECT_OFFSETS_PARTITIONS: u32 = 25;

/// Topic, partition and Connect-work totals of an estate.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EstateFacts {
    /// Data topics the user declared.
    pub data_topics: u32,
    /// Partitions of the declared data topics.
    pub data_partitions: u32,
    /// One DLQ topic per sink connector with a dead-letter queue.
    pub dlq_topics: u32,
    /// Topics connectors create themselves (e.g. Debezium: one per captured table).
    pub connector_created_topics: u32,
    /// One schema-history topic per Debezium MySQL/SQL Server/Oracle/Db2 connector.
    pub schema_history_topics: u32,
    /// Kafka Connect clusters: one shared cluster (when any connector shares it, or there are
    /// none yet) plus one per isolated connector. Connect cannot pin a connector to chosen
    /// workers, so isolation means a cluster of its own, with its own internal topics.
    pub connect_clusters: u32,
    /// Connectors isolated on clusters of their own.
    pub isolated_clusters: u32,
    /// Every topic the platform must hold: internal (per Connect cluster) + data + DLQ +
    /// created + schema history.
    pub topics_needed: u32,
    /// Every partition the platform must hold (internal per Connect cluster; DLQ, created and
    /// schema-history topics count 1 each).
    pub partitions_needed: u32,
    /// Sum of `tasks.max` over all connectors.
    pub total_tasks: u32,
    /// Tasks of connectors that share the common worker pool.
    pub shared_pool_tasks: u32,
    /// Sum of connector throughput, MB/s.
    pub connector_mb_per_s: f64,
    /// Connectors whose class the knowledge base does not know.
    pub unknown_classes: Vec<String>,
}

impl EstateFacts {
    pub fn derive(a: &Assessment, kb: &ConnectorKb) -> Self {
        let mut dlq_topics = 0u32;
        let mut connector_created_topics = 0u32;
        let mut schema_history_topics = 0u32;
        let mut total_tasks = 0u32;
        let mut shared_pool_tasks = 0u32;
        let mut connector_mb_per_s = 0.0;
        let mut unknown_classes = Vec::new();
        for c in &a.connectors {
            if c.direction == Direction::Sink && c.dead_letter_queue {
                dlq_topics += 1;
            }
            connector_created_topics = connector_created_topics.saturating_add(c.topics_created);
            match kb.lookup(c.class.trim()) {
                Some(p) if p.needs_schema_history => schema_history_topics += 1,
                Some(_) => {}
                None => unknown_classes.push(c.class.trim().to_owned()),
            }
            total_tasks = total_tasks.saturating_add(c.tasks);
            if !c.isolated {
                shared_pool_tasks = shared_pool_tasks.saturating_add(c.tasks);
            }
            connector_mb_per_s += c.mb_per_s;
        }
        unknown_classes.sort();
        unknown_classes.dedup();
        let extra = dlq_topics
            .saturating_add(connector_created_topics)
            .saturating_add(schema_history_topics);
        let isolated_clusters =
            u32::try_from(a.connectors.iter().filter(|c| c.isolated).count()).unwrap_or(u32::MAX);
        let shared_cluster =
            u32::from(a.connectors.is_empty() || a.connectors.iter().any(|c| !c.isolated));
        let connect_clusters = isolated_clusters.saturating_add(shared_cluster);
        let w = &a.workload;
        Self {
            data_topics: w.topics,
            data_partitions: w.partitions,
            dlq_topics,
            connector_created_topics,
            schema_history_topics,
            connect_clusters,
            isolated_clusters,
            topics_needed: CONNECT_INTERNAL_TOPICS
                .saturating_mul(connect_clusters)
                .saturating_add(w.topics)
                .saturating_add(extra),
            partitions_needed: CONNECT_INTERNAL_PARTITIONS
                .saturating_mul(connect_clusters)
                .saturating_add(w.partitions)
                .saturating_add(extra),
            total_tasks,
            shared_pool_tasks,
            connector_mb_per_s,
            unknown_classes,
        }
    }
}
