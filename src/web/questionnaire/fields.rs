//! The questionnaire's field definitions: labels, help, units, input kinds and choices, section
//! by section. State (what the inputs hold) is in `state.rs`, drawing in `render.rs`.
//!
//! The form speaks the same field paths as the JSON API (`workload.write_mb_per_s`,
//! `connectors[2].tasks`), so one validator produces errors for both and a form error sits
//! next to the input it names. Allowed ranges are the validator's (`domain::validate`): the
//! form quotes them from there rather than keeping a second copy that could drift.

use crate::web::price_books::complete_catalogs;
use strum::VariantArray;

use crate::domain::{
    ClientLocation, Commitment, Compression, ConnectRuntime, DataFormat, Direction, Egress,
    KNOWN_REGIONS, Labelled, Named, OnPremisesLink, OpsMaturity, SchemaRegistry, SystemLocation,
};

/// How an input is rendered and how its posted string is read.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text; an empty optional text leaves the key out (its default applies).
    Text {
        required: bool,
    },
    /// A decimal number; `required` fields may not be left empty.
    Number {
        required: bool,
    },
    /// A whole number; `required` fields may not be left empty.
    Integer {
        required: bool,
    },
    /// A whole number where empty means "none" (JSON null).
    OptionalInteger,
    /// A 64-bit whole number (e.g. a random seed); empty keeps the default.
    BigInteger,
    Checkbox,
    /// A closed set: (posted value, label) pairs, for an enum its [`Labelled::choices`].
    Select(fn() -> Vec<(&'static str, &'static str)>),
    /// Any number of choices (value, label, what the choice is), ticked independently; held
    /// as the ticked values joined with commas, written as a JSON list of them.
    CheckboxGroup(&'static [(&'static str, &'static str, &'static str)]),
    /// A select over Azure regions.
    Region,
}

/// One questionnaire input.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub path: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: Kind,
    pub unit: &'static str,
}

/// A group of inputs shown as one fieldset.
pub struct SectionSpec {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub fields: &'static [FieldSpec],
    /// Shown collapsed (advanced settings).
    pub collapsed: bool,
}

const fn f(
    path: &'static str,
    label: &'static str,
    kind: Kind,
    unit: &'static str,
    help: &'static str,
) -> FieldSpec {
    FieldSpec {
        path,
        label,
        help,
        kind,
        unit,
    }
}

const TEXT: Kind = Kind::Text { required: false };
const TEXT_REQ: Kind = Kind::Text { required: true };
const NUM: Kind = Kind::Number { required: false };
const NUM_REQ: Kind = Kind::Number { required: true };
const INT: Kind = Kind::Integer { required: false };
const INT_REQ: Kind = Kind::Integer { required: true };

/// The Kafka-compatible vendor profiles (`ObjectStorageProfile` wire names), what each is and
/// how the report prices it (`shared/reference/connect-runtime-and-platforms.md` §2).
pub const OBJECT_STORAGE_PROFILES: &[(&str, &str, &str)] = &[
    (
        "warpstream",
        "WarpStream BYOC",
        "Stateless agents on your VMs writing straight to Blob (azblob). Priced as the agents' VMs, Blob storage and operations, plus WarpStream's bill: cluster-minutes and uncompressed GiB written and stored (third-party transcription of its list prices).",
    ),
    (
        "automq",
        "AutoMQ BYOC",
        "AutoMQ's commercial build: stateless brokers with a zone-redundant disk write-ahead log, data in Blob. Priced as brokers, KRaft controllers, WAL disks and Blob, plus the prepaid AKU licence you enter (the AutoMQ BYOC licence input); unpriced until you do.",
    ),
    (
        "automq_open_source",
        "AutoMQ open source",
        "The Apache-2.0 build: its code stores data only through an S3 API, so it cannot use Blob. Shown, disqualified, so the report says why.",
    ),
    (
        "redpanda",
        "Redpanda BYOC",
        "Replicated brokers on local disks with tiered storage to Blob (Azure: BYOC tiers 1 to 5, up to 400 MB/s in). Priced as brokers, disks and Blob, plus the subscription you enter (the Redpanda BYOC subscription input); unpriced until you do.",
    ),
];
const ZONES: &[(&str, &str)] = &[("3", "3 zones (zone-redundant)"), ("1", "1 zone")];

