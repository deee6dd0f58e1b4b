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
use super::context::RuleCtx;
use super::format::{int, join_limited, money, num, pct, subject};
use crate::domain::{
    Compression, DataFormat, Direction, Named, ObjectStorageProfile, OpsMaturity, Platform,
    PlatformOption, SchemaRegistry, Variant,
};
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
    /// The Kafka-compatible platform on object storage, every vendor profile.
    KafkaCompatible,
    /// The Kafka-compatible platform on the WarpStream BYOC profile.
    WarpStream,
    /// The Kafka-compatible platform on the AutoMQ BYOC (commercial) profile.
    AutoMq,
    /// The Kafka-compatible platform on the AutoMQ open-source profile.
    AutoMqOpenSource,
    /// The Kafka-compatible platform on the Redpanda BYOC profile.
    Redpanda,
}

impl Target {
    /// True when `option` is one this target names.
    pub fn matches(self, option: PlatformOption) -> bool {
        let profile = option.object_storage_profile();
        let on = |p: ObjectStorageProfile| profile == Some(p);
        match self {
            Self::WarpStream => return on(ObjectStorageProfile::WarpStream),
            Self::AutoMq => return on(ObjectStorageProfile::AutoMq),
            Self::AutoMqOpenSource => return on(ObjectStorageProfile::AutoMqOpenSource),
            Self::Redpanda => return on(ObjectStorageProfile::Redpanda),
            _ => {}
        }
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

type Eval = fn(&RuleCtx<'_>, PlatformOption) -> Option<String>;

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
    /// `disqualify`, which removes the option from the ranking altogether, and for cost rules
    /// (weight 0), which explain a ranking made on the totals themselves.
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
    pub(crate) fn evaluate(&self, ctx: &RuleCtx<'_>, option: PlatformOption) -> Option<String> {
        if self.options.iter().any(|t| t.matches(option)) {
            (self.eval)(ctx, option)
        } else {
            None
        }
    }

    /// The signed score contribution of one firing. Cost rules contribute nothing: cost is
    /// ranked on the totals themselves, after hard limits and material risks.
    pub fn points(&self) -> i32 {
        if self.stage == Stage::Cost {
            return 0;
        }
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
const EH_ISSUE_241: &str = "https://github.com/Azure/azure-event-hubs-for-kafka/issues/241";
const AKS_KAFKA: &str = "https://learn.microsoft.com/azure/aks/kafka-overview";
// Sources added or re-read on 2026-11-30 for the v2 rules (README, "How the recommendation is
// ranked", lists what each says).
const EH_COMPARE_TIERS: &str = "https://learn.microsoft.com/azure/event-hubs/compare-tiers";
const EH_PU_SIZES: &str =
    "https://learn.microsoft.com/azure/event-hubs/configure-processing-units-premium-namespace";
const EH_DYNAMIC_PARTITIONS: &str =
    "https://learn.microsoft.com/azure/event-hubs/dynamically-add-partitions";
const EH_ISSUE_167: &str = "https://github.com/Azure/azure-event-hubs-for-kafka/issues/167";
const EH_GEO_DR: &str = "https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr";
const EH_GEO_REPLICATION: &str = "https://learn.microsoft.com/azure/event-hubs/geo-replication";
const EH_KAFKA_FAQ: &str =
    "https://learn.microsoft.com/azure/event-hubs/apache-kafka-frequently-asked-questions";
const AZURE_SLA: &str = "https://www.microsoft.com/licensing/docs/view/Service-Level-Agreements-SLA-for-Online-Services";
const AKS_SLA: &str = "https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers";
const AZURE_SR_KAFKA: &str = "https://github.com/Azure/azure-schema-registry-for-kafka";
const KAFKA_GEO_REPLICATION: &str = "https://kafka.apache.org/documentation/#georeplication";
const AUTOMQ_E2E: &str =
    "https://github.com/AutoMQ/automq/blob/main/.github/workflows/nightly-main-e2e.yml";
const CONNECT_GUIDE: &str = "https://kafka.apache.org/39/kafka-connect/user-guide";
const DEBEZIUM_EOS: &str = "https://github.com/debezium/debezium/blob/main/documentation/modules/ROOT/pages/configuration/eos.adoc";
const AUTOMQ_README: &str = "https://github.com/AutoMQ/automq";
const AUTOMQ_COMPAT: &str =
    "https://docs.automq.com/automq/what-is-automq/compatibility-with-apache-kafka";
const AUTOMQ_COST: &str = "https://www.automq.com/kafka-cost-comparison";
const AUTOMQ_CONNECT: &str = "https://github.com/AutoMQ/terraform-provider-automq/blob/main/docs/resources/connect_cluster.md";
const CONFLUENT_COST: &str = "https://www.confluent.io/blog/understanding-and-optimizing-your-kafka-costs-part-1-infrastructure/";
// Object-storage vendor profiles (issue 13 §2), read 2026-11-30 through
// `shared/reference/connect-runtime-and-platforms.md` §2.
const AUTOMQ_BLOB_PR: &str = "https://github.com/AutoMQ/automq/pull/2503";
const AUTOMQ_AZURE_AUTH: &str = "https://docs.automq.com/automq-cloud/manage-environments/manage-environment-ops-authing/set-ops-authing-from-azure";
const WARPSTREAM_PROTOCOL: &str =
    "https://docs.warpstream.com/warpstream/reference/protocol-and-feature-support";
const WARPSTREAM_COMPACTED: &str = "https://docs.warpstream.com/warpstream/reference/protocol-and-feature-support/compacted-topics";
const WARPSTREAM_STORES: &str =
    "https://docs.warpstream.com/warpstream/byoc/deploy/different-object-stores";
const REDPANDA_BYOC_TIERS: &str =
    "https://docs.redpanda.com/cloud-data-platform/reference/tiers/byoc-tiers/";
const REDPANDA_CONNECT: &str =
    "https://docs.redpanda.com/cloud-data-platform/develop/managed-connectors/";
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
const WARPSTREAM: &[Target] = &[Target::WarpStream];
const AUTOMQ: &[Target] = &[Target::AutoMq];
const AUTOMQ_OSS: &[Target] = &[Target::AutoMqOpenSource];
const AUTOMQ_BOTH: &[Target] = &[Target::AutoMq, Target::AutoMqOpenSource];
const REDPANDA: &[Target] = &[Target::Redpanda];
/// The profiles whose brokers (agents) are stateless: every byte in Blob, nothing replicated.
const STATELESS: &[Target] = &[Target::WarpStream, Target::AutoMq, Target::AutoMqOpenSource];
const SELF_OBJ: &[Target] = &[Target::SelfManagedKafka, Target::KafkaCompatible];
const ALL: &[Target] = &[
    Target::EventHubsStandard,
    Target::EventHubsPremium,
    Target::EventHubsDedicated,
    Target::SelfManagedKafka,
    Target::KafkaCompatible,
];

/// Event Hubs quotas (compare-tiers, ms.date 2026-08-25, read 2026-11-30).
const STD_TOPICS: u64 = 10;
const PREM_TOPICS_PER_PU: u64 = 100;
/// Processing units one Premium namespace takes (sizes 1, 2, 4, 6, 8, 10, 12, 16).
const PREM_MAX_PUS: u32 = 16;
const DED_TOPICS: u64 = 1_000;
const PREM_PARTITIONS_PER_PU: u64 = 200;
const DED_PARTITIONS_PER_CU: u64 = 2_000;
/// Capacity units a Dedicated cluster scales to by itself; more through a support request.
const DED_SELF_SERVE_CUS: u32 = 10;
/// Throughput units one Standard namespace takes.
const STD_MAX_TUS: u32 = 40;
const STD_RETENTION_H: u32 = 168;
const PREM_RETENTION_H: u32 = 2_160;
/// Standard and Premium reject a request of this many bytes or more.
const EH_HARD_REQUEST_BYTES: u32 = 1_046_528;
/// The `max.request.size` Microsoft recommends.
const EH_RECOMMENDED_REQUEST_BYTES: u32 = 1_000_000;
/// Dedicated's large-message limit, "20 MB" (preview), read as 20 MiB: the engine disqualifies
/// only above the documented value, so it takes the larger reading.
const DED_MAX_MESSAGE_BYTES: u32 = 20 * 1_048_576;
/// Brokered connections: per Standard namespace, per Premium PU, per Dedicated CU.
const STD_CONNECTIONS: u64 = 5_000;
const PREM_CONNECTIONS_PER_PU: u64 = 10_000;
const DED_CONNECTIONS_PER_CU: u64 = 100_000;
/// Kafka clients one Connect worker holds open: the group member, a producer and a consumer
/// for each of the config, offset and status topics, and an admin client.
const CLIENTS_PER_WORKER: u64 = 8;
/// Availability SLAs (Azure SLA for Online Services; Dedicated overview: 99.99 %).
const STD_SLA_PERCENT: f64 = 99.95;
const PREM_DED_SLA_PERCENT: f64 = 99.99;
const PREM_SWEET_SPOT_MB_S: f64 = 120.0;
const EH_MAX_CONSUMER_GROUPS: u64 = 1_000;
/// Redpanda BYOC on Azure: usage tiers 1–5; tier 5 takes 400 MBps ingress, 800 MBps egress
/// and 45,600 partitions before replication (BYOC tiers page, read 2026-11-30).
const REDPANDA_AZURE_MAX_INGRESS_MB_S: f64 = 400.0;
const REDPANDA_AZURE_MAX_EGRESS_MB_S: f64 = 800.0;
const REDPANDA_AZURE_MAX_PARTITIONS: u64 = 45_600;
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
            (n > PREM_TOPICS_PER_PU * u64::from(PREM_MAX_PUS)).then(|| {
                format!(
                    "the estate needs {} topics ({}), i.e. {} PUs at {PREM_TOPICS_PER_PU} event hubs per PU; a Premium namespace takes at most {PREM_MAX_PUS} PUs, and one Connect cluster works against one namespace",
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
            (n > PREM_PARTITIONS_PER_PU * u64::from(PREM_MAX_PUS)).then(|| {
                format!(
                    "the estate needs {} partitions ({} data + Connect's internal and connector topics), i.e. {} PUs at {PREM_PARTITIONS_PER_PU} partitions per PU; a Premium namespace takes at most {PREM_MAX_PUS} PUs, and one Connect cluster works against one namespace",
                    int(n),
                    int(c.facts.data_partitions.into()),
                    n.div_ceil(PREM_PARTITIONS_PER_PU)
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
        id: "R7-STD",
        title: "Retention: Event Hubs Standard keeps data at most 168 h (7 days)",
        stage: Stage::Hard,
        options: EH_STD,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_QUOTAS,
        eval: |c, _| {
            let h = c.assessment.workload.retention_hours;
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
            let h = c.assessment.workload.retention_hours;
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
        title: "Record size: a request above the tier's documented maximum is rejected",
        stage: Stage::Hard,
        options: EH,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_COMPARE_TIERS,
        eval: |c, o| {
            let b = c.assessment.workload.max_record_bytes;
            if o.variant == Variant::Dedicated {
                (b > DED_MAX_MESSAGE_BYTES).then(|| {
                    format!(
                        "the largest record is {} bytes; Event Hubs Dedicated accepts messages up to 20 MB ({} bytes, in preview), so records this large need the claim-check pattern (payload in Blob, reference in the event)",
                        int(b.into()),
                        int(DED_MAX_MESSAGE_BYTES.into())
                    )
                })
            } else {
                (b >= EH_HARD_REQUEST_BYTES).then(|| {
                    format!(
                        "the largest record is {} bytes; {o} rejects requests of {} bytes and above (it closes the connection), so records this large need the claim-check pattern (payload in Blob, reference in the event) or Dedicated's large-message preview",
                        int(b.into()),
                        int(EH_HARD_REQUEST_BYTES.into())
                    )
                })
            }
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
            let codec = match c.assessment.workload.compression {
                codec @ (Compression::Lz4 | Compression::Snappy | Compression::Zstd) => codec.key(),
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
            (c.assessment.workload.compression == Compression::Gzip).then(|| {
                "the clients require gzip compression; Event Hubs Standard accepts no compression (gzip needs Premium or Dedicated)".to_owned()
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
            c.assessment.team.needs_admin_api.then(|| {
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
            c.assessment.team.needs_kafka_streams.then(|| {
                "team.needs_kafka_streams is set; Kafka Streams runs only on Event Hubs Premium and Dedicated".to_owned()
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
        options: AUTOMQ_OSS,
        effect: Effect::Disqualify,
        weight: 0,
        source: AUTOMQ_README,
        eval: |c, _| {
            let ms = c.assessment.team.max_write_latency_ms?;
            (ms < OSS_WAL_HARD_MS).then(|| {
                format!(
                    "team.max_write_latency_ms is {ms} ms; the open-source build writes its WAL to object storage with \"hundreds of milliseconds\" of latency; the disk WAL that claims single-digit milliseconds is the commercial build (the AutoMQ BYOC profile)"
                )
            })
        },
    },
    Rule {
        id: "CAP-LB",
        title: "Capacity: no deployment of the option can deliver the load",
        stage: Stage::Hard,
        options: ALL,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_COMPARE_TIERS,
        eval: |c, o| {
            let cost = c.cost_of(o)?;
            cost.lower_bound.then(|| {
                let units = cost
                    .units_needed
                    .map(|u| format!(" (the load needs {} units)", int(u.into())))
                    .unwrap_or_default();
                format!(
                    "the cost model found no deployment of {o} that delivers peak {} MB/s in and {} MB/s out{units}; {} /month is only what the largest deployment would cost, a lower bound that is never ranked",
                    num(c.peak_mb_per_s()),
                    num(c.peak_egress_mb_per_s()),
                    money(cost.monthly_total, c.currency())
                )
            })
        },
    },
    Rule {
        id: "PREVIEW-PROD",
        title: "Preview features where the team accepts only generally available ones",
        stage: Stage::Hard,
        options: EH_PREM_DED,
        effect: Effect::Disqualify,
        weight: 0,
        source: EH_OVERVIEW,
        eval: |c, o| {
            let features = preview_features(c, o);
            (c.assessment.team.production_support_only && !features.is_empty()).then(|| {
                format!(
                    "team.production_support_only is set, and on {o} the estate needs {}, which Microsoft documents as preview",
                    features.join("; ")
                )
            })
        },
    },
    // ---- Soft criteria: risks and weights ----------------------------------------------
    Rule {
        id: "PREVIEW",
        title: "Relies on features Microsoft documents as preview",
        stage: Stage::Soft,
        options: EH_PREM_DED,
        effect: Effect::Risk,
        weight: 3,
        source: EH_OVERVIEW,
        eval: |c, o| {
            let features = preview_features(c, o);
            (!c.assessment.team.production_support_only && !features.is_empty()).then(|| {
                format!(
                    "on {o} the estate needs {}: preview features carry no production SLA and may change; prove them in a lab and agree the support position before relying on them",
                    features.join("; ")
                )
            })
        },
    },
    Rule {
        id: "R8-REQ",
        title: "Record size: above the recommended max.request.size of 1,000,000 bytes",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Risk,
        weight: 1,
        source: EH_KAFKA_CONFIGS,
        eval: |c, _| {
            let b = c.assessment.workload.max_record_bytes;
            (b > EH_RECOMMENDED_REQUEST_BYTES && b < EH_HARD_REQUEST_BYTES).then(|| {
                format!(
                    "the largest record is {} bytes, above the max.request.size of {} Microsoft recommends and below the {} bytes at which Standard and Premium reject a request: set max.request.size above the largest record plus batch overhead and prove the biggest records go through",
                    int(b.into()),
                    int(EH_RECOMMENDED_REQUEST_BYTES.into()),
                    int(EH_HARD_REQUEST_BYTES.into())
                )
            })
        },
    },
    Rule {
        id: "R10-STD",
        title: "Capacity: Event Hubs Standard needs more than one namespace of 40 TUs",
        stage: Stage::Soft,
        options: EH_STD,
        effect: Effect::Risk,
        weight: 2,
        source: EH_COMPARE_TIERS,
        eval: |c, o| {
            let tus = c.units_needed(o)?;
            (tus > STD_MAX_TUS).then(|| {
                let ns = tus.div_ceil(STD_MAX_TUS);
                format!(
                    "the cost model sizes {} TUs for peak {} MB/s in and {} MB/s out (1 MB/s or 1,000 events/s in, 2 MB/s out per TU); a Standard namespace holds at most {STD_MAX_TUS} TUs, so the estate needs {ns} namespaces: {}",
                    int(tus.into()),
                    num(c.peak_mb_per_s()),
                    num(c.peak_egress_mb_per_s()),
                    split_namespaces(ns)
                )
            })
        },
    },
    Rule {
        id: "R10-PREM-PU",
        title: "Capacity: Event Hubs Premium needs more than one namespace of 16 PUs",
        stage: Stage::Soft,
        options: EH_PREM,
        effect: Effect::Risk,
        weight: 2,
        source: EH_PU_SIZES,
        eval: |c, o| {
            let pus = c.units_needed(o)?;
            (pus > PREM_MAX_PUS).then(|| {
                let ns = pus.div_ceil(PREM_MAX_PUS);
                format!(
                    "the cost model sizes {} PUs at the assumed {} MB/s in per PU (an assumption: Microsoft sets no limit per PU, so load-test the real rate); a Premium namespace takes at most {PREM_MAX_PUS} PUs, so the estate needs {ns} namespaces: {}",
                    int(pus.into()),
                    num(c.assessment.options.assumptions.premium_pu_ingress_mb_per_s),
                    split_namespaces(ns)
                )
            })
        },
    },
    Rule {
        id: "R10-DED",
        title: "Capacity: Event Hubs Dedicated beyond 10 CUs needs a support request",
        stage: Stage::Soft,
        options: EH_DED,
        effect: Effect::Risk,
        weight: 1,
        source: EH_COMPARE_TIERS,
        eval: |c, o| {
            let cus = c.units_needed(o)?;
            (cus > DED_SELF_SERVE_CUS).then(|| {
                format!(
                    "the cost model sizes {} CUs for peak {} MB/s at the assumed {} MB/s per CU; a cluster scales itself to {DED_SELF_SERVE_CUS} CUs, more needs a support request to Microsoft (plan its lead time and capacity in the region)",
                    int(cus.into()),
                    num(c.peak_mb_per_s()),
                    num(c.assessment.options.assumptions.dedicated_cu_ingress_mb_per_s)
                )
            })
        },
    },
    Rule {
        id: "R4-DED",
        title: "Partition budget: Event Hubs Dedicated beyond 10 CUs needs a support request",
        stage: Stage::Soft,
        options: EH_DED,
        effect: Effect::Risk,
        weight: 1,
        source: EH_COMPARE_TIERS,
        eval: |c, _| {
            let n = c.partitions_needed();
            let cus = n.div_ceil(DED_PARTITIONS_PER_CU);
            (cus > u64::from(DED_SELF_SERVE_CUS)).then(|| {
                format!(
                    "the estate needs {} partitions, i.e. {} CUs at {} partitions per CU; a cluster scales itself to {DED_SELF_SERVE_CUS} CUs, more needs a support request to Microsoft",
                    int(n),
                    int(cus),
                    int(DED_PARTITIONS_PER_CU)
                )
            })
        },
    },
    Rule {
        id: "KS-TOPICS",
        title: "Kafka Streams' internal topics count toward the event hub quota",
        stage: Stage::Soft,
        options: EH_PREM_DED,
        effect: Effect::Risk,
        weight: 1,
        source: EH_STREAMS,
        eval: |c, o| {
            c.assessment.team.needs_kafka_streams.then(|| {
                let limit = if o.variant == Variant::Premium {
                    format!("{PREM_TOPICS_PER_PU} per PU")
                } else {
                    int(DED_TOPICS)
                };
                format!(
                    "team.needs_kafka_streams is set; every repartition and changelog topic a Streams application creates is an event hub in the same namespace, counted against {o}'s limit of {limit} on top of the {} topics the estate already needs: count them per application before sizing",
                    int(c.topics_needed())
                )
            })
        },
    },
    Rule {
        id: "R4-FIXED",
        title: "Partitions cannot be added on Event Hubs Standard",
        stage: Stage::Soft,
        options: EH_STD,
        effect: Effect::Risk,
        weight: 1,
        source: EH_DYNAMIC_PARTITIONS,
        eval: |c, _| {
            let g = c.assessment.workload.growth_percent_per_month;
            (g > 0.0).then(|| {
                format!(
                    "write throughput grows {}% per month, but a Standard event hub keeps the partition count it was created with, and sink parallelism is capped at the partition count: create topics with the partitions of the end state, or migrate to a new hub later",
                    num(g)
                )
            })
        },
    },
    Rule {
        id: "R2-PORTAL",
        title: "Adding partitions to a Connect internal topic in the portal resets it to delete",
        stage: Stage::Soft,
        options: EH_PREM_DED,
        effect: Effect::Risk,
        weight: 1,
        source: EH_ISSUE_167,
        eval: |c, _| {
            let g = c.assessment.workload.growth_percent_per_month;
            (g > 0.0).then(|| {
                format!(
                    "write throughput grows {}% per month, so partitions will be added; changing the partition count of an event hub in the portal has reset cleanup.policy from compact to delete (#167), which silently expires Connect's config, offset and status records: size the {} internal topics once, and add partitions only to data topics, through ARM or the CLI, checking the policy after each change",
                    num(g),
                    3 * c.facts.connect_clusters
                )
            })
        },
    },
    Rule {
        id: "DR-STD",
        title: "Cross-region DR: Standard's Geo-DR replicates metadata only",
        stage: Stage::Soft,
        options: EH_STD,
        effect: Effect::Risk,
        weight: 3,
        source: EH_GEO_DR,
        eval: |c, _| {
            c.assessment.team.cross_region_dr.then(|| {
                format!(
                    "team.cross_region_dr is set; Standard's Geo-disaster recovery replicates entities and settings, not events, so at failover the secondary has none of the data and none of Connect's config, offset and status records ({} compacted topics): connectors restart without their configuration or source positions unless the team replicates them itself (MirrorMaker 2 or replication functions), which is not priced here",
                    3 * c.facts.connect_clusters
                )
            })
        },
    },
    Rule {
        id: "DR-GEO",
        title: "Cross-region DR: Premium/Dedicated geo-replication copies data and Kafka offsets",
        stage: Stage::Soft,
        options: EH_PREM_DED,
        effect: Effect::Favour,
        weight: 1,
        source: EH_GEO_REPLICATION,
        eval: |c, o| {
            c.assessment.team.cross_region_dr.then(|| {
                format!(
                    "team.cross_region_dr is set; {o} geo-replication copies metadata, events and Kafka consumer offsets to the secondary region, so Connect's internal topics survive a promotion, provided every client (workers included) is Apache Kafka or librdkafka 2.1.0 or later; asynchronous replication can lose the last events within the configured lag",
                )
            })
        },
    },
    Rule {
        id: "DR-SELF",
        title: "Cross-region DR: a second Kafka cluster must be replicated and drilled by the team",
        stage: Stage::Soft,
        options: SELF_OBJ,
        effect: Effect::Risk,
        weight: 2,
        source: KAFKA_GEO_REPLICATION,
        eval: |c, _| {
            c.assessment.team.cross_region_dr.then(|| {
                format!(
                    "team.cross_region_dr is set; a standby cluster in the second region needs MirrorMaker 2 (topics, consumer offsets through checkpoints) run and failed over by the team, and Connect's {} internal topics must be replicated or rebuilt on the standby: build the runbook and drill it",
                    3 * c.facts.connect_clusters
                )
            })
        },
    },
    Rule {
        id: "SLA-EH",
        title: "Availability: the tier's SLA is below the required availability",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Risk,
        weight: 2,
        source: AZURE_SLA,
        eval: |c, o| {
            let need = c.assessment.team.availability_sla_percent?;
            let sla = if o.variant == Variant::Standard {
                STD_SLA_PERCENT
            } else {
                PREM_DED_SLA_PERCENT
            };
            (need > sla).then(|| {
                format!(
                    "team.availability_sla_percent is {need}%; {o} is sold with a {sla}% SLA, so the gap must be closed by design (a second region) or accepted"
                )
            })
        },
    },
    Rule {
        id: "SLA-SELF",
        title: "Availability: no vendor SLA covers self-run brokers",
        stage: Stage::Soft,
        options: SELF_OBJ,
        effect: Effect::Risk,
        weight: 1,
        source: AKS_SLA,
        eval: |c, _| {
            let need = c.assessment.team.availability_sla_percent?;
            Some(format!(
                "team.availability_sla_percent is {need}%; no vendor SLA covers brokers the team runs (AKS's Standard tier covers the Kubernetes API server only), so {need}% must come from the team's own design across {} zones and be evidenced",
                c.assessment.network.availability_zones
            ))
        },
    },
    Rule {
        id: "OFFSET-EXPIRY",
        title: "Committed offsets expire with retention on Event Hubs",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Risk,
        weight: 1,
        source: EH_KAFKA_FAQ,
        eval: |c, _| {
            let sinks = c.sinks();
            (!sinks.is_empty()).then(|| {
                format!(
                    "{} from Event Hubs, which keeps a Kafka group's committed offsets only as long as the data they point at ({} h retention): a sink stopped longer than that loses its position and restarts from auto.offset.reset. Alert on stopped sinks well within the retention",
                    subject(&sinks, "consumes", "consume"),
                    int(c.assessment.workload.retention_hours.into())
                )
            })
        },
    },
    Rule {
        id: "CONN-QUOTA",
        title: "Connections: Connect's clients against the namespace connection quota",
        stage: Stage::Soft,
        options: EH,
        effect: Effect::Risk,
        weight: 2,
        source: EH_COMPARE_TIERS,
        eval: |c, o| {
            let cost = c.cost_of(o)?;
            let workers = u64::from(cost.connect_workers);
            let tasks = u64::from(c.facts.total_tasks);
            let clients = workers * CLIENTS_PER_WORKER + tasks;
            let units = u64::from(cost.units_needed.unwrap_or(1).max(1));
            let (quota, how) = match o.variant {
                Variant::Standard => {
                    let ns = units.div_ceil(u64::from(STD_MAX_TUS));
                    (
                        STD_CONNECTIONS * ns,
                        format!("{} per namespace × {ns}", int(STD_CONNECTIONS)),
                    )
                }
                Variant::Premium => (
                    PREM_CONNECTIONS_PER_PU * units,
                    format!("{} per PU × {units} PUs", int(PREM_CONNECTIONS_PER_PU)),
                ),
                _ => (
                    DED_CONNECTIONS_PER_CU * units,
                    format!("{} per CU × {units} CUs", int(DED_CONNECTIONS_PER_CU)),
                ),
            };
            (clients > quota).then(|| {
                format!(
                    "{} workers × {CLIENTS_PER_WORKER} clients each (group member, config/offset/status producers and consumers, admin) + {} tasks × 1 client = {} Kafka clients, each holding at least one connection, against {o}'s quota of {} ({how}): split the estate across namespaces or size units for connections",
                    int(workers),
                    int(tasks),
                    int(clients),
                    int(quota)
                )
            })
        },
    },
    Rule {
        id: "SR-STD",
        title: "Schema Registry on Event Hubs Standard: 1 schema group, 25 schema versions",
        stage: Stage::Soft,
        options: EH_STD,
        effect: Effect::Risk,
        weight: 1,
        source: EH_COMPARE_TIERS,
        eval: |c, _| {
            let list = c.schema_connectors();
            (c.assessment.team.schema_registry == SchemaRegistry::Azure && !list.is_empty()).then(|| {
                format!(
                    "team.schema_registry is azure and {} Avro, Protobuf or JSON Schema records; a Standard namespace's registry holds 1 schema group and 25 schema versions in all (25 MB), against 100 groups and 1,000 versions on Premium: count subjects × expected versions",
                    subject(&list, "writes or reads", "write or read")
                )
            })
        },
    },
    Rule {
        id: "SR-CONVERTER",
        title: "Schema Registry: the converters must match the registry",
        stage: Stage::Soft,
        options: ALL,
        effect: Effect::Risk,
        weight: 1,
        source: AZURE_SR_KAFKA,
        eval: |c, o| {
            let list = c.schema_connectors();
            if list.is_empty() {
                return None;
            }
            let on_eh = o.platform == Platform::EventHubs;
            match c.assessment.team.schema_registry {
                SchemaRegistry::None => Some(format!(
                    "{} schema-based records but team.schema_registry is none: choose a registry, and with it the converter (Azure Schema Registry needs Microsoft's converter; Confluent's converters need a Confluent-compatible registry)",
                    subject(&list, "uses", "use")
                )),
                SchemaRegistry::ConfluentCompatible if on_eh => Some(format!(
                    "team.schema_registry is confluent_compatible and {} schema-based records; Event Hubs hosts only Azure Schema Registry, which Confluent's converters cannot use, so a Confluent-compatible registry must be run or bought next to {o}, and is not priced here",
                    subject(&list, "uses", "use")
                )),
                SchemaRegistry::Azure => {
                    let non_avro = c.connectors_where(|k, _| {
                        matches!(k.format, DataFormat::Protobuf | DataFormat::JsonSchema)
                    });
                    (!non_avro.is_empty() || !on_eh).then(|| {
                        let mut why = Vec::new();
                        if !non_avro.is_empty() {
                            why.push(format!(
                                "Microsoft's Kafka Connect converter handles Avro only, and {} Protobuf or JSON Schema",
                                subject(&non_avro, "uses", "use")
                            ));
                        }
                        if !on_eh {
                            why.push(format!(
                                "with {o} the registry lives in a separate Event Hubs namespace, priced apart"
                            ));
                        }
                        format!(
                            "team.schema_registry is azure: {}; the converter also does not auto-register schemas",
                            why.join("; ")
                        )
                    })
                }
                SchemaRegistry::ConfluentCompatible => None,
            }
        },
    },
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
        title: "Transactions on the object-storage platform: supported, to be proven on the build in use",
        stage: Stage::Soft,
        options: AUTOMQ_BOTH,
        effect: Effect::Risk,
        weight: 1,
        source: AUTOMQ_E2E,
        eval: |c, _| {
            c.needs_transactions().then(|| {
                format!(
                    "Kafka transactions are required by {}; AutoMQ has supported transactions since 1.1.0 (2024-06) and its nightly CI runs Kafka's transactions tests and Connect's exactly-once source test, so the remaining risk is the build and version in use: rerun those tests against it before go-live",
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
        id: "KS-OBJ",
        title: "Kafka Streams on the object-storage platform needs verification",
        stage: Stage::Soft,
        options: AUTOMQ_BOTH,
        effect: Effect::Risk,
        weight: 1,
        source: AUTOMQ_COMPAT,
        eval: |c, _| {
            c.assessment.team.needs_kafka_streams.then(|| {
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
            c.assessment.team.needs_vendor_support_for_connect.then(|| {
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
            (!c.assessment.team.needs_vendor_support_for_connect).then(|| {
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
            c.assessment.team.needs_vendor_support_for_connect.then(|| {
                "team.needs_vendor_support_for_connect is set; with self-managed Kafka the brokers and the Connect workers are both the team's to run and support unless a third-party support contract is bought".to_owned()
            })
        },
    },
    Rule {
        id: "R12-BYOC",
        title: "The object-storage vendor's managed Connect is not documented on Azure",
        stage: Stage::Soft,
        options: AUTOMQ,
        effect: Effect::Risk,
        weight: 2,
        source: AUTOMQ_CONNECT,
        eval: |c, _| {
            c.assessment.team.needs_vendor_support_for_connect.then(|| {
                "team.needs_vendor_support_for_connect is set; AutoMQ Cloud's managed Connect clusters run on Kubernetes or auto-scaling groups, and the Kubernetes environments it documents are EKS, GKE, ACK and CCE, not AKS: on Azure the Connect workers stay the team's to run unless the vendor confirms support in writing".to_owned()
            })
        },
    },
    Rule {
        id: "R15-LAB",
        title: "Write latency on the object-storage platform must be measured",
        stage: Stage::Soft,
        options: AUTOMQ,
        effect: Effect::Risk,
        weight: 2,
        source: AUTOMQ_README,
        eval: |c, _| {
            let ms = c.assessment.team.max_write_latency_ms?;
            (ms < OSS_WAL_RISK_MS).then(|| {
                format!(
                    "team.max_write_latency_ms is {ms} ms; the commercial disk WAL (on Azure a zone-redundant disk) claims single-digit milliseconds, a vendor claim to prove at {} MB/s peak",
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
            let t = &c.assessment.team;
            (t.prefers_managed || t.ops_maturity == OpsMaturity::Low).then(|| {
                format!(
                    "team.prefers_managed is {}, ops_maturity is {}, operates_kafka_today is {}; Microsoft recommends Event Hubs \"for simpler use cases or when operational overhead is a concern\"",
                    t.prefers_managed,
                    t.ops_maturity.key(),
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
            let t = &c.assessment.team;
            c.team_lacks_kafka_ops().then(|| {
                format!(
                    "team.operates_kafka_today is {} and ops_maturity is {}: broker upgrades, the KRaft quorum, partition rebalancing and storage incidents become this team's job",
                    t.operates_kafka_today,
                    t.ops_maturity.key()
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
            let t = &c.assessment.team;
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
            let w = &c.assessment.workload;
            let tb = c.retained_tb();
            if w.retention_hours <= STD_RETENTION_H || tb < LONG_RETENTION_TB {
                return None;
            }
            let a = &c.assessment.options.assumptions;
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
        options: STATELESS,
        effect: Effect::Favour,
        weight: 1,
        source: AUTOMQ_README,
        eval: |c, _| {
            let p = c.assessment.workload.peak_to_average;
            (p >= BURSTY_PEAK_TO_AVERAGE).then(|| {
                format!(
                    "peak-to-average is {}: stateless brokers scale in seconds, while self-managed brokers are sized and paid for at peak ({} MB/s against {} MB/s average)",
                    num(p),
                    num(c.peak_mb_per_s()),
                    num(c.assessment.workload.write_mb_per_s)
                )
            })
        },
    },
    Rule {
        id: "OS-BLOB",
        title: "AutoMQ open source cannot store data in Azure Blob",
        stage: Stage::Hard,
        options: AUTOMQ_OSS,
        effect: Effect::Disqualify,
        weight: 0,
        source: AUTOMQ_BLOB_PR,
        eval: |_, _| {
            Some("the open-source code (ObjectStorageFactory at HEAD 2026-08-21, after 1.7.3) registers only s3, mem and file storage and its WAL only S3; the Azure Blob implementation (PR #2503) was closed unmerged. An S3 API in front of Blob is not a product to price: MinIO removed its Azure gateway (milvus-io/milvus#25960, 2023), and an S3-compatible store on managed disks loses the one-copy-in-Blob economics this option exists for. Disqualified on Azure; the AutoMQ BYOC profile is the AutoMQ that runs on Blob".to_owned())
        },
    },
    Rule {
        id: "OBJ-AUTOMQ-AZURE",
        title: "AutoMQ BYOC on Azure is documented only in part",
        stage: Stage::Soft,
        options: AUTOMQ,
        effect: Effect::Risk,
        weight: 2,
        source: AUTOMQ_AZURE_AUTH,
        eval: |_, _| {
            Some("AutoMQ documents an Azure Blob Ops bucket and a zone-redundant disk WAL on Azure, but its Kubernetes overview lists EKS, GKE, ACK and CCE (not AKS), no Azure Marketplace listing was found, and usage-based billing is AWS only (on Azure a prepaid AKU licence): confirm the Azure deployment path and the licence in writing".to_owned())
        },
    },
    Rule {
        id: "OBJ-WS-TXN",
        title: "Transactions on WarpStream: supported in current agents",
        stage: Stage::Soft,
        options: WARPSTREAM,
        effect: Effect::Risk,
        weight: 1,
        source: WARPSTREAM_PROTOCOL,
        eval: |c, _| {
            c.needs_transactions().then(|| {
                format!(
                    "Kafka transactions are required by {}; WarpStream documents \"Apache Kafka transactions and Exactly Once Semantics\" as supported, but earlier versions of the same page said unsupported: pin an agent version with them and run Connect's exactly-once tests against it",
                    c.transaction_needs()
                )
            })
        },
    },
    Rule {
        id: "OBJ-WS-COMPACT",
        title: "WarpStream compacts topics, but a topic's cleanup policy is fixed at creation",
        stage: Stage::Soft,
        options: WARPSTREAM,
        effect: Effect::Risk,
        weight: 1,
        source: WARPSTREAM_COMPACTED,
        eval: |c, _| {
            (!c.assessment.connectors.is_empty()).then(|| {
                format!(
                    "{} connector(s) run on Connect, whose config, offset and status topics must be compacted; WarpStream supports compacted topics but cleanup.policy cannot switch between compacted and non-compacted after a topic is created, so let the workers create their internal topics (or create them compacted) and never pre-create them as delete",
                    int(c.assessment.connectors.len() as u64)
                )
            })
        },
    },
    Rule {
        id: "OBJ-WS-LATENCY",
        title: "Write latency: WarpStream acknowledges writes only once they are in Blob",
        stage: Stage::Hard,
        options: WARPSTREAM,
        effect: Effect::Disqualify,
        weight: 0,
        source: WARPSTREAM_STORES,
        eval: |c, _| {
            let ms = c.assessment.team.max_write_latency_ms?;
            (ms < OSS_WAL_HARD_MS).then(|| {
                format!(
                    "team.max_write_latency_ms is {ms} ms; WarpStream agents batch writes into files and acknowledge them once the file is in Blob (azblob://), with no disk write-ahead log, and its low-latency clusters rely on S3 Express One Zone, which has no Azure counterpart: object-storage latency, like the open-source AutoMQ WAL's \"hundreds of milliseconds\""
                )
            })
        },
    },
    Rule {
        id: "OBJ-WS-LAB",
        title: "Write latency on WarpStream must be measured",
        stage: Stage::Soft,
        options: WARPSTREAM,
        effect: Effect::Risk,
        weight: 2,
        source: WARPSTREAM_STORES,
        eval: |c, _| {
            let ms = c.assessment.team.max_write_latency_ms?;
            (OSS_WAL_HARD_MS..OSS_WAL_RISK_MS).contains(&ms).then(|| {
                format!(
                    "team.max_write_latency_ms is {ms} ms; WarpStream acknowledges a write once its file is in Blob, so p99 produce latency on Azure Blob must be measured at {} MB/s peak",
                    num(c.peak_mb_per_s())
                )
            })
        },
    },
    Rule {
        id: "OBJ-RP-TIER",
        title: "Redpanda BYOC on Azure stops at usage tier 5",
        stage: Stage::Hard,
        options: REDPANDA,
        effect: Effect::Disqualify,
        weight: 0,
        source: REDPANDA_BYOC_TIERS,
        eval: |c, _| {
            let ingress = c.peak_mb_per_s();
            let egress = c.peak_egress_mb_per_s();
            let partitions = c.partitions_needed();
            (ingress > REDPANDA_AZURE_MAX_INGRESS_MB_S
                || egress > REDPANDA_AZURE_MAX_EGRESS_MB_S
                || partitions > REDPANDA_AZURE_MAX_PARTITIONS)
                .then(|| {
                    format!(
                        "peak ingress {} MB/s, peak egress {} MB/s and {} partitions; on Azure Redpanda BYOC supports usage tiers 1–5, and tier 5 takes {} MBps ingress, {} MBps egress and {} partitions",
                        num(ingress),
                        num(egress),
                        int(partitions),
                        num(REDPANDA_AZURE_MAX_INGRESS_MB_S),
                        num(REDPANDA_AZURE_MAX_EGRESS_MB_S),
                        int(REDPANDA_AZURE_MAX_PARTITIONS)
                    )
                })
        },
    },
    Rule {
        id: "OBJ-RP-CONNECT",
        title: "Redpanda does not support Kafka Connect on BYOC",
        stage: Stage::Soft,
        options: REDPANDA,
        effect: Effect::Risk,
        weight: 2,
        source: REDPANDA_CONNECT,
        eval: |c, _| {
            c.assessment.team.needs_vendor_support_for_connect.then(|| {
                "team.needs_vendor_support_for_connect is set; Redpanda enables Kafka Connect on BYOC on request but its Support \"does not manage or monitor Kafka Connect\", and Redpanda Connect is a different framework that runs no Kafka Connect plugins: the workers stay the team's to support".to_owned()
            })
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
                && c.assessment.network.on_premises_link == crate::domain::OnPremisesLink::None)
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
            let stated = c.assessment.network.internet_egress_gb_per_month;
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
        weight: 0,
        source: RETAIL_PRICES,
        eval: |c, o| {
            let ranked = c.ranked_viable_costs();
            let (first, second) = (ranked.first()?, ranked.get(1)?);
            (first.option == o && second.monthly_total_with_people > first.monthly_total_with_people * COST_TIE).then(
                || {
                    let gap = RuleCtx::ratio(
                        second.monthly_total_with_people - first.monthly_total_with_people,
                        first.monthly_total_with_people,
                    );
                    format!(
                        "{}/month with people is the lowest of the options still standing; next is {} at {}/month ({} more)",
                        money(first.monthly_total_with_people, c.currency()),
                        second.option,
                        money(second.monthly_total_with_people, c.currency()),
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
        weight: 0,
        source: RETAIL_PRICES,
        eval: |c, o| {
            let ranked = c.ranked_viable_costs();
            let cheapest = ranked.first()?;
            let mine = ranked.iter().find(|x| x.option == o)?;
            let ratio = RuleCtx::ratio(
                mine.monthly_total_with_people,
                cheapest.monthly_total_with_people,
            )?;
            (mine.option != cheapest.option && ratio >= COST_HIGH).then(|| {
                format!(
                    "{}/month with people is {}× the cheapest option still standing ({} at {}/month)",
                    money(mine.monthly_total_with_people, c.currency()),
                    ratio.round_dp(1).normalize(),
                    cheapest.option,
                    money(cheapest.monthly_total_with_people, c.currency())
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
        weight: 0,
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

/// The preview features the estate needs on an Event Hubs tier, each with its source. One
/// policy covers all of them: a risk (`PREVIEW`), or a disqualification (`PREVIEW-PROD`) when
/// the team accepts only generally available features.
fn preview_features(c: &RuleCtx<'_>, o: PlatformOption) -> Vec<String> {
    if o.platform != Platform::EventHubs || o.variant == Variant::Standard {
        return Vec::new();
    }
    let mut v = Vec::new();
    if c.needs_transactions() {
        v.push(format!(
            "Kafka transactions for {} (public preview per {EH_TRANSACTIONS}; the configuration reference of 2025-12 even lists transactions and exactly-once as \"not currently supported\")",
            c.transaction_needs()
        ));
    }
    if c.assessment.team.needs_kafka_streams {
        v.push(format!(
            "Kafka Streams for team.needs_kafka_streams (public preview per {EH_STREAMS})"
        ));
    }
    let b = c.assessment.workload.max_record_bytes;
    if o.variant == Variant::Dedicated
        && (EH_HARD_REQUEST_BYTES..=DED_MAX_MESSAGE_BYTES).contains(&b)
    {
        v.push(format!(
            "messages of {} bytes, above the 1,046,527 bytes of the other tiers, which Dedicated accepts up to 20 MB in preview ({EH_COMPARE_TIERS})",
            int(b.into())
        ));
    }
    v
}

/// What needing several namespaces implies, in words a reviewer can act on.
fn split_namespaces(ns: u32) -> String {
    format!(
        "topics split across {ns} namespaces, one Connect cluster (with its own 3 internal topics, workers and consumer groups) per namespace, and no topic can take more than one namespace's share of the load"
    )
}

// ---- Connect runtime rules (issue 13) ------------------------------------------------------
//
// A second, smaller table: each rule judges one Connect runtime for one endpoint option. The
// verdicts choose the runtime per option (`super::runtime`); they never touch the endpoint
// ranking above. Sources are the reference `shared/reference/connect-runtime-and-platforms.md`
// (§1.1, §1.2, §4), each read on the date in `read_on`.

use std::borrow::Cow;

use super::runtime::RuntimeCtx;
use crate::domain::Runtime;

type RuntimeEval = fn(&RuntimeCtx<'_>, PlatformOption, Runtime) -> Option<Cow<'static, str>>;

/// One rule about a Connect runtime.
#[derive(Clone, Serialize)]
pub struct RuntimeRule {
    /// Stable id, e.g. `RT-REST`.
    pub id: &'static str,
    pub title: &'static str,
    /// The runtimes the rule can fire for.
    pub runtimes: &'static [Runtime],
    /// `disqualify` removes the runtime for that option; `risk` makes it "viable with risks";
    /// `favour`/`disfavour` count one point each among runtimes within 10% of the cheapest.
    pub effect: Effect,
    /// Points for `favour` (+) and `disfavour` (−); unused for the other effects.
    pub weight: u8,
    pub source: &'static str,
    /// When the source was read (or, for an issue, its state on that date).
    pub read_on: &'static str,
    #[serde(skip)]
    eval: RuntimeEval,
}

impl std::fmt::Debug for RuntimeRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuntimeRule")
            .field("id", &self.id)
            .field("effect", &self.effect)
            .finish_non_exhaustive()
    }
}

impl RuntimeRule {
    /// The message for `runtime` under `option`, or `None`.
    pub(crate) fn evaluate(
        &self,
        ctx: &RuntimeCtx<'_>,
        option: PlatformOption,
        runtime: Runtime,
    ) -> Option<Cow<'static, str>> {
        if self.runtimes.contains(&runtime) {
            (self.eval)(ctx, option, runtime)
        } else {
            None
        }
    }
}

/// Every Connect runtime rule, in evaluation order.
pub fn runtime_rules() -> &'static [RuntimeRule] {
    RUNTIME_RULES
}

const RT_READ: &str = "2026-11-30";
const KAFKA_CONNECT_SECURITY: &str = "https://github.com/apache/kafka/pull/22398";
const ACA_REPLICA_IPS: &str = "https://github.com/microsoft/azure-container-apps/issues/1659";
const ACA_CONSUMPTION_LIMITS: &str =
    "https://learn.microsoft.com/azure/container-apps/environment-type-consumption-only";
const ACI_OVERVIEW: &str =
    "https://learn.microsoft.com/azure/container-instances/container-instances-overview";
const STRIMZI_MI: &str = "https://github.com/strimzi/strimzi-kafka-operator/issues/10951";
const STRIMZI_REGISTRY: &str = "https://github.com/strimzi/strimzi-kafka-operator/issues/12157";
const KAFKA_REBALANCE_DELAY: &str = "https://github.com/apache/kafka/pull/14647";
const AUTOMQ_K8S: &str =
    "https://docs.automq.com/automq-cloud/deploy-automq-on-kubernetes/overview";
const AKS_NODE_POOLS: &str = "https://learn.microsoft.com/azure/aks/create-node-pools";
const AKS_SYSTEM_POOLS: &str = "https://learn.microsoft.com/azure/aks/use-system-pools";
const CONFLUENT_MANAGED: &str =
    "https://docs.confluent.io/cloud/current/billing/billing-dimensions.html";

/// Per-replica (per container group) size caps: vCPUs and GiB.
const ACA_CONSUMPTION_CAP: (u32, u32) = (4, 8);
/// Container Instances: 4 vCPU / 16 GB per container group in a standard (non-preview)
/// deployment (Microsoft Learn, container-instances-resource-and-quota-limits).
const ACI_CAP: (u32, u32) = (4, 16);
/// The largest dedicated workload profile: E32 (32 vCPU / 256 GiB).
const ACA_DEDICATED_CAP: (u32, u32) = (32, 256);

const SELF_RUN: &[Runtime] = &[
    Runtime::Aks,
    Runtime::Vm,
    Runtime::ContainerAppsDedicated,
    Runtime::ContainerAppsConsumption,
    Runtime::ContainerInstances,
];
const CONTAINERS: &[Runtime] = &[
    Runtime::Aks,
    Runtime::ContainerAppsDedicated,
    Runtime::ContainerAppsConsumption,
    Runtime::ContainerInstances,
];
const ACA: &[Runtime] = &[
    Runtime::ContainerAppsDedicated,
    Runtime::ContainerAppsConsumption,
];
const CAPPED: &[Runtime] = &[
    Runtime::ContainerAppsDedicated,
    Runtime::ContainerAppsConsumption,
    Runtime::ContainerInstances,
];

static RUNTIME_RULES: &[RuntimeRule] = &[
    RuntimeRule {
        id: "RT-VENDOR",
        title: "Managed Connect runs only against the vendor's own Kafka, never Event Hubs",
        runtimes: &[Runtime::VendorManaged],
        effect: Effect::Disqualify,
        weight: 1,
        source: AUTOMQ_CONNECT,
        read_on: RT_READ,
        eval: |_, o, _| {
            match o.object_storage_profile() {
            None => Some(format!(
                "{} is not a vendor's Kafka: Confluent's managed connectors need Confluent Cloud, Aiven Kafka Connect an Aiven Kafka service, AutoMQ's Connect an AutoMQ instance (kafka_instance_id is required) and Redpanda's Kafka Connect a Redpanda cluster; none runs against Event Hubs",
                o.label()
            ).into()),
            Some(ObjectStorageProfile::WarpStream) => Some("WarpStream offers no managed Kafka Connect: its Managed Data Pipelines run Bento pipelines inside the agents, not Kafka Connect plugins".into()),
            Some(ObjectStorageProfile::AutoMqOpenSource) => Some("the open-source AutoMQ build has no managed Connect: AutoMQ's managed Connect clusters belong to AutoMQ Cloud (BYOC)".into()),
            Some(_) => None,
        }
        },
    },
    RuntimeRule {
        id: "RT-VENDOR-AZURE",
        title: "A vendor's managed Connect on Azure is unconfirmed or best-effort",
        runtimes: &[Runtime::VendorManaged],
        effect: Effect::Risk,
        weight: 1,
        source: AUTOMQ_K8S,
        read_on: RT_READ,
        eval: |_, o, _| {
            match o.object_storage_profile() {
            Some(ObjectStorageProfile::AutoMq) => Some("AutoMQ's managed Connect clusters run on Kubernetes, and its Kubernetes overview lists EKS, GKE, ACK and CCE but not AKS: confirm the offer on Azure with the vendor before relying on it".into()),
            Some(ObjectStorageProfile::Redpanda) => Some("Redpanda enables Kafka Connect on BYOC on request, runs a dedicated node even with no connectors, and its Support \"does not manage or monitor Kafka Connect\": a best-effort add-on".into()),
            _ => None,
        }
        },
    },
    RuntimeRule {
        id: "RT-SIZE",
        title: "Per-replica size caps: a worker must fit one replica or container group",
        runtimes: CAPPED,
        effect: Effect::Disqualify,
        weight: 1,
        source: ACA_CONSUMPTION_LIMITS,
        read_on: RT_READ,
        eval: |c, _, r| {
            let (cap_cpu, cap_gib, what) = match r {
                Runtime::ContainerAppsConsumption => (
                    ACA_CONSUMPTION_CAP.0,
                    ACA_CONSUMPTION_CAP.1,
                    "a Container Apps consumption replica",
                ),
                Runtime::ContainerInstances => (
                    ACI_CAP.0,
                    ACI_CAP.1,
                    "a Container Instances container group",
                ),
                _ => (
                    ACA_DEDICATED_CAP.0,
                    ACA_DEDICATED_CAP.1,
                    "the largest dedicated workload profile (E32)",
                ),
            };
            let size = &c.assessment.options.assumptions.worker_vm_size;
            match c.worker_shape {
                None => Some(format!(
                    "options.assumptions.worker_vm_size {size} names no D, E, F or L size, so the worker's memory is unknown and cannot be checked against {what} ({cap_cpu} vCPU / {cap_gib} GiB)"
                ).into()),
                Some((cpu, gib)) => (cpu > cap_cpu || gib > cap_gib).then(|| {
                    format!(
                        "a worker sized as options.assumptions.worker_vm_size {size} needs {cpu} vCPU / {gib} GiB; {what} is capped at {cap_cpu} vCPU / {cap_gib} GiB"
                    ).into()
                }),
            }
        },
    },
    RuntimeRule {
        id: "RT-REST",
        title: "Every worker must reach every other worker's REST address",
        runtimes: ACA,
        effect: Effect::Risk,
        weight: 1,
        source: ACA_REPLICA_IPS,
        read_on: RT_READ,
        eval: |_, _, _| {
            Some("followers forward connector REST calls to the leader's rest.advertised.host.name, but Container Apps replicas are not individually addressable (no replica DNS, unpredictable names; in workload-profile environments replica IPs are not reachable from other replicas). The untested workaround, priced here, is one container app per worker (min = max = 1 replica) with internal ingress and rest.advertised.host.name set to the app's FQDN: prove it in a lab".into())
        },
    },
    RuntimeRule {
        id: "RT-ORCH",
        title: "Container Instances has no orchestration or rolling upgrades",
        runtimes: &[Runtime::ContainerInstances],
        effect: Effect::Risk,
        weight: 1,
        source: ACI_OVERVIEW,
        read_on: RT_READ,
        eval: |_, _, _| {
            Some("container groups have no scheduler, health-based rescheduling or rolling upgrade; Microsoft points to AKS for \"service discovery across multiple containers… coordinated application upgrades\". Each worker needs its own VNet-injected group with a private IP so REST forwarding works, and upgrades are done group by group by hand".into())
        },
    },
    RuntimeRule {
        id: "RT-RESTSEC",
        title: "The Connect REST API is unauthenticated by default and must be fenced",
        runtimes: SELF_RUN,
        effect: Effect::Disfavour,
        weight: 1,
        source: KAFKA_CONNECT_SECURITY,
        read_on: RT_READ,
        eval: |_, _, r| {
            // Whole sentences, written at compile time: this rule fires for every self-run
            // runtime of every option.
            macro_rules! fenced {
                ($fence:literal) => {
                    concat!(
                        "the REST API has no authentication by default and Kafka's security model says never to expose it to untrusted networks; fence it with ",
                        $fence
                    )
                };
            }
            Some(Cow::Borrowed(match r {
                Runtime::Aks => fenced!(
                    "a NetworkPolicy admitting only the workers and the operator, with connectors managed as KafkaConnector resources (Strimzi's REST TLS/authn request #2161 is still open)"
                ),
                Runtime::Vm => fenced!(
                    "a network security group admitting only the scale set's subnet and the admin jump host, or a rest.extension.classes authentication extension"
                ),
                Runtime::ContainerInstances => fenced!(
                    "VNet injection with no public IP and a network security group on the subnet"
                ),
                _ => fenced!(
                    "internal-only ingress in a VNet-integrated environment (never external ingress)"
                ),
            }))
        },
    },
    RuntimeRule {
        id: "RT-IDENTITY",
        title: "Managed identity to Event Hubs needs a custom OAUTHBEARER callback",
        runtimes: SELF_RUN,
        effect: Effect::Disfavour,
        weight: 1,
        source: STRIMZI_MI,
        read_on: RT_READ,
        eval: |_, o, r| {
            (o.platform == Platform::EventHubs).then(|| {
                let how = match r {
                    Runtime::Aks => "Strimzi said in 2024-12 it does not support Azure managed identity; use an operator version with `type: custom` client authentication and a callback handler on the plugin path, or fall back to a SAS connection string",
                    _ => "the workers need a custom sasl.login.callback.handler.class that fetches Entra ID tokens (IMDS on VMs, the managed-identity endpoint in containers) on the plugin path, or a SAS connection string",
                };
                format!("Entra ID (OAUTHBEARER) to {}: {how}", o.label()).into()
            })
        },
    },
    RuntimeRule {
        id: "RT-PLUGINS",
        title: "Plugins ship in an image the team builds and pushes to a registry",
        runtimes: CONTAINERS,
        effect: Effect::Disfavour,
        weight: 1,
        source: STRIMZI_REGISTRY,
        read_on: RT_READ,
        eval: |c, _, _| {
            Some(format!(
                "the {} plugin class(es) of the inventory must be baked into a worker image, built in CI and pulled from a container registry (priced as Azure Container Registry) with a managed identity; registry authentication is where Strimzi image builds most often fail",
                int(c.plugin_classes as u64)
            ).into())
        },
    },
    RuntimeRule {
        id: "RT-REBALANCE",
        title: "Fixed worker counts: autoscaling triggers rebalance storms",
        runtimes: ACA,
        effect: Effect::Disfavour,
        weight: 1,
        source: KAFKA_REBALANCE_DELAY,
        read_on: RT_READ,
        eval: |_, _, _| {
            Some("every replica added or removed by a scale rule makes the Connect group rebalance; pin min = max replicas per worker app and set scheduled.rebalance.max.delay.ms so restarts do not shuffle tasks".into())
        },
    },
    RuntimeRule {
        id: "RT-ISOLATE",
        title: "Noisy connectors get their own pools",
        runtimes: &[Runtime::Aks],
        effect: Effect::Favour,
        weight: 1,
        source: AKS_NODE_POOLS,
        read_on: RT_READ,
        eval: |c, _, _| {
            (c.isolated_connectors > 0).then(|| {
                format!(
                    "{} connector(s) are marked isolated: on AKS each isolated Connect cluster gets its own node pool (taints and node selectors) in the same cluster, without another cluster or scale set to run",
                    int(c.isolated_connectors as u64)
                ).into()
            })
        },
    },
    RuntimeRule {
        id: "RT-AKS-SHARED",
        title: "An AKS cluster the brokers already pay for",
        runtimes: &[Runtime::Aks],
        effect: Effect::Favour,
        // Two points: one platform to run, upgrade and monitor instead of two.
        weight: 2,
        source: AKS_SYSTEM_POOLS,
        read_on: RT_READ,
        eval: |_, o, _| {
            (o.platform == Platform::SelfManagedKafka && !o.variant.is_vm()).then(|| {
                format!(
                    "{} already runs an AKS cluster (control plane and system node pool): the workers add only a user node pool",
                    o.label()
                ).into()
            })
        },
    },
    RuntimeRule {
        id: "RT-MANAGED",
        title: "The team prefers managed services",
        runtimes: &[Runtime::VendorManaged],
        effect: Effect::Favour,
        weight: 1,
        source: CONFLUENT_MANAGED,
        read_on: RT_READ,
        eval: |c, o, _| {
            (c.assessment.team.prefers_managed && o.platform == Platform::KafkaCompatible).then(|| {
                "team.prefers_managed is true: the vendor runs, patches and scales the workers (billed per task-hour and per GB where the vendor publishes rates)".into()
            })
        },
    },
];
