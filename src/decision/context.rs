//! What the rules read: the assessment, the estate facts, the knowledge base and the costs,
//! plus a few derived figures computed once so every rule quotes the same numbers.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::OptionCost;
use crate::domain::{
    Assessment, Connector, DataFormat, Direction, OpsMaturity, PlatformOption, SystemLocation,
};
use crate::estate::{CONNECT_INTERNAL_TOPICS, EstateFacts};
use crate::knowledge::{ConnectorKb, PluginProfile};

use crate::domain::SECONDS_PER_MONTH;

/// The evaluation context handed to every rule.
pub struct RuleCtx<'a> {
    pub assessment: &'a Assessment,
    pub facts: &'a EstateFacts,
    pub kb: &'a ConnectorKb,
    pub costs: &'a [OptionCost],
    /// Options disqualified by the hard stage; filled before the cost stage runs.
    pub disqualified: BTreeSet<PlatformOption>,
}

impl<'a> RuleCtx<'a> {
    pub fn new(
        a: &'a Assessment,
        facts: &'a EstateFacts,
        kb: &'a ConnectorKb,
        costs: &'a [OptionCost],
    ) -> Self {
        Self {
            assessment: a,
            facts,
            kb,
            costs,
            disqualified: BTreeSet::new(),
        }
    }

