//! The rule table: every rule the engine knows, in the order it is evaluated.
//!
//! Rule ids follow the reference's §6 numbering (`R7-STD` is rule R7 applied to Event Hubs
//! Standard); rules without an R number are named by topic (`KS-*` Kafka Streams, `OS-*` the
//! object-storage platform on Azure, `NET-*` network shape, `UNK` unknown plugins, `COST-*`).
//! Each evaluation function returns the message for one option, quoting the user's inputs and
//! the documented limit, or `None` when the rule does not fire.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Effect;
use super::context::Ctx;
use super::format::{int, join_limited, money, num, pct, subject};
use crate::domain::{Compression, Direction, OpsMaturity, Platform, PlatformOption, Variant};
use crate::knowledge::Delivery;

/// When a rule runs. Hard limits run first so soft and cost rules know what is still standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Documented limits; the only stage allowed to disqualify.
    Hard,
    /// Risks and weights.
    Soft,
    /// Cost among the options the hard stage left standing.
    Cost,
}

/// The options a rule can touch; the self-managed target covers both AKS and VM variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Event Hubs Standard (Kafka endpoint).
    EventHubsStandard,
    /// Event Hubs Premium.
    EventHubsPremium,
    /// Event Hubs Dedicated.
    EventHubsDedicated,
    /// Self-managed Apache Kafka, on AKS or VMs.
    SelfManagedKafka,
    /// The Kafka-compatible platform on object storage.
    KafkaCompatible,
}

impl Target {
    /// True when `option` is one this target names.
    pub fn matches(self, option: PlatformOption) -> bool {
        matches!(
            (self, option.platform, option.variant),
            (
                Self::EventHubsStandard,
                Platform::EventHubs,
                Variant::Standard
            ) | (
                Self::EventHubsPremium,
                Platform::EventHubs,
                Variant::Premium
            ) | (
                Self::EventHubsDedicated,
                Platform::EventHubs,
                Variant::Dedicated
            ) | (Self::SelfManagedKafka, Platform::SelfManagedKafka, _)
                | (Self::KafkaCompatible, Platform::KafkaCompatible, _)
        )
    }
}

