//! The proof-of-architecture checklist, tailored to the estate and the recommended option.
//! Every item says why it matters for *this* estate, quoting its facts; items that do not
//! apply (no DLQs, no exactly-once, no isolated connectors …) are left out.

use super::ChecklistItem;
use super::context::RuleCtx;
use super::format::{int, join_limited, names, num, subject};
use crate::domain::{
    DataFormat, Direction, Labelled, ObjectStorageProfile, OnPremisesLink, Platform,
    PlatformOption, SystemLocation,
};

const CONNECT_GUIDE: &str = "https://kafka.apache.org/39/kafka-connect/user-guide";
const KIP_154_PR: &str = "https://github.com/apache/kafka/pull/8828";
const EH_ISSUE_167: &str = "https://github.com/Azure/azure-event-hubs-for-kafka/issues/167";
const EH_KAFKA_CONFIGS: &str =
    "https://learn.microsoft.com/azure/event-hubs/apache-kafka-configurations";
const EH_FAQ: &str =
    "https://learn.microsoft.com/azure/event-hubs/apache-kafka-frequently-asked-questions";
const EH_QUOTAS: &str = "https://learn.microsoft.com/azure/event-hubs/event-hubs-quotas";
const SINK_CONFIG: &str = "https://github.com/apache/kafka/blob/trunk/connect/runtime/src/main/java/org/apache/kafka/connect/runtime/SinkConnectorConfig.java";
const BASIC_AUTH: &str = "https://github.com/apache/kafka/tree/trunk/connect/basic-auth-extension";
const DEBEZIUM_STORAGE: &str = "https://github.com/debezium/debezium/blob/main/documentation/modules/ROOT/pages/configuration/storage.adoc";
const DEBEZIUM_EOS: &str = "https://github.com/debezium/debezium/blob/main/documentation/modules/ROOT/pages/configuration/eos.adoc";
const AKS_KAFKA_INFRA: &str = "https://learn.microsoft.com/azure/aks/kafka-infrastructure";
const WARPSTREAM_STORES: &str =
    "https://docs.warpstream.com/warpstream/byoc/deploy/different-object-stores";
const REDPANDA_TIERS: &str =
    "https://docs.redpanda.com/cloud-data-platform/reference/tiers/byoc-tiers/";
const AUTOMQ_WAL: &str =
    "https://www.automq.com/docs/automq/architecture/s3stream-shared-streaming-storage/wal-storage";
const REDPANDA_SIZING: &str = "https://github.com/redpanda-data/cloud-docs/blob/main/modules/develop/pages/managed-connectors/sizing-connectors.adoc";

/// Build the checklist for the recommended option (`None`: only platform-neutral items).
pub fn build(ctx: &RuleCtx<'_>, chosen: Option<PlatformOption>) -> Vec<ChecklistItem> {
    let on_eh = chosen.is_some_and(|o| o.platform == Platform::EventHubs);
    let mut items = Vec::new();
    items.push(internal_topics(ctx, on_eh));
    items.push(offsets(ctx, on_eh));
    if let Some(item) = schema_compatibility(ctx) {
        items.push(item);
    }
    if let Some(item) = schema_history(ctx, chosen) {
        items.push(item);
    }
    if let Some(item) = dead_letter_queues(ctx, on_eh) {
        items.push(item);
    }
    if let Some(item) = sink_throttling(ctx, on_eh) {
        items.push(item);
    }
    if let Some(item) = connect_capacity(ctx) {
        items.push(item);
    }
    items.push(rolling_upgrades(ctx));
    if let Some(item) = isolation(ctx, on_eh) {
        items.push(item);
    }
    items.push(connectivity(ctx, chosen));
    items.push(identities(ctx, on_eh));
    items.push(observability(ctx, on_eh));
    if on_eh {
        items.push(event_hubs_client_settings(ctx, chosen));
    }
    items.push(group_ids(ctx, on_eh));
    if let Some(item) = exactly_once_drills(ctx, chosen) {
        items.push(item);
    }
    match chosen.map(|o| o.platform) {
        Some(Platform::SelfManagedKafka) => items.push(self_managed_platform(ctx)),
        Some(Platform::KafkaCompatible) => items.push(object_storage_platform(
            ctx,
            chosen
                .and_then(|o| o.object_storage_profile())
                .unwrap_or(ObjectStorageProfile::DEFAULT),
        )),
        _ => {}
    }
    items
}

