//! The MADR's context and decision drivers: the estate, its connectors and where they run.

use std::collections::BTreeMap;

use super::{Render, escape_md, group, num, source_link, yes_no};
use crate::decision::Effect;
use crate::domain::{
    Commitment, Compression, ConnectRuntime, Direction, Named, OnPremisesLink, OpsMaturity,
    PlatformOption, SystemLocation, region_display_name,
};
use crate::knowledge::ConnectorKb;

/// "Context and Problem Statement": the estate in numbers, from the questionnaire.
pub(super) struct Context {
    pub(super) connectors: usize,
    pub(super) sources: usize,
    pub(super) sinks: usize,
    pub(super) tasks: String,
    pub(super) region_name: String,
    pub(super) region: String,
    pub(super) write_mb_per_s: String,
    pub(super) peak_mb_per_s: String,
    pub(super) peak_to_average: String,
    pub(super) read_fanout: String,
    pub(super) avg_record_bytes: String,
    pub(super) max_record_bytes: String,
    pub(super) compression: &'static str,
    pub(super) growth_percent: String,
    pub(super) retention_hours: String,
    pub(super) retention_days: String,
    pub(super) data_topics: String,
    pub(super) data_partitions: String,
    pub(super) widest_topic: String,
    pub(super) connect_clusters: String,
    pub(super) dlq_topics: String,
    pub(super) connector_created_topics: String,
    pub(super) schema_history_topics: String,
    pub(super) topics_needed: String,
    pub(super) partitions_needed: String,
    pub(super) connector_mb_per_s: String,
    pub(super) isolated_clusters: String,
    pub(super) exactly_once: usize,
    /// Connectors grouped by plugin class and direction.
    pub(super) kinds: Vec<ConnectorKind>,
    pub(super) availability_zones: String,
    pub(super) private_link: &'static str,
    pub(super) on_premises_link: &'static str,
    pub(super) vnet_peering_gb: String,
    pub(super) internet_egress_gb: String,
    pub(super) replication_gb: String,
    /// Connected systems counted by where they are, e.g. "2 Azure PaaS, 1 on premises".
    pub(super) locations: String,
    pub(super) operates_kafka: &'static str,
    pub(super) ops_maturity: &'static str,
    pub(super) prefers_managed: &'static str,
    pub(super) needs_kafka_streams: &'static str,
    pub(super) needs_vendor_support: &'static str,
    pub(super) needs_admin_api: &'static str,
    /// "200 ms (p99)", or "none".
    pub(super) latency_bound: String,
    pub(super) commitment: &'static str,
    pub(super) discount_percent: String,
    pub(super) runtime: &'static str,
    /// `None` when no loaded cost per FTE is set.
    pub(super) people: Option<PeopleRates>,
}

pub(super) struct ConnectorKind {
    pub(super) kind: String,
    pub(super) class: String,
    pub(super) direction: &'static str,
    pub(super) connectors: usize,
    pub(super) tasks: String,
    pub(super) mb_per_s: String,
}

/// The loaded cost of an FTE and the FTEs each kind of platform takes.
pub(super) struct PeopleRates {
    pub(super) cost_per_fte_year: String,
    pub(super) event_hubs: String,
    pub(super) self_managed_kafka: String,
    pub(super) kafka_compatible: String,
}

/// "Decision Drivers": what the platform must carry, and the limits it runs into.
pub(super) struct Drivers {
    pub(super) peak_mb_per_s: String,
    pub(super) topics_needed: String,
    pub(super) partitions_needed: String,
    pub(super) retention_hours: String,
    pub(super) max_record_bytes: String,
    /// The codec, or `None` when records are uncompressed.
    pub(super) compression: Option<&'static str>,
    pub(super) exactly_once: usize,
    /// Platform features the team needs.
    pub(super) features: Vec<&'static str>,
    pub(super) max_write_latency_ms: Option<u32>,
    pub(super) ops_maturity: &'static str,
    pub(super) operates_kafka: bool,
    pub(super) prefers_managed: bool,
    pub(super) hard_limits: Vec<HardLimit>,
}

/// A disqualifying rule and the options it hit.
pub(super) struct HardLimit {
    pub(super) rule: String,
    pub(super) title: String,
    pub(super) options: String,
    pub(super) source: String,
}