    /// The plugin profile of a connector, if the knowledge base knows its class.
    pub fn profile(&self, c: &Connector) -> Option<&'a PluginProfile> {
        self.kb.lookup(&c.class)
    }

    /// Connectors matching a predicate over the connector and its (optional) profile.
    pub fn connectors_where(
        &self,
        pred: impl Fn(&Connector, Option<&PluginProfile>) -> bool,
    ) -> Vec<&'a Connector> {
        self.assessment
            .connectors
            .iter()
            .filter(|c| pred(c, self.kb.lookup(&c.class)))
            .collect()
    }

    /// Topics the platform must hold, including every Connect cluster's internal topics.
    pub fn topics_needed(&self) -> u64 {
        u64::from(self.facts.topics_needed)
    }

    /// Partitions the platform must hold, including every Connect cluster's internal partitions.
    pub fn partitions_needed(&self) -> u64 {
        u64::from(self.facts.partitions_needed)
    }

    /// How `topics_needed` is made up, in words a reviewer can re-add.
    pub fn topic_breakdown(&self) -> String {
        let f = self.facts;
        let internal = CONNECT_INTERNAL_TOPICS * f.connect_clusters;
        let mut parts = vec![if f.isolated_clusters > 0 {
            format!(
                "{internal} Connect internal ({} Connect clusters, {} of them for isolated connectors)",
                f.connect_clusters, f.isolated_clusters
            )
        } else {
            format!("{internal} Connect internal")
        }];
        parts.push(format!("{} data", f.data_topics));
        if f.dlq_topics > 0 {
            parts.push(format!("{} DLQ", f.dlq_topics));
        }
        if f.connector_created_topics > 0 {
            parts.push(format!("{} connector-created", f.connector_created_topics));
        }
        if f.schema_history_topics > 0 {
            parts.push(format!("{} schema-history", f.schema_history_topics));
        }
        parts.join(" + ")
    }

    /// Partitions of the widest topic the platform must hold: the widest data topic, or
    /// Connect's offsets topic (25 partitions at the default).
    pub fn widest_topic(&self) -> (u32, &'static str) {
        let data = self.assessment.workload.widest_topic_partitions();
        let offsets = crate::estate::CONNECT_OFFSETS_PARTITIONS;
        if data >= offsets {
            (data, "widest data topic")
        } else {
            (offsets, "Connect's offsets topic at its default")
        }
    }

    /// Peak produce rate, MB/s.
    pub fn peak_mb_per_s(&self) -> f64 {
        self.assessment.workload.peak_write_mb_per_s()
    }

    /// Peak egress, MB/s: every byte written is read `read_fanout` times.
    pub fn peak_egress_mb_per_s(&self) -> f64 {
        self.peak_mb_per_s() * self.assessment.workload.read_fanout
    }

    /// Data retained at the average write rate, TB (decimal).
    pub fn retained_tb(&self) -> f64 {
        self.assessment.workload.write_mb_per_s
            * f64::from(self.assessment.workload.retention_hours)
            * 3_600.0
            / 1_000_000.0
    }

    /// Source connectors that asked for exactly-once delivery (KIP-618).
    pub fn exactly_once_sources(&self) -> Vec<&'a Connector> {
        self.connectors_where(|c, _| c.direction == Direction::Source && c.exactly_once)
    }

    /// Connectors whose plugin uses Kafka transactions on its own (e.g. the Iceberg sink).
    pub fn transactional_plugins(&self) -> Vec<&'a Connector> {
        self.connectors_where(|_, p| p.is_some_and(|p| p.uses_transactions))
    }

    /// True when anything in the estate needs broker-side Kafka transactions.
    pub fn needs_transactions(&self) -> bool {
        !self.exactly_once_sources().is_empty() || !self.transactional_plugins().is_empty()
    }

    /// Why the estate needs transactions, naming the connectors.
    pub fn transaction_needs(&self) -> String {
        let mut parts = Vec::new();
        let eos = self.exactly_once_sources();
        if !eos.is_empty() {
            parts.push(format!(
                "exactly-once source connector(s) {} (KIP-618; the Connect leader itself then writes the config topic transactionally)",
                super::format::names(&eos)
            ));
        }
        let tx = self.transactional_plugins();
        if !tx.is_empty() {
            parts.push(format!(
                "{}, whose plugin commits through Kafka transactions",
                super::format::names(&tx)
            ));
        }
        parts.join(" and ")
    }

    /// Debezium connectors that keep a schema history.
    pub fn schema_history_connectors(&self) -> Vec<&'a Connector> {
        self.connectors_where(|_, p| p.is_some_and(|p| p.needs_schema_history))
    }

    /// Connectors whose plugin drives the AdminClient (MirrorMaker 2, Iceberg control topic …).
    pub fn admin_api_connectors(&self) -> Vec<&'a Connector> {
        self.connectors_where(|_, p| p.is_some_and(PluginProfile::uses_admin_api))
    }

    /// Connectors that create topics themselves, per the inventory.
    pub fn topic_creating_connectors(&self) -> Vec<&'a Connector> {
        self.connectors_where(|c, _| c.topics_created > 0)
    }

    /// Connectors at a given location.
    pub fn at(&self, location: SystemLocation) -> Vec<&'a Connector> {
        self.connectors_where(|c, _| c.system_location == location)
    }

    /// Sinks that send data out of Azure, with their estimated monthly egress, GB.
    pub fn egress_sinks(&self) -> (Vec<&'a Connector>, f64) {
        let sinks = self.connectors_where(|c, _| {
            c.direction == Direction::Sink
                && matches!(
                    c.system_location,
                    SystemLocation::InternetSaas | SystemLocation::OtherCloud
                )
        });
        let gb = sinks.iter().map(|c| c.mb_per_s).sum::<f64>() * SECONDS_PER_MONTH / 1_000.0;
        (sinks, gb)
    }

    /// Kafka consumer groups the estate needs at least: one per sink connector plus one per
    /// Connect cluster (the workers' group).
    pub fn min_consumer_groups(&self) -> u64 {
        let sinks = self
            .assessment
            .connectors
            .iter()
            .filter(|c| c.direction == Direction::Sink)
            .count() as u64;
        sinks + u64::from(self.facts.connect_clusters)
    }

    /// True when the team says it cannot operate Kafka itself.
    pub fn team_lacks_kafka_ops(&self) -> bool {
        let t = &self.assessment.team;
        !t.operates_kafka_today || t.ops_maturity == OpsMaturity::Low
    }

    /// The cost entry of an option, if one was given.
    pub fn cost_of(&self, option: PlatformOption) -> Option<&'a OptionCost> {
        self.costs.iter().find(|c| c.option == option)
    }

    /// Fully priced costs of the options not disqualified, cheapest first by the total with
    /// people, which is what the ranking compares (ties by report order).
    pub fn ranked_viable_costs(&self) -> Vec<&'a OptionCost> {
        let order = PlatformOption::compared(
            self.assessment.options.connect_runtime,
            &self.assessment.options.object_storage_profiles,
        );
        let mut v: Vec<&OptionCost> = order
            .iter()
            .filter(|o| !self.disqualified.contains(o))
            .filter_map(|o| self.cost_of(*o))
            .filter(|c| c.fully_priced && !c.lower_bound)
            .collect();
        // Stable sort keeps report order among equal totals, so ties are deterministic.
        v.sort_by_key(|c| c.monthly_total_with_people);
        v
    }

    /// Capacity units the load needs for `option`, as the cost model sized them (TUs, PUs or
    /// CUs before any cap); `None` when no cost was given or the option is not sized in units.
    pub fn units_needed(&self, option: PlatformOption) -> Option<u32> {
        self.cost_of(option)?.units_needed
    }

    /// Connectors whose records carry a registry-backed schema (Avro, Protobuf, JSON Schema).
    pub fn schema_connectors(&self) -> Vec<&'a Connector> {
        self.connectors_where(|c, _| {
            matches!(
                c.format,
                DataFormat::Avro | DataFormat::Protobuf | DataFormat::JsonSchema
            )
        })
    }

    /// Sink connectors of the estate.
    pub fn sinks(&self) -> Vec<&'a Connector> {
        self.connectors_where(|c, _| c.direction == Direction::Sink)
    }

    /// The scenario currency, for quoting money.
    pub fn currency(&self) -> &str {
        &self.assessment.currency
    }

    /// `x / y` as a ratio, `None` when `y` is not positive.
    pub fn ratio(x: Decimal, y: Decimal) -> Option<Decimal> {
        (y > Decimal::ZERO).then(|| x / y)
    }
}