fn item(id: &str, title: &str, why: String, how: String, source: &str) -> ChecklistItem {
    ChecklistItem {
        id: id.to_owned(),
        title: title.to_owned(),
        why,
        how,
        source: source.to_owned(),
    }
}

fn count(ctx: &RuleCtx<'_>, dir: Direction) -> usize {
    ctx.assessment
        .connectors
        .iter()
        .filter(|c| c.direction == dir)
        .count()
}

fn internal_topics(ctx: &RuleCtx<'_>, on_eh: bool) -> ChecklistItem {
    let sources = count(ctx, Direction::Source);
    let clusters = ctx.facts.connect_clusters;
    let mut how = format!(
        "Pre-create config (1 partition), offsets (25) and status (5) per Connect cluster ({clusters} here) with cleanup.policy=compact; confirm with a worker restart that all {} connector configs come back.",
        ctx.assessment.connectors.len()
    );
    if on_eh {
        how.push_str(" On Event Hubs: never change an internal event hub's partition count in the portal — it resets cleanup.policy from compact to delete (issue #167); alert on any change to those hubs. The RF setting is accepted (Microsoft's sample uses 1; storage is replicated underneath).");
    } else {
        how.push_str(" Use RF 3 and min.insync.replicas 2.");
    }
    item(
        "internal-topics",
        "Connect internal topics are compacted and stay compacted",
        format!(
            "The config, offsets and status topics hold every connector's configuration and the source offsets of this estate's {sources} source connector(s). Since Kafka 2.6 a worker refuses to start on a non-compacted internal topic; with delete retention the configs and offsets silently expire."
        ),
        how,
        if on_eh { EH_ISSUE_167 } else { KIP_154_PR },
    )
}

fn offsets(ctx: &RuleCtx<'_>, on_eh: bool) -> ChecklistItem {
    let sinks = count(ctx, Direction::Sink);
    let sources = count(ctx, Direction::Source);
    let mut how = "Document where each connector's position lives (source: Connect offsets topic; sink: its consumer group), and rehearse reset and migration with the offsets REST endpoints (GET/PATCH/DELETE /connectors/{name}/offsets, Kafka 3.6+) on a stopped connector.".to_owned();
    if on_eh {
        how.push_str(" On Event Hubs consumer-group offsets live in the service (not visible in the portal) and commits are throttled to 4 per second per partition: keep offset.flush.interval.ms and auto-commit intervals at seconds, not milliseconds.");
    }
    item(
        "offsets",
        "Offset semantics and recovery are understood",
        format!(
            "{sources} source connector(s) resume from the offsets topic and {sinks} sink connector(s) from consumer groups; a lost or reset offset means a re-snapshot or a replay into the downstream systems."
        ),
        how,
        if on_eh { EH_FAQ } else { CONNECT_GUIDE },
    )
}

fn schema_compatibility(ctx: &RuleCtx<'_>) -> Option<ChecklistItem> {
    let formats = [
        DataFormat::Avro,
        DataFormat::JsonSchema,
        DataFormat::Protobuf,
    ];
    let used: Vec<String> = formats
        .iter()
        .filter_map(|f| {
            let n = ctx
                .assessment
                .connectors
                .iter()
                .filter(|c| c.format == *f)
                .count();
            (n > 0).then(|| format!("{} ({n})", f.label()))
        })
        .collect();
    if used.is_empty() {
        return None;
    }
    let used: Vec<&str> = used.iter().map(String::as_str).collect();
    let cdc =
        ctx.connectors_where(|_, p| p.is_some_and(crate::knowledge::PluginProfile::is_debezium));
    let ddl = if cdc.is_empty() {
        String::new()
    } else {
        format!(", including a DDL change captured by {}", names(&cdc))
    };
    Some(item(
        "schema-compatibility",
        "Schema registry and compatibility mode are agreed",
        format!(
            "Connectors use schema-based converters: {}. A schema change that breaks compatibility stops every sink reading that topic.",
            join_limited(&used)
        ),
        format!(
            "Choose a registry whose API the converters speak (Confluent-compatible converters need a Confluent-API registry; Azure Schema Registry has its own serializers), set BACKWARD (or stricter) compatibility per subject, and test one additive and one breaking change end to end{ddl}."
        ),
        CONNECT_GUIDE,
    ))
}