/// The Connect runtime select offers "let the advisor choose" first (what new assessments
/// get); the fixed runtimes follow in declaration order.
fn runtime_choices() -> Vec<(&'static str, &'static str)> {
    let auto = ConnectRuntime::Auto;
    std::iter::once(auto)
        .chain(
            ConnectRuntime::VARIANTS
                .iter()
                .copied()
                .filter(|r| *r != auto),
        )
        .map(|r| (r.key(), r.label()))
        .collect()
}

/// Every currency the validator accepts, so editing never silently changes a stored one.
const CURRENCY: &[(&str, &str)] = &[
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("JPY", "JPY"),
    ("AUD", "AUD"),
    ("CAD", "CAD"),
    ("INR", "INR"),
    ("BRL", "BRL"),
    ("KRW", "KRW"),
    ("NZD", "NZD"),
];

/// The questionnaire, section by section (connectors are a table of their own).
pub const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        id: "context",
        title: "Context",
        intro: "What this assessment is called and where it runs. The region selects the price catalog.",
        collapsed: false,
        fields: &[
            f(
                "name",
                "Assessment name",
                TEXT_REQ,
                "",
                "A name your team recognises, e.g. \"Payments CDC estate\". Shown in the list and on reports.",
            ),
            f(
                "region",
                "Azure region",
                Kind::Region,
                "",
                "Where the platform and Connect workers run. Prices come from the catalog of this region; each choice says in which currencies its catalog prices every line. Elsewhere lines are flagged as unpriced (an operator adds the prices with `connect-advisor pricing refresh`).",
            ),
            f(
                "currency",
                "Currency",
                Kind::Select(|| CURRENCY.to_vec()),
                "",
                "Currency of the estimate, as the Azure Retail Prices API prices it (never converted). The embedded catalogs are in USD; other currencies need a refreshed catalog.",
            ),
        ],
    },
    SectionSpec {
        id: "workload",
        title: "Workload",
        intro: "Traffic summed over all data topics. These figures size throughput units, brokers, disks and storage.",
        collapsed: false,
        fields: &[
            f(
                "workload.write_mb_per_s",
                "Average write throughput",
                NUM_REQ,
                "MB/s",
                "Average produce rate into the platform, as sent by producers (after compression). Sizes throughput units, brokers and storage.",
            ),
            f(
                "workload.peak_to_average",
                "Peak-to-average ratio",
                NUM,
                "×",
                "Peak hour divided by the average (at least 1). Capacity is sized for the peak; storage for the average.",
            ),
            f(
                "workload.avg_record_bytes",
                "Average record size",
                INT,
                "bytes",
                "Turns MB/s into events/s: Event Hubs counts ingress events and caps a throughput unit at 1,000 events/s.",
            ),
            f(
                "workload.max_record_bytes",
                "Largest record or batch",
                INT,
                "bytes",
                "Event Hubs rejects publications above 1 MB; records above 64 KB are billed as several events.",
            ),
            f(
                "workload.read_fanout",
                "Read fan-out",
                NUM,
                "consumer groups",
                "How many consumer groups outside Kafka Connect (applications, stream processors) read each byte written. Connect sink connectors are counted from the inventory on top. Drives egress capacity (Event Hubs units, brokers) and cross-zone traffic.",
            ),
            f(
                "workload.retention_hours",
                "Retention",
                INT,
                "hours",
                "How long data topics keep records. Event Hubs Standard allows 168 h, Premium and Dedicated 2,160 h; disks and Blob capacity scale with it.",
            ),
            f(
                "workload.topics",
                "Data topics",
                INT_REQ,
                "topics",
                "Topics your applications and connectors use, excluding Connect's internal topics and DLQs (those are added for you).",
            ),
            f(
                "workload.partitions",
                "Partitions (all data topics)",
                INT_REQ,
                "partitions",
                "Total partitions across data topics; must be at least the number of topics. Counts against per-PU/CU partition budgets.",
            ),
            f(
                "workload.max_partitions_per_topic",
                "Partitions of the widest topic",
                Kind::OptionalInteger,
                "partitions",
                "Leave empty for an even spread. Event Hubs allows 32 per topic on Standard, 100 on Premium, 1,024 on Dedicated.",
            ),
            f(
                "workload.compression",
                "Producer compression",
                Kind::Select(Compression::choices),
                "",
                "Codec your producers must use. Event Hubs supports none on Standard and gzip only on Premium/Dedicated.",
            ),
            f(
                "workload.growth_percent_per_month",
                "Growth per month",
                NUM,
                "%",
                "Expected monthly change of write throughput, used for the planning-horizon projection.",
            ),
        ],
    },
    SectionSpec {
        id: "network",
        title: "Network topology",
        intro: "How traffic reaches the platform and leaves it. Azure does not charge between availability zones; peering, Private Link and egress are priced.",
        collapsed: false,
        fields: &[
            f(
                "network.availability_zones",
                "Availability zones",
                Kind::Select(|| ZONES.to_vec()),
                "",
                "Zone-redundant deployments need at least 3 brokers and 3 Connect workers, one per zone.",
            ),
            f(
                "network.private_link",
                "Private Link",
                Kind::Checkbox,
                "",
                "Clients reach the platform through private endpoints (hourly fee plus per-GB processing).",
            ),
            f(
                "network.on_premises_link",
                "On-premises link",
                Kind::Select(OnPremisesLink::choices),
                "",
                "How connectors reach on-premises systems. On-premises sources without a link are flagged.",
            ),
            f(
                "network.client_location",
                "Where clients run",
                Kind::Select(ClientLocation::choices),
                "",
                "Clients in another VNet reach self-managed or object-storage brokers over VNet peering (billed both ways on their traffic); Event Hubs through its endpoint.",
            ),
            f(
                "network.egress",
                "Connect workers' outbound path",
                Kind::Select(Egress::choices),
                "",
                "How the workers you run reach SaaS and other clouds. A NAT Gateway gives a fixed public IP for allow-lists (controlled egress) and replaces the load balancer's outbound rules: gateway hours, its IP and $/GB processed.",
            ),
            f(
                "network.vnet_peering_gb_per_month",
                "VNet peering traffic",
                NUM,
                "GB/month",
                "Traffic crossing VNet peering (billed inbound and outbound).",
            ),
            f(
                "network.internet_egress_gb_per_month",
                "Internet egress",
                NUM,
                "GB/month",
                "Data leaving Azure, e.g. to SaaS sinks. The first 100 GB per month are free.",
            ),
            f(
                "network.cross_region_replication_gb_per_month",
                "Cross-region replication",
                NUM,
                "GB/month",
                "Data copied to another Azure region (e.g. MirrorMaker 2 for disaster recovery).",
            ),
        ],
    },
    SectionSpec {
        id: "team",
        title: "Team and operating model",
        intro: "Who runs the platform and what it must support. These answers weigh managed against self-run options.",
        collapsed: false,
        fields: &[
            f(
                "team.operates_kafka_today",
                "Runs Kafka today",
                Kind::Checkbox,
                "",
                "The team already operates Apache Kafka in production.",
            ),
            f(
                "team.ops_maturity",
                "Operations maturity",
                Kind::Select(OpsMaturity::choices),
                "",
                "On-call, automation and Kubernetes skills. Low maturity favours managed platforms.",
            ),
            f(
                "team.prefers_managed",
                "Prefers managed services",
                Kind::Checkbox,
                "",
                "The organisation prefers a managed service where it is viable (also favours a vendor's managed Connect where the vendor's own Kafka is the endpoint).",
            ),
            f(
                "team.needs_kafka_streams",
                "Needs Kafka Streams",
                Kind::Checkbox,
                "",
                "Applications use Kafka Streams (not supported on Event Hubs Standard; preview on Premium/Dedicated).",
            ),
            f(
                "team.needs_vendor_support_for_connect",
                "Needs vendor support for Connect",
                Kind::Checkbox,
                "",
                "A support contract must cover Connect with the broker. Connect on Event Hubs is not eligible for Microsoft support.",
            ),
            f(
                "team.needs_admin_api",
                "Needs the Kafka Admin API",
                Kind::Checkbox,
                "",
                "Topic, ACL or config automation through AdminClient (e.g. GitOps, MirrorMaker 2 config sync). Event Hubs manages topics through ARM instead.",
            ),
            f(
                "team.max_write_latency_ms",
                "Write latency bound (p99)",
                Kind::OptionalInteger,
                "ms",
                "Leave empty if there is none. Object-storage platforms writing straight to Blob add hundreds of milliseconds.",
            ),
            f(
                "team.cross_region_dr",
                "Cross-region disaster recovery",
                Kind::Checkbox,
                "",
                "A standby in a second region must take over after a regional outage. Event Hubs Standard's Geo-DR copies metadata only, so Connect's configs and offsets are lost at failover; Premium/Dedicated geo-replication copies data and offsets. The standby is priced.",
            ),
            f(
                "team.availability_sla_percent",
                "Required availability",
                NUM,
                "%",
                "Leave empty if none is stated, e.g. 99.95. Between 90 and 99.999. Compared with each tier's SLA (Standard 99.95 %, Premium and Dedicated 99.99 %); self-run brokers have none.",
            ),
            f(
                "team.production_support_only",
                "Generally available features only",
                Kind::Checkbox,
                "",
                "Preview features (Event Hubs transactions, Kafka Streams, Dedicated's 20 MB messages) are unacceptable: options that need them are ruled out instead of carrying a risk.",
            ),
            f(
                "team.schema_registry",
                "Schema registry",
                Kind::Select(SchemaRegistry::choices),
                "",
                "The registry your Avro, Protobuf or JSON Schema converters use. Azure Schema Registry needs Microsoft's converter (Avro) and holds 1 schema group and 25 versions on Standard; Confluent's converters need a Confluent-compatible registry.",
            ),
        ],
    },
    SectionSpec {
        id: "pricing",
        title: "Pricing options",
        intro: "How the estate is bought and where Connect runs.",
        collapsed: false,
        fields: &[
            f(
                "options.commitment",
                "Commitment",
                Kind::Select(Commitment::choices),
                "",
                "Reserved instances lower VM prices where the catalog has a reservation price.",
            ),
            f(
                "options.discount_percent",
                "Negotiated discount",
                NUM,
                "%",
                "Your private EA/MCA discount on list prices, applied to every line. Stays on this server.",
            ),
            f(
                "options.connect_runtime",
                "Connect runtime",
                Kind::Select(runtime_choices),
                "",
                "Where the Connect workers run. \"Let the advisor choose\" judges AKS, a VM scale set, Container Apps, Container Instances and the vendor's managed Connect for every option and prices the best. A fixed choice is honoured where it can serve the option (a vendor's managed Connect never runs against Event Hubs). Self-managed brokers run on VMs only with \"Virtual machines\", else on AKS.",
            ),
            f(
                "options.object_storage_profiles",
                "Kafka-compatible platforms to compare",
                Kind::CheckboxGroup(OBJECT_STORAGE_PROFILES),
                "",
                "Which vendors' Kafka-compatible platforms on Azure Blob the report compares, each as an option of its own beside Event Hubs and self-managed Kafka. An unticked profile is left out of the whole report (costs, ranking, charts, exports). Tick none to compare no Kafka-compatible platform.",
            ),
            f(
                "options.event_hubs_capture",
                "Event Hubs Capture",
                Kind::Checkbox,
                "",
                "Archive events to Blob/ADLS with Capture (billed per TU on Standard, included on Premium/Dedicated).",
            ),
            f(
                "options.people.loaded_cost_per_fte_year",
                "Loaded cost per operations FTE",
                NUM,
                "per year",
                "Fully loaded yearly cost of one engineer. 0 leaves people out; the people section is shown apart from infrastructure.",
            ),
            f(
                "options.people.fte_event_hubs",
                "FTE: Event Hubs",
                NUM,
                "FTE",
                "Effort to run Connect workers against Event Hubs.",
            ),
            f(
                "options.people.fte_self_managed_kafka",
                "FTE: self-managed Kafka",
                NUM,
                "FTE",
                "Effort to run Kafka brokers, controllers and Connect.",
            ),
            f(
                "options.people.fte_kafka_compatible",
                "FTE: object-storage platform",
                NUM,
                "FTE",
                "Effort to run the object-storage Kafka platform and Connect.",
            ),
        ],
    },
    SectionSpec {
        id: "assumptions",
        title: "Sizing assumptions",
        intro: "Documented defaults; change them only with evidence (a load test, a vendor quote). Every report prints the values it used.",
        collapsed: true,
        fields: &[
            f(
                "options.assumptions.mb_per_s_per_task",
                "Throughput per Connect task",
                NUM,
                "MB/s",
                "Default 1.5 (rule of thumb 1–2 MB/s per task; calibrate by load test).",
            ),
            f(
                "options.assumptions.tasks_per_worker",
                "Tasks per Connect worker",
                INT,
                "tasks",
                "Default 4 (about 1 vCPU + 4 GiB per task on a 4 vCPU worker).",
            ),
            f(
                "options.assumptions.worker_vm_size",
                "Connect worker VM size",
                TEXT,
                "",
                "Default D4s_v5.",
            ),
            f(
                "options.assumptions.broker_vm_size",
                "Kafka broker VM size",
                TEXT,
                "",
                "Default D8s_v5.",
            ),
            f(
                "options.assumptions.broker_mb_per_s_per_vcpu",
                "Write-equivalent MB/s per broker vCPU",
                NUM,
                "MB/s",
                "Brokers are sized by Google Cloud's write-equivalent method: produce × replicas + (consume + replication fetches) ÷ 4. Default 20 MB/s per vCPU.",
            ),
            f(
                "options.assumptions.broker_target_cpu_percent",
                "Target broker CPU",
                NUM,
                "%",
                "Average utilisation the brokers are sized for; the peak may reach 100%. Default 50.",
            ),
            f(
                "options.assumptions.max_partition_replicas_per_broker",
                "Partition replicas per broker",
                INT,
                "replicas",
                "Default 2,000 (guidance for 2–8 vCPU brokers).",
            ),
            f(
                "options.assumptions.replication_factor",
                "Replication factor",
                INT,
                "",
                "Default 3.",
            ),
            f(
                "options.assumptions.disk_headroom_percent",
                "Disk headroom",
                NUM,
                "%",
                "Free space kept above retained data. Default 30.",
            ),
            f(
                "options.assumptions.max_disk_gib_per_broker",
                "Largest disk per broker",
                INT,
                "GiB",
                "More data adds brokers. Default 8,192 (production guides run 8–16 TB per broker).",
            ),
            f(
                "options.assumptions.kraft_controllers",
                "KRaft controllers",
                INT,
                "",
                "1, 3 or 5. Default 3.",
            ),
            f(
                "options.assumptions.controller_vm_size",
                "KRaft controller VM size",
                TEXT,
                "",
                "Default D4s_v5.",
            ),
            f(
                "options.assumptions.fetch_from_follower",
                "Fetch from follower",
                Kind::Checkbox,
                "",
                "Consumers read from a replica in their own zone (KIP-392).",
            ),
            f(
                "options.assumptions.premium_pu_ingress_mb_per_s",
                "Ingress per Premium PU",
                NUM,
                "MB/s",
                "Likely value; egress is taken as twice it. Microsoft gives ~5–10 MB/s in and 10–20 MB/s out per PU. Default 5.",
            ),
            f(
                "options.assumptions.dedicated_cu_ingress_mb_per_s",
                "Ingress per Dedicated CU",
                NUM,
                "MB/s",
                "Likely value; egress is taken as twice it. Default 100 (Microsoft benchmark: 4 CU, 400 MB/s in, 800 MB/s out).",
            ),
            f(
                "options.assumptions.bill_kafka_endpoint_meter",
                "Bill the Kafka endpoint meter",
                Kind::Checkbox,
                "",
                "Whether the unverified \"Standard Kafka Endpoint\" meter is charged.",
            ),
            f(
                "options.assumptions.object_storage_broker_write_mb_per_s",
                "Write capacity per object-storage broker",
                NUM,
                "MB/s",
                "Default 60.",
            ),
            f(
                "options.assumptions.object_storage_object_mb",
                "Blob object size",
                NUM,
                "MB",
                "Size of objects written to Blob; sets PUT operations. Default 8.",
            ),
            f(
                "options.assumptions.object_storage_wal_gib",
                "WAL disk per broker",
                INT,
                "GiB",
                "Default 10.",
            ),
            f(
                "options.assumptions.object_storage_subscription_per_month",
                "AutoMQ BYOC licence",
                NUM,
                "per month",
                "Used when AutoMQ BYOC is among the Kafka-compatible platforms compared. AutoMQ sells BYOC on Azure as a prepaid AKU licence with no public price: enter its monthly amount from your quote. 0 leaves the AutoMQ BYOC licence line unpriced (its total is then incomplete).",
            ),
            f(
                "options.assumptions.redpanda_byoc_per_month",
                "Redpanda BYOC subscription",
                NUM,
                "per month",
                "Redpanda quotes BYOC by usage tier (Azure: tiers 1–5, up to 400 MB/s ingress). Empty: the Redpanda BYOC subscription line is unpriced.",
            ),
            f(
                "options.assumptions.uncompressed_ratio",
                "Compression ratio (uncompressed ÷ written)",
                NUM,
                "×",
                "WarpStream bills uncompressed GiB written and stored; your write rate is after compression. Default 1 (no compression): measure yours as uncompressed ÷ compressed bytes of a sample batch.",
            ),
            f(
                "options.assumptions.object_storage_blob_read_percent",
                "Reads served from Blob",
                NUM,
                "%",
                "Share of consumer reads the object-storage platform fetches from Blob (the rest from broker cache). Default 100, an upper bound.",
            ),
            f(
                "options.assumptions.tiered_local_retention_hours",
                "Tiered storage: local retention",
                INT,
                "hours",
                "Self-managed Kafka with tiered storage keeps this much on broker disks; everything lives in Blob. Default 24.",
            ),
            f(
                "options.assumptions.tiered_remote_read_percent",
                "Tiered storage: reads from Blob",
                NUM,
                "%",
                "Share of consumer reads older than the local retention (catch-up, replays). Default 10.",
            ),
            f(
                "options.assumptions.tiered_block_mib",
                "Tiered storage: Blob block size",
                NUM,
                "MiB",
                "Upload and read block of the tiered-storage plugin; sets Blob operations. Default 5 (Aiven's plugin).",
            ),
            f(
                "options.assumptions.inter_zone_price_per_gb",
                "Inter-zone transfer price",
                NUM,
                "per GB each way",
                "Empty: the catalog's rate (Azure charges nothing between availability zones today). Set e.g. 0.01 to see an AWS-like charge.",
            ),
            f(
                "options.assumptions.monitoring_gb_per_node_month",
                "Monitoring data per node",
                NUM,
                "GB/month",
                "Log Analytics ingestion per VM or AKS node. Default 2 (our estimate; low confidence).",
            ),
            f(
                "options.assumptions.key_vault_reads_per_worker_month",
                "Key Vault reads per worker",
                NUM,
                "reads/month",
                "Secret reads per Connect worker you run (config providers at start, rebalance and rotation). Default 1,000 (our estimate; swung 100–10,000 in the sensitivity ranking).",
            ),
            f(
                "options.assumptions.aks_system_nodes",
                "AKS system nodes",
                INT,
                "nodes",
                "System node pool of every AKS cluster. Default 3 (Microsoft's production recommendation).",
            ),
            f(
                "options.assumptions.aks_system_node_vm_size",
                "AKS system node VM size",
                TEXT,
                "",
                "Default D4s_v5.",
            ),
            f(
                "options.assumptions.managed_connect_per_task_hour",
                "Managed Connect price per task-hour",
                NUM,
                "per task-hour",
                "From your vendor's quote (Confluent bills connector tasks per hour). Empty: the vendor-managed runtime is shown unpriced.",
            ),
            f(
                "options.assumptions.managed_connect_per_gb",
                "Managed Connect price per GB",
                NUM,
                "per GB",
                "From your vendor's quote (per GB read or written by connectors). Empty: that line is unpriced.",
            ),
        ],
    },
    SectionSpec {
        id: "analysis",
        title: "Scenario analysis",
        intro: "Ranges for the Monte Carlo, the planning horizon and the random seed. Empty bounds use the defaults shown in the report.",
        collapsed: true,
        fields: &[
            f(
                "analysis.horizon_months",
                "Planning horizon",
                INT,
                "months",
                "How far the month-by-month projection runs under the growth rate. Default 36.",
            ),
            f(
                "analysis.samples",
                "Monte Carlo samples",
                INT,
                "samples",
                "Draws over the ranges below. Default 10,000.",
            ),
            f(
                "analysis.seed",
                "Random seed",
                Kind::BigInteger,
                "",
                "The same seed always gives the same ranges, so a report can be reproduced.",
            ),
            f(
                "analysis.write_mb_per_s.low",
                "Write throughput, low",
                NUM,
                "MB/s",
                "Lowest plausible average write rate. Default 0.7 × the stated rate.",
            ),
            f(
                "analysis.write_mb_per_s.high",
                "Write throughput, high",
                NUM,
                "MB/s",
                "Highest plausible average write rate. Default 1.5 × the stated rate.",
            ),
            f(
                "analysis.read_fanout.low",
                "Read fan-out, low",
                NUM,
                "consumer groups",
                "Default: one group fewer than stated (at least 0).",
            ),
            f(
                "analysis.read_fanout.high",
                "Read fan-out, high",
                NUM,
                "consumer groups",
                "Default: one group more than stated.",
            ),
            f(
                "analysis.retention_hours.low",
                "Retention, low",
                NUM,
                "hours",
                "Default: half the stated retention.",
            ),
            f(
                "analysis.retention_hours.high",
                "Retention, high",
                NUM,
                "hours",
                "Default: twice the stated retention.",
            ),
            f(
                "analysis.premium_pu_ingress_mb_per_s.low",
                "Ingress per Premium PU, low",
                NUM,
                "MB/s",
                "Default 5 (Microsoft's range is ~5–10 MB/s per PU).",
            ),
            f(
                "analysis.premium_pu_ingress_mb_per_s.high",
                "Ingress per Premium PU, high",
                NUM,
                "MB/s",
                "Default 10.",
            ),
            f(
                "analysis.dedicated_cu_ingress_mb_per_s.low",
                "Ingress per Dedicated CU, low",
                NUM,
                "MB/s",
                "Default: the likely value (nothing lower is measured).",
            ),
            f(
                "analysis.dedicated_cu_ingress_mb_per_s.high",
                "Ingress per Dedicated CU, high",
                NUM,
                "MB/s",
                "Default 2.6× the likely value (Microsoft's 32 KB benchmark).",
            ),
        ],
    },
];