type Eval = fn(&Ctx<'_>, PlatformOption) -> Option<String>;

/// One rule of the decision tree.
#[derive(Clone, Serialize)]
pub struct Rule {
    /// Stable id, e.g. `R9-CODEC`.
    pub id: &'static str,
    pub title: &'static str,
    pub stage: Stage,
    /// The options the rule can fire for.
    pub options: &'static [Target],
    pub effect: Effect,
    /// Score points: added for `favour`, subtracted for `risk` and `disfavour`; unused for
    /// `disqualify`, which removes the option from the ranking altogether.
    pub weight: u8,
    /// The document the rule rests on.
    pub source: &'static str,
    #[serde(skip)]
    eval: Eval,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("effect", &self.effect)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// The message for `option`, or `None` when the rule does not apply to it or does not fire.
    pub(crate) fn evaluate(&self, ctx: &Ctx<'_>, option: PlatformOption) -> Option<String> {
        if self.options.iter().any(|t| t.matches(option)) {
            (self.eval)(ctx, option)
        } else {
            None
        }
    }

    /// The signed score contribution of one firing.
    pub fn points(&self) -> i32 {
        let w = i32::from(self.weight);
        match self.effect {
            Effect::Favour => w,
            Effect::Risk | Effect::Disfavour => -w,
            Effect::Disqualify => 0,
        }
    }
}

/// Every rule, in evaluation order.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

// Sources, all from the reference file (`shared/reference/kafka-connect-on-azure.md`).
const EH_OVERVIEW: &str =
    "https://learn.microsoft.com/azure/event-hubs/azure-event-hubs-apache-kafka-overview";
const EH_QUOTAS: &str = "https://learn.microsoft.com/azure/event-hubs/event-hubs-quotas";
const EH_COMPACTION: &str = "https://learn.microsoft.com/azure/event-hubs/log-compaction";
const EH_TRANSACTIONS: &str =
    "https://learn.microsoft.com/azure/event-hubs/apache-kafka-transactions";
const EH_KAFKA_CONFIGS: &str =
    "https://learn.microsoft.com/azure/event-hubs/apache-kafka-configurations";
const EH_STREAMS: &str = "https://learn.microsoft.com/azure/event-hubs/apache-kafka-streams";
const EH_CONNECT_TUTORIAL: &str =
    "https://learn.microsoft.com/azure/event-hubs/event-hubs-kafka-connect-tutorial";
const EH_PREMIUM: &str = "https://learn.microsoft.com/azure/event-hubs/event-hubs-premium-overview";
const EH_DEDICATED: &str =
    "https://learn.microsoft.com/azure/event-hubs/event-hubs-dedicated-overview";
const EH_ISSUE_241: &str = "https://github.com/Azure/azure-event-hubs-for-kafka/issues/241";
const AKS_KAFKA: &str = "https://learn.microsoft.com/azure/aks/kafka-overview";
const CONNECT_GUIDE: &str = "https://kafka.apache.org/39/kafka-connect/user-guide";
const DEBEZIUM_EOS: &str = "https://github.com/debezium/debezium/blob/main/documentation/modules/ROOT/pages/configuration/eos.adoc";
const AUTOMQ_README: &str = "https://github.com/AutoMQ/automq";
const AUTOMQ_COMPAT: &str =
    "https://docs.automq.com/automq/what-is-automq/compatibility-with-apache-kafka";
const AUTOMQ_COST: &str = "https://www.automq.com/kafka-cost-comparison";
const AUTOMQ_CONNECT: &str = "https://github.com/AutoMQ/terraform-provider-automq/blob/main/docs/resources/connect_cluster.md";
const CONFLUENT_COST: &str = "https://www.confluent.io/blog/understanding-and-optimizing-your-kafka-costs-part-1-infrastructure/";
const RETAIL_PRICES: &str =
    "https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices";

const EH: &[Target] = &[
    Target::EventHubsStandard,
    Target::EventHubsPremium,
    Target::EventHubsDedicated,
];
const EH_STD: &[Target] = &[Target::EventHubsStandard];
const EH_PREM: &[Target] = &[Target::EventHubsPremium];
const EH_DED: &[Target] = &[Target::EventHubsDedicated];
const EH_PREM_DED: &[Target] = &[Target::EventHubsPremium, Target::EventHubsDedicated];
const SELF: &[Target] = &[Target::SelfManagedKafka];
const OBJ: &[Target] = &[Target::KafkaCompatible];
const SELF_OBJ: &[Target] = &[Target::SelfManagedKafka, Target::KafkaCompatible];
const ALL: &[Target] = &[
    Target::EventHubsStandard,
    Target::EventHubsPremium,
    Target::EventHubsDedicated,
    Target::SelfManagedKafka,
    Target::KafkaCompatible,
];

/// Event Hubs quotas (quotas page, ms.date 2023-11 include).
const STD_TOPICS: u64 = 10;
const PREM_TOPICS_PER_PU: u64 = 100;
const PREM_MAX_PUS: u64 = 16;
const DED_TOPICS: u64 = 1_000;
const PREM_PARTITIONS_PER_PU: u64 = 200;
const DED_PARTITIONS_PER_CU: u64 = 2_000;
const DED_MAX_CUS: u64 = 20;
const STD_RETENTION_H: u32 = 168;
const PREM_RETENTION_H: u32 = 2_160;
/// `max.request.size` Microsoft recommends; the service closes the connection above 1,046,528.
const EH_MAX_REQUEST_BYTES: u32 = 1_000_000;
const STD_MAX_INGRESS_MB_S: f64 = 40.0;
const STD_MAX_EVENTS_S: f64 = 40_000.0;
const STD_MAX_EGRESS_MB_S: f64 = 80.0;
const PREM_SWEET_SPOT_MB_S: f64 = 120.0;
const EH_MAX_CONSUMER_GROUPS: u64 = 1_000;
/// Below this p99 bound the open-source S3 WAL ("hundreds of milliseconds") cannot comply.
const OSS_WAL_HARD_MS: u32 = 100;
/// Below this bound the S3 WAL latency must be measured ("hundreds of milliseconds").
const OSS_WAL_RISK_MS: u32 = 1_000;
/// Engine thresholds (judgement, not documented limits): when long retention is "large".
const LONG_RETENTION_TB: f64 = 10.0;
/// Engine threshold: peak ÷ average from which elastic brokers pay off.
const BURSTY_PEAK_TO_AVERAGE: f64 = 3.0;
/// Cost gap below which two options count as tied on cost.
const COST_TIE: Decimal = Decimal::from_parts(110, 0, 0, false, 2);
/// Cost ratio from which an option is disfavoured for price.
const COST_HIGH: Decimal = Decimal::from_parts(15, 0, 0, false, 1);

static RULES: &[Rule] = &[
    // ---- Hard limits -------------------------------------------------------------------
    Rule {
        id: "R3-STD",
        title: "Topic budget: Event Hubs Standard holds 10 event hubs per namespace",
        stage: Stage::Hard,
        options: EH_STD,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let n = c.topics_needed();
            (n > STD_TOPICS).then(|| {
                format!(
                    "the estate needs {} topics ({}); Event Hubs Standard allows {STD_TOPICS} event hubs per namespace, and one Connect cluster works against one namespace",
                    int(n),
                    c.topic_breakdown()
                )
            })
        },
    },
    Rule {
        id: "R3-PREM",
        title: "Topic budget: Event Hubs Premium holds 100 event hubs per PU, at most 16 PUs",
        stage: Stage::Hard,
        options: EH_PREM,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let n = c.topics_needed();
            (n > PREM_TOPICS_PER_PU * PREM_MAX_PUS).then(|| {
                format!(
                    "the estate needs {} topics ({}), i.e. {} PUs at {PREM_TOPICS_PER_PU} event hubs per PU; Premium scales to {PREM_MAX_PUS} PUs",
                    int(n),
                    c.topic_breakdown(),
                    n.div_ceil(PREM_TOPICS_PER_PU)
                )
            })
        },
    },
    Rule {
        id: "R3-DED",
        title: "Topic budget: Event Hubs Dedicated holds 1,000 event hubs per namespace",
        stage: Stage::Hard,
        options: EH_DED,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let n = c.topics_needed();
            (n > DED_TOPICS).then(|| {
                format!(
                    "the estate needs {} topics ({}); Event Hubs Dedicated allows {} event hubs per namespace",
                    int(n),
                    c.topic_breakdown(),
                    int(DED_TOPICS)
                )
            })
        },
    },
    Rule {
        id: "R4-HUB",
        title: "Partitions per event hub: 32 (Standard), 100 (Premium), 1,024 (Dedicated)",
        stage: Stage::Hard,
        options: EH,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, o| {
            let (widest, what) = c.widest_topic();
            let limit = match o.variant {
                Variant::Standard => 32,
                Variant::Premium => 100,
                _ => 1_024,
            };
            (widest > limit).then(|| {
                format!(
                    "the {what} has {} partitions; {o} allows at most {} partitions per event hub",
                    int(u64::from(widest)),
                    int(limit.into())
                )
            })
        },
    },
    Rule {
        id: "R4-PREM",
        title: "Partition budget: Event Hubs Premium holds 200 partitions per PU, at most 16 PUs",
        stage: Stage::Hard,
        options: EH_PREM,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let n = c.partitions_needed();
            (n > PREM_PARTITIONS_PER_PU * PREM_MAX_PUS).then(|| {
                format!(
                    "the estate needs {} partitions ({} data + Connect's internal and connector topics), i.e. {} PUs at {PREM_PARTITIONS_PER_PU} partitions per PU; Premium scales to {PREM_MAX_PUS} PUs",
                    int(n),
                    int(c.facts.data_partitions.into()),
                    n.div_ceil(PREM_PARTITIONS_PER_PU)
                )
            })
        },
    },
    Rule {
        id: "R4-DED",
        title: "Partition budget: Event Hubs Dedicated holds 2,000 partitions per CU, at most 20 CUs",
        stage: Stage::Hard,
        options: EH_DED,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let n = c.partitions_needed();
            (n > DED_PARTITIONS_PER_CU * DED_MAX_CUS).then(|| {
                format!(
                    "the estate needs {} partitions, i.e. {} CUs at {} partitions per CU; Dedicated's documented range is 1–{DED_MAX_CUS} CUs",
                    int(n),
                    n.div_ceil(DED_PARTITIONS_PER_CU),
                    int(DED_PARTITIONS_PER_CU)
                )
            })
        },
    },
    Rule {
        id: "R5-STD",
        title: "Exactly-once and transactional plugins need broker transactions",
        stage: Stage::Hard,
        options: EH_STD,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_OVERVIEW,
        eval: |c, _| {
            c.needs_transactions().then(|| {
                format!(
                    "Kafka transactions are required by {}; Event Hubs Standard does not support them",
                    c.transaction_needs()
                )
            })
        },
    },
    Rule {
        id: "R5-PREVIEW",
        title: "Transactions on Event Hubs Premium/Dedicated are preview only",
        stage: Stage::Hard,
        options: EH_PREM_DED,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_TRANSACTIONS,
        eval: |c, o| {
            c.needs_transactions().then(|| {
                format!(
                    "Kafka transactions are required by {}; on {o} they are public preview, and Microsoft's configuration reference (2025-12) lists transactions and exactly-once as \"not currently supported\", so they are not production-eligible",
                    c.transaction_needs()
                )
            })
        },
    },
    Rule {
        id: "R7-STD",
        title: "Retention: Event Hubs Standard keeps data at most 168 h (7 days)",
        stage: Stage::Hard,
        options: EH_STD,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let h = c.a.workload.retention_hours;
            (h > STD_RETENTION_H).then(|| {
                format!(
                    "retention {} h exceeds Event Hubs Standard's {STD_RETENTION_H} h maximum",
                    int(h.into())
                )
            })
        },
    },
    Rule {
        id: "R7-PREM",
        title: "Retention: Event Hubs Premium/Dedicated keep data at most 2,160 h (90 days)",
        stage: Stage::Hard,
        options: EH_PREM_DED,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, o| {
            let h = c.a.workload.retention_hours;
            (h > PREM_RETENTION_H).then(|| {
                format!(
                    "retention {} h exceeds {o}'s {} h maximum for non-compacted event hubs",
                    int(h.into()),
                    int(PREM_RETENTION_H.into())
                )
            })
        },
    },
    Rule {
        id: "R8",
        title: "Record size: Event Hubs accepts requests up to 1 MB",
        stage: Stage::Hard,
        options: EH,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let b = c.a.workload.max_record_bytes;
            (b > EH_MAX_REQUEST_BYTES).then(|| {
                format!(
                    "the largest record is {} bytes; Event Hubs needs max.request.size ≤ {} (it closes the connection above 1,046,528), so records this large need the claim-check pattern (payload in Blob, reference in the event)",
                    int(b.into()),
                    int(EH_MAX_REQUEST_BYTES.into())
                )
            })
        },
    },
    Rule {
        id: "R9-CODEC",
        title: "Compression: Event Hubs supports no lz4, snappy or zstd",
        stage: Stage::Hard,
        options: EH,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_OVERVIEW,
        eval: |c, o| {
            let codec = match c.a.workload.compression {
                Compression::Lz4 => "lz4",
                Compression::Snappy => "snappy",
                Compression::Zstd => "zstd",
                Compression::None | Compression::Gzip => return None,
            };
            let allowed = if o.variant == Variant::Standard {
                "no compression at all"
            } else {
                "gzip only"
            };
            Some(format!(
                "the clients require {codec} compression; {o} accepts {allowed}"
            ))
        },
    },
    Rule {
        id: "R9-GZIP",
        title: "Compression: Event Hubs Standard supports no gzip",
        stage: Stage::Hard,
        options: EH_STD,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_OVERVIEW,
        eval: |c, _| {
            (c.a.workload.compression == Compression::Gzip).then(|| {
                "the clients require gzip compression; Event Hubs Standard accepts no compression (gzip needs Premium or Dedicated)".to_owned()
            })
        },
    },
    Rule {
        id: "R10-STD",
        title: "Throughput: Event Hubs Standard tops out at 40 TUs (40 MB/s or 40,000 events/s in, 80 MB/s out)",
        stage: Stage::Hard,
        options: EH_STD,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let w = &c.a.workload;
            let mut over = Vec::new();
            if c.peak_mb_per_s() > STD_MAX_INGRESS_MB_S {
                over.push(format!(
                    "peak ingress {} MB/s ({} MB/s × peak-to-average {}) exceeds {STD_MAX_INGRESS_MB_S} MB/s",
                    num(c.peak_mb_per_s()),
                    num(w.write_mb_per_s),
                    num(w.peak_to_average)
                ));
            }
            if c.peak_events_per_s() > STD_MAX_EVENTS_S {
                over.push(format!(
                    "peak {} events/s (at {} bytes per record) exceeds 40,000 events/s",
                    num(c.peak_events_per_s()),
                    int(w.avg_record_bytes.into())
                ));
            }
            if c.peak_egress_mb_per_s() > STD_MAX_EGRESS_MB_S {
                over.push(format!(
                    "peak egress {} MB/s (read fan-out {}) exceeds {STD_MAX_EGRESS_MB_S} MB/s",
                    num(c.peak_egress_mb_per_s()),
                    num(w.read_fanout)
                ));
            }
            (!over.is_empty()).then(|| {
                format!(
                    "{}: the ceiling of 40 throughput units on Event Hubs Standard",
                    over.join("; ")
                )
            })
        },
    },
    Rule {
        id: "R10-DED",
        title: "Throughput: Event Hubs Dedicated scales to 20 CUs",
        stage: Stage::Hard,
        options: EH_DED,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_DEDICATED,
        eval: |c, _| {
            let per_cu = c.a.options.assumptions.dedicated_cu_ingress_mb_per_s;
            let cus = (c.peak_mb_per_s() / per_cu).ceil();
            (cus > DED_MAX_CUS as f64).then(|| {
                format!(
                    "peak ingress {} MB/s needs {} CUs at the assumed {} MB/s per CU; Dedicated's documented range is 1–{DED_MAX_CUS} CUs",
                    num(c.peak_mb_per_s()),
                    num(cus),
                    num(per_cu)
                )
            })
        },
    },
    Rule {
        id: "R11-ADMIN",
        title: "Control plane: Event Hubs offers no Kafka AdminClient topic, config or ACL management",
        stage: Stage::Hard,
        options: EH,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_KAFKA_CONFIGS,
        eval: |c, _| {
            c.a.team.needs_admin_api.then(|| {
                "team.needs_admin_api is set; Event Hubs manages topics only through the portal, CLI or ARM, lists \"Kafka AdminClient for topic management\" as not supported, and has no broker configs, Kafka ACLs or quotas".to_owned()
            })
        },
    },
    Rule {
        id: "KS-STD",
        title: "Kafka Streams is not available on Event Hubs Standard",
        stage: Stage::Hard,
        options: EH_STD,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_STREAMS,
        eval: |c, _| {
            c.a.team.needs_kafka_streams.then(|| {
                "team.needs_kafka_streams is set; Kafka Streams runs only on Event Hubs Premium and Dedicated (preview)".to_owned()
            })
        },
    },
    Rule {
        id: "R14-GROUPS",
        title: "Consumer groups: Event Hubs allows 1,000 Kafka consumer groups per namespace",
        stage: Stage::Hard,
        options: EH,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let n = c.min_consumer_groups();
            (n > EH_MAX_CONSUMER_GROUPS).then(|| {
                format!(
                    "the estate needs at least {} Kafka consumer groups (one per sink connector plus one per Connect cluster); an Event Hubs namespace allows {}",
                    int(n),
                    int(EH_MAX_CONSUMER_GROUPS)
                )
            })
        },
    },
    Rule {
        id: "R15-OSS",
        title: "Write latency: the open-source S3 WAL gives hundreds of milliseconds",
        stage: Stage::Hard,
        options: OBJ,
        effect: Effect::Disqualify,
        weight: 0,
        source: AUTOMQ_README,
        eval: |c, _| {
            let ms = c.a.team.max_write_latency_ms?;
            let subscription =
                c.a.options
                    .assumptions
                    .object_storage_subscription_per_month;
            (ms < OSS_WAL_HARD_MS && subscription <= 0.0).then(|| {
                format!(
                    "team.max_write_latency_ms is {ms} ms; the open-source build writes its WAL to object storage with \"hundreds of milliseconds\" of latency, and the disk WAL that claims single-digit milliseconds is the commercial build, which options.assumptions.object_storage_subscription_per_month (0) does not price"
                )
            })
        },
    },
    // ---- Soft criteria: risks and weights ----------------------------------------------
    Rule {
        id: "R2-STD",
        title: "Compacted topics on Event Hubs Standard are capped at 1 GB per partition",
        stage: Stage::Soft,
        options: EH_STD,
        effect: Effect::Risk,
        weight: 1,
        source: EH_COMPACTION,
        eval: |c, _| {
            let list = c.connectors_where(|_, p| p.is_some_and(|p| p.needs_compacted_topics));
            (!list.is_empty()).then(|| {
                format!(
                    "{} compacted topics of their own; Event Hubs Standard caps compacted data at 1 GB per partition (250 GB on Premium/Dedicated)",
                    subject(&list, "writes", "write")
                )
            })
        },
    },
    Rule {
        id: "R6-STD",
        title: "Debezium schema history cannot live in an Event Hubs Standard topic",
        stage: Stage::Soft,
        options: EH_STD,
        effect: Effect::Risk,
        weight: 2,
        source: EH_ISSUE_241,
        eval: |c, _| {
            let list = c.schema_history_connectors();
            (!list.is_empty()).then(|| {
                format!(
                    "{} a Debezium schema history; as a Kafka topic it needs infinite retention and one partition, Standard caps retention at 168 h, and a compacted history hub fails with CORRUPT_MESSAGE (null keys). Store it with io.debezium.storage.azure.blob.history.AzureBlobSchemaHistory (or JDBC) instead",
                    subject(&list, "keeps", "keep")
                )
            })
        },
    },
    Rule {
        id: "R6-PREM",
        title: "Debezium schema history on Event Hubs Premium/Dedicated relies on preview retention",
        stage: Stage::Soft,
        options: EH_PREM_DED,
        effect: Effect::Risk,
        weight: 1,
        source: EH_STREAMS,
        eval: |c, _| {
            let list = c.schema_history_connectors();
            (!list.is_empty()).then(|| {
                format!(
                    "{} a Debezium schema history, which needs infinite retention; Event Hubs documents infinite retention only under the Kafka Streams preview (retentionTimeInHours=-1, truncated at 250 GB per partition). Prefer AzureBlobSchemaHistory",
                    subject(&list, "keeps", "keep")
                )
            })
        },
    },
    Rule {
        id: "R5-PLUGIN",
        title: "Exactly-once requested from a source plugin without KIP-618 support",
        stage: Stage::Soft,
        options: ALL,
        effect: Effect::Risk,
        weight: 2,
        source: DEBEZIUM_EOS,
        eval: |c, _| {
            let list = c.connectors_where(|k, p| {
                k.direction == Direction::Source
                    && k.exactly_once
                    && p.is_some_and(|p| p.delivery != Delivery::ExactlyOnce)
            });
            (!list.is_empty()).then(|| {
                format!(
                    "{} for exactly-once, but the plugin documents no KIP-618 support, so exactly.once.support=required fails validation; plan for at-least-once with idempotent consumers",
                    subject(&list, "asks", "ask")
                )
            })
        },
    },
    Rule {
        id: "R21-SINK",
        title: "Exactly-once requested from a sink plugin that is at-least-once",
        stage: Stage::Soft,
        options: ALL,
        effect: Effect::Risk,
        weight: 2,
        source: CONNECT_GUIDE,
        eval: |c, _| {
            let list = c.connectors_where(|k, p| {
                k.direction == Direction::Sink
                    && k.exactly_once
                    && p.is_some_and(|p| {
                        matches!(p.delivery, Delivery::AtLeastOnce | Delivery::Unknown)
                    })
            });
            (!list.is_empty()).then(|| {
                format!(
                    "{} for exactly-once, but the plugin is at-least-once: a replay after a failure writes duplicates. consumer.isolation.level=read_committed only hides aborted upstream transactions; it does not make a sink idempotent",
                    subject(&list, "asks", "ask")
                )
            })
        },
    },
    Rule {
        id: "R5-OBJ",
        title: "Transactions on the object-storage platform are unverified",
        stage: Stage::Soft,
        options: OBJ,
        effect: Effect::Risk,
        weight: 2,
        source: AUTOMQ_COMPAT,
        eval: |c, _| {
            c.needs_transactions().then(|| {
                format!(
                    "Kafka transactions are required by {}; the vendor claims Kafka compatibility but its published test results are ambiguous, so producer fencing, commit and abort must be proven in a lab",
                    c.transaction_needs()
                )
            })
        },
    },
    Rule {
        id: "R10-PREM",
        title: "Throughput: Event Hubs Premium is the low-cost choice below ~120 MB/s",
        stage: Stage::Soft,
        options: EH_PREM,
        effect: Effect::Disfavour,
        weight: 2,
        source: EH_PREMIUM,
        eval: |c, _| {
            (c.peak_mb_per_s() > PREM_SWEET_SPOT_MB_S).then(|| {
                format!(
                    "peak ingress {} MB/s is above the ~{PREM_SWEET_SPOT_MB_S} MB/s below which Microsoft positions Premium as the low-cost option; Dedicated is the documented fit above it",
                    num(c.peak_mb_per_s())
                )
            })
        },
    },
    Rule {
        id: "R10-PREM-PU",
        title: "Throughput: Event Hubs Premium may need more than its 16 PUs",
        stage: Stage::Soft,
        options: EH_PREM,
        effect: Effect::Risk,
        weight: 2,
        source: EH_PREMIUM,
        eval: |c, _| {
            let per_pu = c.a.options.assumptions.premium_pu_ingress_mb_per_s;
            let pus = (c.peak_mb_per_s() / per_pu).ceil();
            (pus > PREM_MAX_PUS as f64).then(|| {
                format!(
                    "peak ingress {} MB/s needs {} PUs at the assumed {} MB/s per PU (a low-confidence rule of thumb), beyond Premium's {PREM_MAX_PUS}; load-test the real per-PU rate",
                    num(c.peak_mb_per_s()),
                    num(pus),
                    num(per_pu)
                )
            })
        },
    },
    Rule {
        id: "R11-CONNECTORS",
        title: "Connectors that drive the Kafka AdminClient on Event Hubs",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Risk,
        weight: 2,
        source: EH_KAFKA_CONFIGS,
        eval: |c, _| {
            let list = c.admin_api_connectors();
            if list.is_empty() {
                return None;
            }
            let mut uses: Vec<String> = Vec::new();
            for k in &list {
                if let Some(p) = c.profile(k) {
                    let u = format!("{} {}", p.display_name, p.admin_api_use);
                    if !uses.contains(&u) {
                        uses.push(u);
                    }
                }
            }
            let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
            Some(format!(
                "{} the AdminClient beyond creating topics ({}); Event Hubs has no topic configs or ACLs behind the Kafka API, so disable config/ACL sync, pre-create topics through ARM and prove each connector starts",
                subject(&list, "uses", "use"),
                join_limited(&uses)
            ))
        },
    },
    Rule {
        id: "R11-TOPICS",
        title: "Connector-created topics must be pre-created on Event Hubs",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Risk,
        weight: 1,
        source: EH_ISSUE_241,
        eval: |c, _| {
            let list = c.topic_creating_connectors();
            let total: u64 = list.iter().map(|k| u64::from(k.topics_created)).sum();
            (!list.is_empty()).then(|| {
                format!(
                    "{} {} topics themselves; AdminClient topic management is unsupported on Event Hubs and Debezium SQL Server failed to create its topics there while Connect could (#241): pre-create every event hub through ARM or CLI",
                    subject(&list, "creates", "create"),
                    int(total)
                )
            })
        },
    },
    Rule {
        id: "KS-PREVIEW",
        title: "Kafka Streams on Event Hubs Premium/Dedicated is preview",
        stage: Stage::Soft,
        options: EH_PREM_DED,
        effect: Effect::Risk,
        weight: 2,
        source: EH_STREAMS,
        eval: |c, o| {
            c.a.team.needs_kafka_streams.then(|| {
                format!("team.needs_kafka_streams is set; Kafka Streams on {o} is public preview")
            })
        },
    },
    Rule {
        id: "KS-OBJ",
        title: "Kafka Streams on the object-storage platform needs verification",
        stage: Stage::Soft,
        options: OBJ,
        effect: Effect::Risk,
        weight: 1,
        source: AUTOMQ_COMPAT,
        eval: |c, _| {
            c.a.team.needs_kafka_streams.then(|| {
                "team.needs_kafka_streams is set; the vendor's published \"connect & streams\" compatibility results are ambiguous, so run the applications' own tests against it".to_owned()
            })
        },
    },
    Rule {
        id: "R12-SUPPORT",
        title: "Kafka Connect on Event Hubs is not eligible for Microsoft support",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Risk,
        weight: 3,
        source: EH_CONNECT_TUTORIAL,
        eval: |c, _| {
            c.a.team.needs_vendor_support_for_connect.then(|| {
                "team.needs_vendor_support_for_connect is set; Microsoft documents Kafka Connect on Event Hubs as Preview and \"not eligible for product support through Microsoft Azure\"".to_owned()
            })
        },
    },
    Rule {
        id: "R12-PREVIEW",
        title: "Kafka Connect on Event Hubs is documented as Preview",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Disfavour,
        weight: 1,
        source: EH_CONNECT_TUTORIAL,
        eval: |c, _| {
            (!c.a.team.needs_vendor_support_for_connect).then(|| {
                "Microsoft's Kafka Connect integration page is still marked Preview and \"not eligible for product support\": the team owns every Connect/Event Hubs interplay issue, even without a support requirement".to_owned()
            })
        },
    },
    Rule {
        id: "R12-SELF",
        title: "No vendor covers Connect with a self-managed broker",
        stage: Stage::Soft,
        options: SELF,
        effect: Effect::Risk,
        weight: 2,
        source: AKS_KAFKA,
        eval: |c, _| {
            c.a.team.needs_vendor_support_for_connect.then(|| {
                "team.needs_vendor_support_for_connect is set; with self-managed Kafka the brokers and the Connect workers are both the team's to run and support unless a third-party support contract is bought".to_owned()
            })
        },
    },
    Rule {
        id: "R12-BYOC",
        title: "Only the object-storage vendor's BYOC offer manages Connect clusters",
        stage: Stage::Soft,
        options: OBJ,
        effect: Effect::Favour,
        weight: 2,
        source: AUTOMQ_CONNECT,
        eval: |c, _| {
            c.a.team.needs_vendor_support_for_connect.then(|| {
                "team.needs_vendor_support_for_connect is set; of the options compared only AutoMQ Cloud (BYOC, commercial) offers vendor-managed Connect clusters next to the broker".to_owned()
            })
        },
    },
    Rule {
        id: "R15-LAB",
        title: "Write latency on the object-storage platform must be measured",
        stage: Stage::Soft,
        options: OBJ,
        effect: Effect::Risk,
        weight: 2,
        source: AUTOMQ_README,
        eval: |c, _| {
            let ms = c.a.team.max_write_latency_ms?;
            let commercial =
                c.a.options
                    .assumptions
                    .object_storage_subscription_per_month
                    > 0.0;
            if ms >= OSS_WAL_RISK_MS || (ms < OSS_WAL_HARD_MS && !commercial) {
                return None;
            }
            Some(if commercial {
                format!(
                    "team.max_write_latency_ms is {ms} ms; the commercial disk WAL (on Azure a zone-redundant disk) claims single-digit milliseconds, a vendor claim to prove at {} MB/s peak",
                    num(c.peak_mb_per_s())
                )
            } else {
                format!(
                    "team.max_write_latency_ms is {ms} ms; the open-source S3 WAL gives \"hundreds of milliseconds\", so p99 must be measured at {} MB/s peak, or the commercial disk WAL priced",
                    num(c.peak_mb_per_s())
                )
            })
        },
    },
    Rule {
        id: "R16-MANAGED",
        title: "Operating model: a team that prefers managed services",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Favour,
        weight: 2,
        source: AKS_KAFKA,
        eval: |c, _| {
            let t = &c.a.team;
            (t.prefers_managed || t.ops_maturity == OpsMaturity::Low).then(|| {
                format!(
                    "team.prefers_managed is {}, ops_maturity is {}, operates_kafka_today is {}; Microsoft recommends Event Hubs \"for simpler use cases or when operational overhead is a concern\"",
                    t.prefers_managed,
                    maturity(t.ops_maturity),
                    t.operates_kafka_today
                )
            })
        },
    },
    Rule {
        id: "R16-OPS",
        title: "Operating model: running brokers without Kafka operations experience",
        stage: Stage::Soft,
        options: SELF_OBJ,
        effect: Effect::Disfavour,
        weight: 2,
        source: AKS_KAFKA,
        eval: |c, _| {
            let t = &c.a.team;
            c.team_lacks_kafka_ops().then(|| {
                format!(
                    "team.operates_kafka_today is {} and ops_maturity is {}: broker upgrades, the KRaft quorum, partition rebalancing and storage incidents become this team's job",
                    t.operates_kafka_today,
                    maturity(t.ops_maturity)
                )
            })
        },
    },
    Rule {
        id: "R16-CONTROL",
        title: "Operating model: full control or Kafka features managed offerings lack",
        stage: Stage::Soft,
        options: SELF,
        effect: Effect::Favour,
        weight: 2,
        source: AKS_KAFKA,
        eval: |c, _| {
            let t = &c.a.team;
            let mut why = Vec::new();
            if t.operates_kafka_today && t.ops_maturity == OpsMaturity::High {
                why.push("the team operates Kafka today at high maturity");
            }
            if t.needs_admin_api {
                why.push("it needs the Kafka AdminClient (topics, configs, ACLs)");
            }
            if t.needs_kafka_streams {
                why.push("it runs Kafka Streams");
            }
            (!why.is_empty()).then(|| {
                format!(
                    "{}; Microsoft's guidance is to run Kafka on AKS when you need complete control or features managed offerings lack",
                    why.join(", ")
                )
            })
        },
    },
    Rule {
        id: "R7-LONG",
        title: "Long retention at volume favours one copy in object storage",
        stage: Stage::Soft,
        options: OBJ,
        effect: Effect::Favour,
        weight: 2,
        source: AUTOMQ_COST,
        eval: |c, _| {
            let w = &c.a.workload;
            let tb = c.retained_tb();
            if w.retention_hours <= STD_RETENTION_H || tb < LONG_RETENTION_TB {
                return None;
            }
            let a = &c.a.options.assumptions;
            let copies = f64::from(a.replication_factor) * (1.0 + a.disk_headroom_percent / 100.0);
            Some(format!(
                "retention {} h at {} MB/s keeps ≈ {} TB; object storage holds one copy, self-managed Kafka provisions RF {} × (1 + {}% headroom) ≈ {} TB of managed disk",
                int(w.retention_hours.into()),
                num(w.write_mb_per_s),
                num(tb),
                a.replication_factor,
                num(a.disk_headroom_percent),
                num(tb * copies)
            ))
        },
    },
    Rule {
        id: "R18-BURST",
        title: "Bursty load favours stateless brokers that scale in seconds",
        stage: Stage::Soft,
        options: OBJ,
        effect: Effect::Favour,
        weight: 1,
        source: AUTOMQ_README,
        eval: |c, _| {
            let p = c.a.workload.peak_to_average;
            (p >= BURSTY_PEAK_TO_AVERAGE).then(|| {
                format!(
                    "peak-to-average is {}: stateless brokers scale in seconds, while self-managed brokers are sized and paid for at peak ({} MB/s against {} MB/s average)",
                    num(p),
                    num(c.peak_mb_per_s()),
                    num(c.a.workload.write_mb_per_s)
                )
            })
        },
    },
    Rule {
        id: "OS-BLOB",
        title: "The open-source object-storage platform has no native Azure Blob support",
        stage: Stage::Soft,
        options: OBJ,
        effect: Effect::Risk,
        weight: 2,
        source: AUTOMQ_README,
        eval: |c, _| {
            let sub =
                c.a.options
                    .assumptions
                    .object_storage_subscription_per_month;
            Some(if sub > 0.0 {
                format!(
                    "the open-source code registers only s3, mem and file storage; the assumed subscription of {} {}/month implies the commercial build, whose Azure support (AutoMQ Cloud BYOC documents Azure Blob) must be confirmed for this region",
                    c.currency(),
                    num(sub)
                )
            } else {
                "the open-source code registers only s3, mem and file storage (no Azure Blob), so on Azure it needs an S3-compatible gateway in front of Blob or the commercial build; neither is priced here".to_owned()
            })
        },
    },
    Rule {
        id: "OS-COMPACT",
        title: "Compaction on the object-storage platform needs verification",
        stage: Stage::Soft,
        options: OBJ,
        effect: Effect::Risk,
        weight: 1,
        source: AUTOMQ_COMPAT,
        eval: |c, _| {
            Some(format!(
                "Kafka Connect needs {} compacted internal topics ({} partitions), and the vendor's published compatibility results are ambiguous: run Connect's restart and rebalance tests against it before relying on it",
                3 * c.facts.connect_clusters,
                31 * c.facts.connect_clusters
            ))
        },
    },
    Rule {
        id: "NET-ONPREM",
        title: "On-premises systems without a network link",
        stage: Stage::Soft,
        options: ALL,
        effect: Effect::Risk,
        weight: 2,
        source: CONNECT_GUIDE,
        eval: |c, _| {
            let list = c.at(crate::domain::SystemLocation::OnPremises);
            (!list.is_empty()
                && c.a.network.on_premises_link == crate::domain::OnPremisesLink::None)
                .then(|| {
                    format!(
                        "{} on-premises systems but network.on_premises_link is none: the Connect workers run in Azure for every option and need a VPN or ExpressRoute path to them",
                        subject(&list, "reaches", "reach")
                    )
                })
        },
    },
    Rule {
        id: "NET-EGRESS",
        title: "Egress to SaaS and other clouds is under-budgeted",
        stage: Stage::Soft,
        options: ALL,
        effect: Effect::Risk,
        weight: 1,
        source: CONFLUENT_COST,
        eval: |c, _| {
            let (list, gb) = c.egress_sinks();
            let stated = c.a.network.internet_egress_gb_per_month;
            (!list.is_empty() && stated < gb * 0.5).then(|| {
                format!(
                    "{} ≈ {} GB/month out of Azure at their stated MB/s, but network.internet_egress_gb_per_month is {} GB, so every option's estimate under-counts egress",
                    subject(&list, "sends", "send"),
                    num(gb.round()),
                    num(stated)
                )
            })
        },
    },
    Rule {
        id: "UNK",
        title: "Connector classes the knowledge base does not know",
        stage: Stage::Soft,
        options: ALL,
        effect: Effect::Risk,
        weight: 1,
        source: CONNECT_GUIDE,
        eval: |c, _| {
            let classes: Vec<&str> = c.facts.unknown_classes.iter().map(String::as_str).collect();
            (!classes.is_empty()).then(|| {
                format!(
                    "{} are not in the connector knowledge base: their topic, compaction, transaction and AdminClient needs are unknown and need lab validation on the chosen platform",
                    join_limited(&classes)
                )
            })
        },
    },
    // ---- Cost among the options still standing --------------------------------------------
    Rule {
        id: "COST-CHEAPEST",
        title: "Cost: cheapest option still standing, by more than 10%",
        stage: Stage::Cost,
        options: ALL,
        effect: Effect::Favour,
        weight: 2,
        source: RETAIL_PRICES,
        eval: |c, o| {
            let ranked = c.ranked_viable_costs();
            let (first, second) = (ranked.first()?, ranked.get(1)?);
            (first.option == o && second.monthly_total > first.monthly_total * COST_TIE).then(
                || {
                    let gap = Ctx::ratio(second.monthly_total - first.monthly_total, first.monthly_total);
                    format!(
                        "{}/month is the lowest of the options still standing; next is {} at {}/month ({} more)",
                        money(first.monthly_total, c.currency()),
                        second.option,
                        money(second.monthly_total, c.currency()),
                        gap.map_or_else(|| "n/a".to_owned(), pct)
                    )
                },
            )
        },
    },
    Rule {
        id: "COST-HIGH",
        title: "Cost: at least 1.5× the cheapest option still standing",
        stage: Stage::Cost,
        options: ALL,
        effect: Effect::Disfavour,
        weight: 2,
        source: RETAIL_PRICES,
        eval: |c, o| {
            let ranked = c.ranked_viable_costs();
            let cheapest = ranked.first()?;
            let mine = ranked.iter().find(|x| x.option == o)?;
            let ratio = Ctx::ratio(mine.monthly_total, cheapest.monthly_total)?;
            (mine.option != cheapest.option && ratio >= COST_HIGH).then(|| {
                format!(
                    "{}/month is {}× the cheapest option still standing ({} at {}/month)",
                    money(mine.monthly_total, c.currency()),
                    ratio.round_dp(1).normalize(),
                    cheapest.option,
                    money(cheapest.monthly_total, c.currency())
                )
            })
        },
    },
    Rule {
        id: "COST-PARTIAL",
        title: "Cost: monthly total is incomplete",
        stage: Stage::Cost,
        options: ALL,
        effect: Effect::Disfavour,
        weight: 1,
        source: RETAIL_PRICES,
        eval: |c, o| {
            if c.disqualified.contains(&o) {
                return None;
            }
            let mine = c.cost_of(o)?;
            (!mine.fully_priced).then(|| {
                format!(
                    "the monthly total of {} leaves some cost lines unpriced: it is a lower bound and is not ranked on cost",
                    money(mine.monthly_total, c.currency())
                )
            })
        },
    },
];

fn maturity(m: OpsMaturity) -> &'static str {
    match m {
        OpsMaturity::Low => "low",
        OpsMaturity::Medium => "medium",
        OpsMaturity::High => "high",
    }
}
