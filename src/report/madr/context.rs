//! The MADR's context and decision drivers: the estate, its connectors and where they run.

use super::*;

impl Render<'_> {
    pub(super) fn context(&self, w: &mut Writer) {
        let a = &self.report.assessment;
        let f = &self.report.facts;
        let wl = &a.workload;
        let region = region_display_name(&a.region).unwrap_or("");
        let sources = a
            .connectors
            .iter()
            .filter(|c| c.direction == Direction::Source)
            .count();
        w.line("## Context and Problem Statement");
        w.blank();
        w.fmt(format_args!(
            "{} runs {} Kafka Connect connector(s) ({} source, {} sink; {} tasks) in Azure region {} ({}). \
             Which way of running Kafka Connect, and the Kafka platform it needs, fits this estate on Azure, \
             and what will it cost each month?",
            self.scenario_name(),
            a.connectors.len(),
            sources,
            a.connectors.len() - sources,
            f.total_tasks,
            escape_md(region),
            escape_md(&a.region),
        ));
        w.blank();
        w.line("The estate in numbers, from the questionnaire:");
        w.blank();
        w.fmt(format_args!(
            "- **Throughput:** {} MB/s written on average, {} MB/s at peak (peak-to-average {}), \
             each byte read by {} consumer group(s); records of {} B on average and up to {} B; \
             compression {}; growth {} % a month.",
            num(wl.write_mb_per_s, 3),
            num(wl.peak_write_mb_per_s(), 3),
            num(wl.peak_to_average, 2),
            num(wl.read_fanout, 2),
            group(&wl.avg_record_bytes.to_string()),
            group(&wl.max_record_bytes.to_string()),
            wl.compression.key().to_owned(),
            num(wl.growth_percent_per_month, 2),
        ));
        w.fmt(format_args!(
            "- **Retention:** {} h ({} days).",
            group(&wl.retention_hours.to_string()),
            num(f64::from(wl.retention_hours) / 24.0, 1),
        ));
        w.fmt(format_args!(
            "- **Topics:** {} data topics with {} partitions (widest topic {}); with Connect's internal topics \
             ({} Connect cluster(s)), {} dead-letter, {} connector-created and {} schema-history topic(s), \
             the platform must hold {} topics and {} partitions.",
            group(&f.data_topics.to_string()),
            group(&f.data_partitions.to_string()),
            group(&wl.widest_topic_partitions().to_string()),
            f.connect_clusters,
            group(&f.dlq_topics.to_string()),
            group(&f.connector_created_topics.to_string()),
            group(&f.schema_history_topics.to_string()),
            group(&f.topics_needed.to_string()),
            group(&f.partitions_needed.to_string()),
        ));
        let eos = a.connectors.iter().filter(|c| c.exactly_once).count();
        w.fmt(format_args!(
            "- **Connectors:** {} in total, {} MB/s together, {} isolated on a Connect cluster of its own, \
             {} requiring exactly-once delivery. By kind:",
            a.connectors.len(),
            num(f.connector_mb_per_s, 3),
            f.isolated_clusters,
            eos,
        ));
        w.blank();
        self.connector_kinds(w);
        w.blank();
        let n = &a.network;
        let link = match n.on_premises_link {
            OnPremisesLink::None => "none",
            OnPremisesLink::Vpn => "VPN",
            OnPremisesLink::Expressroute => "ExpressRoute",
        };
        w.fmt(format_args!(
            "- **Network:** {} availability zone(s); Private Link {}; on-premises link {}; VNet peering {} GB, \
             internet egress {} GB and cross-region replication {} GB a month. Connected systems: {}.",
            n.availability_zones,
            yes_no(n.private_link),
            link,
            num(n.vnet_peering_gb_per_month, 2),
            num(n.internet_egress_gb_per_month, 2),
            num(n.cross_region_replication_gb_per_month, 2),
            self.locations(),
        ));
        let t = &a.team;
        w.fmt(format_args!(
            "- **Team:** operates Kafka today: {}; operations maturity: {}; prefers managed services: {}; \
             needs Kafka Streams: {}; needs vendor support for Connect: {}; needs the Kafka Admin API: {}; \
             write-latency bound: {}.",
            yes_no(t.operates_kafka_today),
            match t.ops_maturity {
                OpsMaturity::Low => "low",
                OpsMaturity::Medium => "medium",
                OpsMaturity::High => "high",
            },
            yes_no(t.prefers_managed),
            yes_no(t.needs_kafka_streams),
            yes_no(t.needs_vendor_support_for_connect),
            yes_no(t.needs_admin_api),
            t.max_write_latency_ms
                .map_or_else(|| "none".to_owned(), |ms| format!("{} ms (p99)", group(&ms.to_string()))),
        ));
        let o = &a.options;
        let people = &o.people;
        let people_text = if people.loaded_cost_per_fte_year.is_zero() {
            "people cost not set".to_owned()
        } else {
            format!(
                "people at {} per FTE-year ({} FTE for Event Hubs, {} for self-managed Kafka, {} for the object-storage platform)",
                self.money(people.loaded_cost_per_fte_year),
                num(people.fte_event_hubs, 2),
                num(people.fte_self_managed_kafka, 2),
                num(people.fte_kafka_compatible, 2),
            )
        };
        w.fmt(format_args!(
            "- **Buying:** {}; negotiated discount {} %; Connect workers on {}; {}.",
            match o.commitment {
                Commitment::PayAsYouGo => "pay-as-you-go",
                Commitment::Reserved1y => "1-year reservations",
                Commitment::Reserved3y => "3-year reservations",
            },
            o.discount_percent.normalize(),
            match o.connect_runtime {
                ConnectRuntime::Aks => "AKS",
                ConnectRuntime::Vm => "VMs",
                ConnectRuntime::ContainerApps => "Container Apps",
                ConnectRuntime::ContainerInstances => "Container Instances",
                ConnectRuntime::VendorManaged => "the vendor's managed Connect",
                ConnectRuntime::Auto => "the runtime the advisor chose per option (below)",
            },
            people_text,
        ));
        w.blank();
    }

    /// Connectors grouped by plugin class and direction, as a nested table.
    pub(super) fn connector_kinds(&self, w: &mut Writer) {
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
        if kinds.is_empty() {
            w.line("  - none listed yet");
            return;
        }
        w.line("  | Kind | Plugin class | Direction | Connectors | Tasks | MB/s |");
        w.line("  | --- | --- | --- | ---: | ---: | ---: |");
        for ((class, source), (count, tasks, mbps)) in kinds {
            let kind = kb
                .lookup(class)
                .map_or("unknown plugin", |p| p.display_name.as_str());
            w.fmt(format_args!(
                "  | {} | {} | {} | {} | {} | {} |",
                escape_md(kind),
                escape_md(class),
                if source { "source" } else { "sink" },
                count,
                group(&tasks.to_string()),
                num(mbps, 3),
            ));
        }
    }

    pub(super) fn locations(&self) -> String {
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

    pub(super) fn drivers(&self, w: &mut Writer) {
        let a = &self.report.assessment;
        let f = &self.report.facts;
        let wl = &a.workload;
        let t = &a.team;
        w.line("## Decision Drivers");
        w.blank();
        w.fmt(format_args!(
            "- Carry {} MB/s at peak into {} topics and {} partitions, kept for {} h.",
            num(wl.peak_write_mb_per_s(), 3),
            group(&f.topics_needed.to_string()),
            group(&f.partitions_needed.to_string()),
            group(&wl.retention_hours.to_string()),
        ));
        w.fmt(format_args!(
            "- Accept records of up to {} B, {}.",
            group(&wl.max_record_bytes.to_string()),
            match wl.compression {
                crate::domain::Compression::None => "uncompressed".to_owned(),
                c => format!("{} compressed", c.key().to_owned()),
            },
        ));
        let eos = a.connectors.iter().filter(|c| c.exactly_once).count();
        if eos > 0 {
            w.fmt(format_args!(
                "- Exactly-once delivery for {eos} connector(s)."
            ));
        }
        let mut needs = Vec::new();
        if t.needs_kafka_streams {
            needs.push("Kafka Streams");
        }
        if t.needs_admin_api {
            needs.push("the Kafka Admin API");
        }
        if t.needs_vendor_support_for_connect {
            needs.push("vendor support covering Connect");
        }
        if !needs.is_empty() {
            w.fmt(format_args!("- Platform features: {}.", needs.join(", ")));
        }
        if let Some(ms) = t.max_write_latency_ms {
            w.fmt(format_args!("- p99 write latency within {ms} ms."));
        }
        w.fmt(format_args!(
            "- Operating model: {} that {} Kafka today and {} managed services.",
            match t.ops_maturity {
                OpsMaturity::Low => "a team of low operations maturity",
                OpsMaturity::Medium => "a team of medium operations maturity",
                OpsMaturity::High => "a team of high operations maturity",
            },
            if t.operates_kafka_today {
                "operates"
            } else {
                "does not operate"
            },
            if t.prefers_managed {
                "prefers"
            } else {
                "does not insist on"
            },
        ));
        w.line("- Monthly cost: infrastructure, and people where a loaded cost is set, for each option.");
        let hard = hard_limits(&self.report.decision.path);
        if !hard.is_empty() {
            w.blank();
            w.line("Documented hard limits the estate runs into (each disqualifies the options named):");
            w.blank();
            for (rule, title, options, source) in hard {
                w.fmt(format_args!(
                    "- **{}** {}: {}{}",
                    escape_md(rule),
                    escape_md(title),
                    options.join(", "),
                    source_link(source),
                ));
            }
        }
        w.blank();
    }
}