fn schema_history(ctx: &RuleCtx<'_>, chosen: Option<PlatformOption>) -> Option<ChecklistItem> {
    let list = ctx.schema_history_connectors();
    if list.is_empty() {
        return None;
    }
    let on_standard = chosen == Some(PlatformOption::EVENT_HUBS_STANDARD);
    let how = if chosen.is_some_and(|o| o.platform == Platform::EventHubs) {
        format!(
            "Store the history with io.debezium.storage.azure.blob.history.AzureBlobSchemaHistory (or JDBC){}; test a connector restart after a DDL change.",
            if on_standard {
                ": on Standard a Kafka-topic history expires after 168 h"
            } else {
                ""
            }
        )
    } else {
        "Create each history topic with 1 partition, retention.ms=-1 (infinite), RF ≥ 3, cleanup.policy=delete; never let tooling repartition it; test a connector restart after a DDL change.".to_owned()
    };
    Some(item(
        "schema-history",
        "Debezium schema history is durable",
        format!(
            "{} a schema history; if it is lost or truncated the connector fails with \"db history topic ... missing\" and needs a re-snapshot.",
            subject(&list, "keeps", "keep")
        ),
        how,
        DEBEZIUM_STORAGE,
    ))
}

fn dead_letter_queues(ctx: &RuleCtx<'_>, on_eh: bool) -> Option<ChecklistItem> {
    let list = ctx.connectors_where(|c, _| c.direction == Direction::Sink && c.dead_letter_queue);
    if list.is_empty() {
        return None;
    }
    let mut how = "Name an owner and a replay procedure per DLQ; enable errors.deadletterqueue.context.headers.enable for diagnosis; make sure no sink consumes its own DLQ; alert on DLQ growth.".to_owned();
    if on_eh {
        how.push_str(" On Event Hubs each DLQ is an event hub in the namespace budget, and header values written over AMQP appear AMQP-encoded to Kafka readers.");
    } else {
        how.push_str(" The DLQ replication factor defaults to 3: lower it only on clusters with fewer than 3 brokers.");
    }
    Some(item(
        "dlq",
        "Dead-letter queues have an owner and a replay path",
        format!(
            "{} failed records to {} DLQ topic(s); without an owner the records are lost in practice, and replaying them blindly can reorder or duplicate writes.",
            subject(&list, "routes", "route"),
            list.len()
        ),
        how,
        SINK_CONFIG,
    ))
}

fn sink_throttling(ctx: &RuleCtx<'_>, on_eh: bool) -> Option<ChecklistItem> {
    let sinks = ctx.connectors_where(|c, _| c.direction == Direction::Sink);
    if sinks.is_empty() {
        return None;
    }
    let mb: f64 = sinks.iter().map(|c| c.mb_per_s).sum();
    let mut how = "Load-test each sink at peak against its target's limits (RU/s, API rate limits, warehouse ingestion quotas); set errors.retry.timeout and back-off, cap max.poll.records, and alert on consumer lag per sink.".to_owned();
    if on_eh {
        how.push_str(" Event Hubs throttles by delaying responses; a produce delay beyond request.timeout.ms surfaces as a Policy Violation error.");
    }
    Some(item(
        "sink-throttling",
        "Sinks are throttled to what their targets accept",
        format!(
            "{} sink connector(s) write {} MB/s in total; at peak-to-average {} a target that throttles turns into growing lag and retries.",
            sinks.len(),
            num(mb),
            num(ctx.assessment.workload.peak_to_average)
        ),
        how,
        CONNECT_GUIDE,
    ))
}

fn rolling_upgrades(ctx: &RuleCtx<'_>) -> ChecklistItem {
    item(
        "rolling-upgrades",
        "Workers upgrade one at a time without a stop",
        format!(
            "{} task(s) across {} connector(s) rebalance whenever a worker leaves; a plugin upgrade on one worker only can run two versions side by side.",
            int(ctx.facts.total_tasks.into()),
            ctx.assessment.connectors.len()
        ),
        "Run at least 2 workers per Connect cluster (3 across zones), rely on incremental cooperative rebalancing (scheduled.rebalance.max.delay.ms, 5 min default), bake plugins into a versioned image with checksums, and rehearse a rolling upgrade under load.".to_owned(),
        CONNECT_GUIDE,
    )
}