impl Render<'_> {
    pub(super) fn context(&self) -> Context {
        let a = &self.report.assessment;
        let f = &self.report.facts;
        let wl = &a.workload;
        let n = &a.network;
        let t = &a.team;
        let o = &a.options;
        let sources = a
            .connectors
            .iter()
            .filter(|c| c.direction == Direction::Source)
            .count();
        let people = &o.people;
        Context {
            connectors: a.connectors.len(),
            sources,
            sinks: a.connectors.len() - sources,
            tasks: f.total_tasks.to_string(),
            region_name: escape_md(region_display_name(&a.region).unwrap_or("")),
            region: escape_md(&a.region),
            write_mb_per_s: num(wl.write_mb_per_s, 3),
            peak_mb_per_s: num(wl.peak_write_mb_per_s(), 3),
            peak_to_average: num(wl.peak_to_average, 2),
            read_fanout: num(wl.read_fanout, 2),
            avg_record_bytes: group(&wl.avg_record_bytes.to_string()),
            max_record_bytes: group(&wl.max_record_bytes.to_string()),
            compression: wl.compression.key(),
            growth_percent: num(wl.growth_percent_per_month, 2),
            retention_hours: group(&wl.retention_hours.to_string()),
            retention_days: num(f64::from(wl.retention_hours) / 24.0, 1),
            data_topics: group(&f.data_topics.to_string()),
            data_partitions: group(&f.data_partitions.to_string()),
            widest_topic: group(&wl.widest_topic_partitions().to_string()),
            connect_clusters: f.connect_clusters.to_string(),
            dlq_topics: group(&f.dlq_topics.to_string()),
            connector_created_topics: group(&f.connector_created_topics.to_string()),
            schema_history_topics: group(&f.schema_history_topics.to_string()),
            topics_needed: group(&f.topics_needed.to_string()),
            partitions_needed: group(&f.partitions_needed.to_string()),
            connector_mb_per_s: num(f.connector_mb_per_s, 3),
            isolated_clusters: f.isolated_clusters.to_string(),
            exactly_once: a.connectors.iter().filter(|c| c.exactly_once).count(),
            kinds: self.connector_kinds(),
            availability_zones: n.availability_zones.to_string(),
            private_link: yes_no(n.private_link),
            on_premises_link: match n.on_premises_link {
                OnPremisesLink::None => "none",
                OnPremisesLink::Vpn => "VPN",
                OnPremisesLink::Expressroute => "ExpressRoute",
            },
            vnet_peering_gb: num(n.vnet_peering_gb_per_month, 2),
            internet_egress_gb: num(n.internet_egress_gb_per_month, 2),
            replication_gb: num(n.cross_region_replication_gb_per_month, 2),
            locations: self.locations(),
            operates_kafka: yes_no(t.operates_kafka_today),
            ops_maturity: ops_maturity(t.ops_maturity),
            prefers_managed: yes_no(t.prefers_managed),
            needs_kafka_streams: yes_no(t.needs_kafka_streams),
            needs_vendor_support: yes_no(t.needs_vendor_support_for_connect),
            needs_admin_api: yes_no(t.needs_admin_api),
            latency_bound: t.max_write_latency_ms.map_or_else(
                || "none".to_owned(),
                |ms| format!("{} ms (p99)", group(&ms.to_string())),
            ),
            commitment: match o.commitment {
                Commitment::PayAsYouGo => "pay-as-you-go",
                Commitment::Reserved1y => "1-year reservations",
                Commitment::Reserved3y => "3-year reservations",
            },
            discount_percent: o.discount_percent.normalize().to_string(),
            runtime: match o.connect_runtime {
                ConnectRuntime::Aks => "AKS",
                ConnectRuntime::Vm => "VMs",
                ConnectRuntime::ContainerApps => "Container Apps",
                ConnectRuntime::ContainerInstances => "Container Instances",
                ConnectRuntime::VendorManaged => "the vendor's managed Connect",
                ConnectRuntime::Auto => "the runtime the advisor chose per option (below)",
            },
            people: (!people.loaded_cost_per_fte_year.is_zero()).then(|| PeopleRates {
                cost_per_fte_year: self.money(people.loaded_cost_per_fte_year),
                event_hubs: num(people.fte_event_hubs, 2),
                self_managed_kafka: num(people.fte_self_managed_kafka, 2),
                kafka_compatible: num(people.fte_kafka_compatible, 2),
            }),
        }
    }

    /// Connectors grouped by plugin class and direction.
    fn connector_kinds(&self) -> Vec<ConnectorKind> {
        let kb = ConnectorKb::embedded();
        let mut kinds: BTreeMap<(&str, bool), (usize, u32, f64)> = BTreeMap::new();
        for c in &self.report.assessment.connectors {
            let e = kinds
                .entry((c.class.trim(), c.direction == Direction::Source))
                .or_default();
            e.0 += 1;
            e.1 = e.1.saturating_add(c.tasks);
            e.2 += c.mb_per_s;
        }
        kinds
            .into_iter()
            .map(|((class, source), (count, tasks, mbps))| ConnectorKind {
                kind: escape_md(
                    kb.lookup(class)
                        .map_or("unknown plugin", |p| p.display_name.as_str()),
                ),
                class: escape_md(class),
                direction: if source { "source" } else { "sink" },
                connectors: count,
                tasks: group(&tasks.to_string()),
                mb_per_s: num(mbps, 3),
            })
            .collect()
    }

    fn locations(&self) -> String {
        let mut counts: BTreeMap<u8, (usize, &str)> = BTreeMap::new();
        for c in &self.report.assessment.connectors {
            let (order, label) = match c.system_location {
                SystemLocation::AzureVnet => (0, "in an Azure VNet"),
                SystemLocation::AzurePaas => (1, "Azure PaaS"),
                SystemLocation::OnPremises => (2, "on premises"),
                SystemLocation::OtherCloud => (3, "in another cloud"),
                SystemLocation::InternetSaas => (4, "internet SaaS"),
            };
            counts.entry(order).or_insert((0, label)).0 += 1;
        }
        if counts.is_empty() {
            return "none listed".to_owned();
        }
        counts
            .values()
            .map(|(n, label)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(super) fn drivers(&self) -> Drivers {
        let a = &self.report.assessment;
        let f = &self.report.facts;
        let wl = &a.workload;
        let t = &a.team;
        let features = [
            (t.needs_kafka_streams, "Kafka Streams"),
            (t.needs_admin_api, "the Kafka Admin API"),
            (
                t.needs_vendor_support_for_connect,
                "vendor support covering Connect",
            ),
        ];
        Drivers {
            peak_mb_per_s: num(wl.peak_write_mb_per_s(), 3),
            topics_needed: group(&f.topics_needed.to_string()),
            partitions_needed: group(&f.partitions_needed.to_string()),
            retention_hours: group(&wl.retention_hours.to_string()),
            max_record_bytes: group(&wl.max_record_bytes.to_string()),
            compression: match wl.compression {
                Compression::None => None,
                c => Some(c.key()),
            },
            exactly_once: a.connectors.iter().filter(|c| c.exactly_once).count(),
            features: features
                .into_iter()
                .filter_map(|(needed, feature)| needed.then_some(feature))
                .collect(),
            max_write_latency_ms: t.max_write_latency_ms,
            ops_maturity: ops_maturity(t.ops_maturity),
            operates_kafka: t.operates_kafka_today,
            prefers_managed: t.prefers_managed,
            hard_limits: self.hard_limits(),
        }
    }

    /// Disqualifying rules of the path, one entry per rule id with the options it hit.
    fn hard_limits(&self) -> Vec<HardLimit> {
        let mut out: Vec<(&str, &str, Vec<&'static str>, &str)> = Vec::new();
        for r in self
            .report
            .decision
            .path
            .iter()
            .filter(|r| r.effect == Effect::Disqualify)
        {
            let labels = r.options.iter().map(PlatformOption::label);
            if let Some(entry) = out.iter_mut().find(|(rule, ..)| *rule == r.rule) {
                for l in labels {
                    if !entry.2.contains(&l) {
                        entry.2.push(l);
                    }
                }
            } else {
                out.push((&r.rule, &r.title, labels.collect(), &r.source));
            }
        }
        out.into_iter()
            .map(|(rule, title, options, source)| HardLimit {
                rule: escape_md(rule),
                title: escape_md(title),
                options: options.join(", "),
                source: source_link(source),
            })
            .collect()
    }
}

fn ops_maturity(m: OpsMaturity) -> &'static str {
    match m {
        OpsMaturity::Low => "low",
        OpsMaturity::Medium => "medium",
        OpsMaturity::High => "high",
    }
}