/// Columns of the connector inventory table.
pub const CONNECTOR_COLUMNS: &[FieldSpec] = &[
    f("name", "Name", TEXT_REQ, "", "Unique connector name."),
    f(
        "class",
        "Plugin class",
        TEXT_REQ,
        "",
        "connector.class, e.g. io.debezium.connector.sqlserver.SqlServerConnector. Unknown classes are accepted and flagged for lab validation.",
    ),
    f(
        "direction",
        "Direction",
        Kind::Select(Direction::choices),
        "",
        "Source writes into Kafka; sink reads from it.",
    ),
    f(
        "tasks",
        "Tasks",
        Kind::Integer { required: false },
        "",
        "tasks.max (Debezium runs 1).",
    ),
    f(
        "mb_per_s",
        "MB/s",
        Kind::Number { required: false },
        "",
        "Average throughput of this connector.",
    ),
    f(
        "system_location",
        "System lives in",
        Kind::Select(SystemLocation::choices),
        "",
        "Where the database, store or SaaS it talks to lives.",
    ),
    f(
        "format",
        "Format",
        Kind::Select(DataFormat::choices),
        "",
        "Record format (converter).",
    ),
    f(
        "exactly_once",
        "Exactly-once",
        Kind::Checkbox,
        "",
        "Needs exactly-once delivery (transactions).",
    ),
    f(
        "dead_letter_queue",
        "DLQ",
        Kind::Checkbox,
        "",
        "Dead-letter queue (sinks only); adds a topic.",
    ),
    f(
        "isolated",
        "Isolated",
        Kind::Checkbox,
        "",
        "Runs on its own worker pool.",
    ),
    f(
        "topics_created",
        "Topics created",
        Kind::Integer { required: false },
        "",
        "Topics the connector creates, e.g. one per captured table.",
    ),
];