fn isolation(ctx: &RuleCtx<'_>, on_eh: bool) -> Option<ChecklistItem> {
    let list = ctx.connectors_where(|c, _| c.isolated);
    if list.is_empty() {
        return None;
    }
    let mut how = "Give each isolated Connect cluster its own group.id and its own config/offsets/status topic names, and size its workers separately.".to_owned();
    if on_eh {
        how.push_str(" On Event Hubs each extra cluster's 3 internal topics count against the namespace's event hub budget.");
    }
    Some(item(
        "connector-isolation",
        "Isolated connectors run as separate Connect clusters",
        format!(
            "{} on its own worker pool; Kafka Connect has no per-connector worker pinning, so each pool is a separate cluster with 3 internal topics of its own.",
            subject(&list, "runs", "each run")
        ),
        how,
        CONNECT_GUIDE,
    ))
}

fn connectivity(ctx: &RuleCtx<'_>, chosen: Option<PlatformOption>) -> ChecklistItem {
    let groups = [
        (SystemLocation::OnPremises, "on-premises"),
        (SystemLocation::OtherCloud, "another cloud"),
        (SystemLocation::InternetSaas, "internet SaaS"),
        (SystemLocation::AzurePaas, "Azure PaaS"),
        (SystemLocation::AzureVnet, "Azure VNets"),
    ];
    let mut parts = Vec::new();
    for (loc, label) in groups {
        let list = ctx.at(loc);
        if !list.is_empty() {
            parts.push(format!("{label}: {}", names(&list)));
        }
    }
    let n = &ctx.assessment.network;
    let link = match n.on_premises_link {
        OnPremisesLink::None => "none",
        OnPremisesLink::Vpn => "VPN",
        OnPremisesLink::Expressroute => "ExpressRoute",
    };
    let mut how = format!(
        "Prove a private path from the worker subnet to every system (on-premises link: {link}; private_link: {}): private endpoints for Azure PaaS, firewall egress rules for SaaS, DNS resolution from the workers.",
        n.private_link
    );
    if chosen.is_some_and(|o| o.platform == Platform::EventHubs) {
        how.push_str(
            " Event Hubs Standard and above support Private Link and IP firewall (Basic does not).",
        );
    }
    item(
        "private-connectivity",
        "Every source and sink is reachable privately from the workers",
        format!(
            "The Connect workers open the connections to every external system. This estate's systems: {}.",
            if parts.is_empty() {
                "none listed".to_owned()
            } else {
                parts.join("; ")
            }
        ),
        how,
        EH_QUOTAS,
    )
}

fn identities(ctx: &RuleCtx<'_>, on_eh: bool) -> ChecklistItem {
    let mut how = "Put the REST API behind TLS and authentication (rest.extension.classes with BasicAuthSecurityRestExtension or an mTLS proxy), restrict it to the deployment pipeline, set connector.client.config.override.policy to None or Principal, and keep connector secrets in a ConfigProvider backed by Key Vault.".to_owned();
    if on_eh {
        how.push_str(" Prefer OAUTHBEARER with Entra ID over the namespace connection string (SASL PLAIN $ConnectionString).");
    }
    item(
        "identities-rest-api",
        "Identities are least-privilege and the REST API is protected",
        format!(
            "Without a REST extension the Connect REST API is unauthenticated: anyone who reaches port 8083 can read, stop or delete any of the {} connectors and read their credentials.",
            ctx.assessment.connectors.len()
        ),
        how,
        BASIC_AUTH,
    )
}

fn observability(ctx: &RuleCtx<'_>, on_eh: bool) -> ChecklistItem {
    let mut how = "Scrape worker JMX (connector/task status, source record rates, sink lag, error and DLQ counts), alert on FAILED tasks and lag growth, and correlate with target-system metrics.".to_owned();
    if on_eh {
        how.push_str(" Add Event Hubs throttled-request and server-error metrics; consumer groups are not visible in the portal, so lag must come from the clients.");
    }
    item(
        "observability",
        "Connectors, tasks and lag are observable",
        format!(
            "{} task(s) and {} sink consumer group(s) can fail independently; a FAILED task does not stop the worker and goes unnoticed without alerts.",
            int(ctx.facts.total_tasks.into()),
            count(ctx, Direction::Sink)
        ),
        how,
        CONNECT_GUIDE,
    )
}