/// Region choices for the select, in catalog order.
pub fn region_options() -> impl Iterator<Item = (&'static str, &'static str)> {
    KNOWN_REGIONS.iter().copied()
}

/// A region choice's label, saying in which currencies its catalog is complete.
pub fn region_label(code: &str, name: &str) -> String {
    let currencies: Vec<String> = complete_catalogs()
        .into_iter()
        .filter(|(r, _)| r == code)
        .map(|(_, c)| c)
        .collect();
    if currencies.is_empty() {
        format!("{name} ({code}) — no complete price catalog")
    } else {
        format!("{name} ({code}) — priced in {}", currencies.join(", "))
    }
}

/// A currency choice's label, saying how many regions have a complete catalog in it.
pub fn currency_label(code: &str) -> String {
    let n = complete_catalogs()
        .iter()
        .filter(|(_, c)| c == code)
        .count();
    match n {
        0 => format!("{code} — no complete price catalog"),
        1 => format!("{code} — complete catalog in 1 region"),
        n => format!("{code} — complete catalogs in {n} regions"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_currency_is_a_choice() {
        for c in crate::domain::CURRENCIES {
            assert!(
                CURRENCY.iter().any(|(v, _)| v == c),
                "{c} missing from the form"
            );
        }
        assert_eq!(CURRENCY.len(), crate::domain::CURRENCIES.len());
    }
}