fn event_hubs_client_settings(ctx: &RuleCtx<'_>, chosen: Option<PlatformOption>) -> ChecklistItem {
    // Microsoft recommends 1,000,000; records above it need the setting raised, but it must
    // stay below the 1,046,528 bytes at which Standard and Premium reject a request.
    let largest = ctx.assessment.workload.max_record_bytes;
    let request = if largest > 1_000_000 {
        format!(
            "max.request.size=1046527 (the largest record is {largest} bytes; 1,046,528 and above is rejected)"
        )
    } else {
        "max.request.size=1000000".to_owned()
    };
    let codec = if chosen == Some(PlatformOption::EVENT_HUBS_STANDARD) {
        "none"
    } else {
        "none or gzip"
    };
    item(
        "event-hubs-client-settings",
        "Event Hubs client settings are applied to worker, producer, consumer and admin clients",
        "Azure closes idle connections after 240 s, while Connect's default connections.max.idle.ms is 9 minutes: without overrides sends go out on dead connections and batches expire.".to_owned(),
        format!(
            "Set, unprefixed and with producer., consumer. and admin. prefixes: metadata.max.age.ms=180000, connections.max.idle.ms=180000, request.timeout.ms=60000, {request}, compression.type={codec}, consumer session.timeout.ms=30000; SASL_SSL on port 9093."
        ),
        EH_KAFKA_CONFIGS,
    )
}

fn group_ids(ctx: &RuleCtx<'_>, on_eh: bool) -> ChecklistItem {
    let why = if on_eh {
        format!(
            "Kafka consumer groups are namespace-wide on Event Hubs: a group name shared by two applications rebalances both. This estate needs at least {} groups (limit 1,000 per namespace).",
            ctx.min_consumer_groups()
        )
    } else {
        format!(
            "A Connect group.id that equals a consumer group id breaks both; this estate needs at least {} groups.",
            ctx.min_consumer_groups()
        )
    };
    item(
        "unique-group-ids",
        "group.id is unique per Connect cluster and per sink",
        why,
        "Use a naming convention (connect-<cluster>, connect-<cluster>-<sink>) and check for clashes in the deployment pipeline.".to_owned(),
        if on_eh { EH_FAQ } else { CONNECT_GUIDE },
    )
}

fn exactly_once_drills(ctx: &RuleCtx<'_>, chosen: Option<PlatformOption>) -> Option<ChecklistItem> {
    let eos: Vec<_> = ctx.connectors_where(|c, _| c.exactly_once);
    let tx = ctx.transactional_plugins();
    if eos.is_empty() && tx.is_empty() {
        return None;
    }
    let mut all = eos.clone();
    for c in tx {
        if !all.iter().any(|x| x.name == c.name) {
            all.push(c);
        }
    }
    let mut how = "Enable exactly.once.source.support in two rolling upgrades (preparing, then enabled); grant Write+Describe on the transactional ids connect-cluster-<group.id> and <group.id>-<connector>-<task>; set exactly.once.support=required and (Debezium) transaction.boundary=poll; then kill a worker mid-transaction and verify no duplicates downstream with read_committed consumers.".to_owned();
    if chosen.is_some_and(|o| o.platform == Platform::SelfManagedKafka) {
        how.push_str(" Requires Kafka Connect 3.3 or later in distributed mode.");
    }
    Some(item(
        "exactly-once-drills",
        "Exactly-once is proven by failure drills",
        format!(
            "{} on Kafka transactions; Debezium warns of open Kafka transaction bugs (KAFKA-17734, -17754, -17582), so a claim of exactly-once must survive a crash test.",
            subject(&all, "depends", "depend")
        ),
        how,
        DEBEZIUM_EOS,
    ))
}

fn self_managed_platform(ctx: &RuleCtx<'_>) -> ChecklistItem {
    let a = &ctx.assessment.options.assumptions;
    let replicas = ctx.partitions_needed() * u64::from(a.replication_factor);
    item(
        "self-managed-platform",
        "The self-managed cluster follows Microsoft's AKS Kafka guidance",
        format!(
            "The estate holds {} partitions at RF {}, i.e. {} partition replicas: at the assumed {} replicas per broker that alone needs {} broker(s), before throughput and disk (3 at minimum).",
            int(ctx.partitions_needed()),
            a.replication_factor,
            int(replicas),
            int(a.max_partition_replicas_per_broker.into()),
            int(replicas.div_ceil(u64::from(a.max_partition_replicas_per_broker.max(1))))
        ),
        "One node pool per zone, Premium SSD v2 LRS per broker, 3 dedicated KRaft controllers (5 to survive two failures), rack awareness (broker.rack/client.rack), and a tested broker rolling upgrade and disk-expansion runbook.".to_owned(),
        AKS_KAFKA_INFRA,
    )
}

fn object_storage_platform(ctx: &RuleCtx<'_>, profile: ObjectStorageProfile) -> ChecklistItem {
    let peak = num(ctx.peak_mb_per_s());
    let (why, how, source) = match profile {
        ObjectStorageProfile::WarpStream => (
            format!(
                "Peak write {peak} MB/s must land in Blob through WarpStream agents (azblob://), acknowledged only once each file is in Blob."
            ),
            "Deploy the agents with the Azure Blob bucket URL and a managed identity or SAS, measure p99 produce latency at peak, and run Kafka Connect's own restart/rebalance tests plus every connector in the inventory against it, including its internal compacted topics and, if used, transactions.",
            WARPSTREAM_STORES,
        ),
        ObjectStorageProfile::Redpanda => (
            format!(
                "Peak write {peak} MB/s must fit a Redpanda BYOC usage tier Azure supports (tiers 1–5), with tiered storage to Blob."
            ),
            "Get the usage tier and the subscription quoted, confirm Kafka Connect support on BYOC (or run the workers yourself), and run Kafka Connect's own restart/rebalance tests plus every connector in the inventory against it.",
            REDPANDA_TIERS,
        ),
        ObjectStorageProfile::AutoMq | ObjectStorageProfile::AutoMqOpenSource => (
            format!(
                "Peak write {peak} MB/s must land in Blob storage through a WAL; only the commercial build (AutoMQ BYOC) stores data in Azure Blob, and its low-latency disk WAL is the commercial build too."
            ),
            "Confirm AutoMQ BYOC's Azure deployment path and licence, put the WAL on an Azure zone-redundant disk, and run Kafka Connect's own restart/rebalance tests plus every connector in the inventory against it, including compaction and, if used, transactions.",
            AUTOMQ_WAL,
        ),
    };
    item(
        "object-storage-platform",
        "The object-storage platform is proven on Azure",
        why,
        how.to_owned(),
        source,
    )
}

fn connect_capacity(ctx: &RuleCtx<'_>) -> Option<ChecklistItem> {
    let tasks = ctx.facts.total_tasks;
    if tasks == 0 {
        return None;
    }
    let per_task = ctx.facts.connector_mb_per_s / f64::from(tasks);
    let assumed = ctx.assessment.options.assumptions.mb_per_s_per_task;
    let single = ctx.connectors_where(|c, p| c.tasks > 1 && p.is_some_and(|p| p.single_task));
    let mut why = format!(
        "The inventory asks {} MB/s of {} task(s), {} MB/s per task on average, against an assumed {} MB/s per task (a 1–2 MB/s rule of thumb, not a measurement).",
        num(ctx.facts.connector_mb_per_s),
        int(tasks.into()),
        num(per_task),
        num(assumed)
    );
    if !single.is_empty() {
        why.push_str(&format!(
            " {} set tasks.max above 1, but their plugin runs a single task: parallelism needs more connectors.",
            names(&single)
        ));
    }
    Some(item(
        "connect-capacity",
        "Connect capacity is load-tested per connector",
        why,
        "Load-test the heaviest source and sink at peak, record MB/s per task, keep sink tasks ≤ partitions of their topics, and size workers from the measured figure (start at 1 vCPU + 4 GiB per task).".to_owned(),
        REDPANDA_SIZING,
    ))
}
