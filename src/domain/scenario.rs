//! The serde shape of a scenario (`schema_version: 1`). Keys may be added, never renamed.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{AnalysisOptions, Assumptions, ObjectStorageProfile};

/// A questionnaire as written by a user or a file, before validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be 1.
    pub schema_version: u32,
    /// A name people recognise, e.g. "Payments CDC estate".
    pub name: String,
    /// Azure region code (`armRegionName`), e.g. `eastus`, `westeurope`.
    pub region: String,
    /// ISO 4217 currency of the estimate; must match a price catalog to be priced.
    #[serde(default = "default_currency")]
    pub currency: String,
    pub workload: Workload,
    /// The Kafka Connect connectors the estate runs.
    #[serde(default)]
    pub connectors: Vec<Connector>,
    #[serde(default)]
    pub network: Network,
    #[serde(default)]
    pub team: Team,
    #[serde(default)]
    pub options: PricingOptions,
    /// Scenario analysis: projection horizon, Monte Carlo samples and input ranges.
    #[serde(default, skip_serializing_if = "AnalysisOptions::is_default")]
    pub analysis: AnalysisOptions,
}

fn default_currency() -> String {
    "USD".to_owned()
}

/// What flows through the platform, summed over all topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Average produce rate into the platform, MB/s (as sent by producers, after compression).
    pub write_mb_per_s: f64,
    /// Peak hour ÷ average; capacity is sized for the peak. At least 1.
    #[serde(default = "default_peak_to_average")]
    pub peak_to_average: f64,
    /// Average record size in bytes.
    #[serde(default = "default_avg_record_bytes")]
    pub avg_record_bytes: u32,
    /// Largest record (or producer batch) in bytes.
    #[serde(default = "default_max_record_bytes")]
    pub max_record_bytes: u32,
    /// How many consumer groups outside Kafka Connect read each byte written (1 = each byte
    /// read once). Connect sink connectors' reads come from the inventory, on top.
    #[serde(default = "default_read_fanout")]
    pub read_fanout: f64,
    /// Retention of data topics, hours.
    #[serde(default = "default_retention_hours")]
    pub retention_hours: u32,
    /// Number of data topics (excluding Connect's internal topics and DLQs).
    pub topics: u32,
    /// Partitions across all data topics.
    pub partitions: u32,
    /// Partitions of the widest topic.
    #[serde(default)]
    pub max_partitions_per_topic: Option<u32>,
    #[serde(default)]
    pub compression: Compression,
    /// Expected change of write throughput per month, percent (negative = shrinking).
    #[serde(default)]
    pub growth_percent_per_month: f64,
}

fn default_peak_to_average() -> f64 {
    1.5
}
fn default_avg_record_bytes() -> u32 {
    1_024
}
fn default_max_record_bytes() -> u32 {
    262_144
}
fn default_read_fanout() -> f64 {
    1.0
}
fn default_retention_hours() -> u32 {
    168
}

impl Workload {
    /// Partitions of the widest topic: the stated value, or an even spread when unstated.
    pub fn widest_topic_partitions(&self) -> u32 {
        self.max_partitions_per_topic
            .unwrap_or_else(|| self.partitions.div_ceil(self.topics.max(1)))
    }

    /// Peak produce rate, MB/s.
    pub fn peak_write_mb_per_s(&self) -> f64 {
        self.write_mb_per_s * self.peak_to_average
    }
}

/// Producer compression codec required by the estate's clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Compression {
    #[default]
    #[strum(message = "None")]
    None,
    #[strum(message = "gzip")]
    Gzip,
    #[strum(message = "Snappy")]
    Snappy,
    #[strum(message = "LZ4")]
    Lz4,
    #[strum(message = "zstd")]
    Zstd,
}

/// One Kafka Connect connector of the inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Connector {
    /// Connector name, unique in the scenario.
    pub name: String,
    /// Plugin class (`connector.class`), e.g. `io.debezium.connector.sqlserver.SqlServerConnector`.
    pub class: String,
    pub direction: Direction,
    /// `tasks.max`.
    #[serde(default = "default_tasks")]
    pub tasks: u32,
    /// Average throughput of this connector, MB/s.
    #[serde(default)]
    pub mb_per_s: f64,
    /// Where the external system (database, store, SaaS) lives.
    #[serde(default)]
    pub system_location: SystemLocation,
    /// Exactly-once delivery required (KIP-618 for sources, transactional reads for sinks).
    #[serde(default)]
    pub exactly_once: bool,
    #[serde(default)]
    pub format: DataFormat,
    /// Dead-letter queue enabled (sink connectors only).
    #[serde(default)]
    pub dead_letter_queue: bool,
    /// Runs on its own worker pool, isolated from other connectors.
    #[serde(default)]
    pub isolated: bool,
    /// Topics this connector creates beyond the data topics (e.g. one per captured table).
    #[serde(default)]
    pub topics_created: u32,
}

fn default_tasks() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Direction {
    #[strum(message = "Source")]
    Source,
    #[strum(message = "Sink")]
    Sink,
}

/// Where the system a connector talks to lives, which decides the network path it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum SystemLocation {
    #[default]
    #[strum(message = "Azure VNet")]
    AzureVnet,
    #[strum(message = "Azure PaaS")]
    AzurePaas,
    #[strum(message = "On-premises")]
    OnPremises,
    #[strum(message = "Other cloud")]
    OtherCloud,
    #[strum(message = "Internet SaaS")]
    InternetSaas,
}

/// Record format on the topics (the converter in use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum DataFormat {
    #[strum(message = "Avro")]
    Avro,
    #[strum(message = "JSON Schema")]
    JsonSchema,
    #[strum(message = "Protobuf")]
    Protobuf,
    #[default]
    #[strum(message = "JSON")]
    Json,
    #[strum(message = "String")]
    String,
    #[strum(message = "Bytes")]
    Bytes,
}

/// Network topology around the platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Network {
    /// 1 (single zone) or 3 (zone-redundant).
    pub availability_zones: u8,
    /// Clients reach the platform through Private Link / private endpoints.
    pub private_link: bool,
    pub on_premises_link: OnPremisesLink,
    /// Traffic over VNet peering, GB per month.
    pub vnet_peering_gb_per_month: f64,
    /// Traffic leaving Azure to the internet, GB per month.
    pub internet_egress_gb_per_month: f64,
    /// Replication to another Azure region, GB per month.
    pub cross_region_replication_gb_per_month: f64,
    /// Where the producing and consuming applications run, relative to the platform's VNet.
    pub client_location: ClientLocation,
    /// How the team's Connect workers reach systems outside Azure's private network.
    pub egress: Egress,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            availability_zones: 3,
            private_link: false,
            on_premises_link: OnPremisesLink::None,
            vnet_peering_gb_per_month: 0.0,
            internet_egress_gb_per_month: 0.0,
            cross_region_replication_gb_per_month: 0.0,
            client_location: ClientLocation::SameVnet,
            egress: Egress::LoadBalancer,
        }
    }
}

/// The outbound path of the Connect workers the team runs (Azure retired default outbound
/// access for new VNets in 2025, so every estate needs one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Egress {
    /// Outbound rules on the Standard Load Balancer (the AKS default, `outboundType:
    /// loadBalancer`).
    #[default]
    #[strum(message = "Load balancer outbound rules")]
    LoadBalancer,
    /// Controlled egress through a NAT Gateway with a fixed public IP (SaaS allow-lists;
    /// AKS `outboundType: managedNATGateway`): no load balancer for outbound traffic.
    #[strum(message = "NAT Gateway (controlled egress)")]
    NatGateway,
}

/// Where client applications run: beside the brokers, or in another (peered) VNet such as a
/// spoke of a hub-and-spoke network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ClientLocation {
    /// In the VNet the platform runs in: no peering or endpoint charges.
    #[default]
    #[strum(message = "In the platform's VNet")]
    SameVnet,
    /// In another VNet: brokers in the team's VNet are reached over VNet peering; Event Hubs
    /// through its public endpoint, or private endpoints when `private_link` is set.
    #[strum(message = "In another (peered) VNet")]
    OtherVnet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum OnPremisesLink {
    #[default]
    #[strum(message = "None")]
    None,
    #[strum(message = "Site-to-site VPN")]
    Vpn,
    #[strum(message = "ExpressRoute")]
    Expressroute,
}

/// The team that will run it, and what it needs from the platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Team {
    pub operates_kafka_today: bool,
    pub ops_maturity: OpsMaturity,
    pub prefers_managed: bool,
    pub needs_kafka_streams: bool,
    /// A support contract must cover Connect together with the broker.
    pub needs_vendor_support_for_connect: bool,
    /// Topic/ACL/config automation through the Kafka AdminClient API.
    pub needs_admin_api: bool,
    /// Required p99 produce latency bound, ms; absent when there is none.
    pub max_write_latency_ms: Option<u32>,
    // The keys below were added with decision engine v2; they are left out when at their
    // default so that scenarios written before them serialise (and hash) exactly as before.
    /// A standby in a second region must take over after a regional outage (the cost model
    /// prices the standby from this same field).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cross_region_dr: bool,
    /// Required availability of the platform, percent (e.g. 99.95); absent when none is stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_sla_percent: Option<f64>,
    /// Preview features are unacceptable: only generally available, supported features count.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub production_support_only: bool,
    /// The schema registry the converters use, when records carry Avro, Protobuf or JSON Schema.
    #[serde(skip_serializing_if = "SchemaRegistry::is_none")]
    pub schema_registry: SchemaRegistry,
}

impl Default for Team {
    fn default() -> Self {
        Self {
            operates_kafka_today: false,
            ops_maturity: OpsMaturity::Medium,
            prefers_managed: true,
            needs_kafka_streams: false,
            needs_vendor_support_for_connect: false,
            needs_admin_api: false,
            max_write_latency_ms: None,
            cross_region_dr: false,
            availability_sla_percent: None,
            production_support_only: false,
            schema_registry: SchemaRegistry::None,
        }
    }
}

/// Which schema registry the estate's converters talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum SchemaRegistry {
    /// None chosen yet (or none needed: JSON, string or bytes records).
    #[default]
    #[strum(message = "None chosen")]
    None,
    /// Azure Schema Registry in the Event Hubs namespace (Microsoft's converter).
    #[strum(message = "Azure Schema Registry")]
    Azure,
    /// A Confluent-compatible registry (Confluent's converters), run or bought separately.
    #[strum(message = "Confluent-compatible registry")]
    ConfluentCompatible,
}

impl SchemaRegistry {
    /// True for the default (none chosen), which is left out when serialising.
    pub fn is_none(&self) -> bool {
        *self == Self::None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum OpsMaturity {
    #[strum(message = "Low")]
    Low,
    #[default]
    #[strum(message = "Medium")]
    Medium,
    #[strum(message = "High")]
    High,
}

/// True when `profiles` names every object-storage profile (in any order), which is what an
/// absent `options.object_storage_profiles` means.
fn names_every_profile(profiles: &[ObjectStorageProfile]) -> bool {
    ObjectStorageProfile::ALL
        .iter()
        .all(|p| profiles.contains(p))
}

/// How the estate is bought and run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PricingOptions {
    pub commitment: Commitment,
    /// Private negotiated discount on list prices, percent (0–90).
    #[schemars(with = "f64")]
    #[serde(with = "rust_decimal::serde::float")]
    pub discount_percent: Decimal,
    /// Where the Connect workers (and self-managed brokers) run.
    pub connect_runtime: ConnectRuntime,
    /// Enable Event Hubs Capture (archive to Blob/ADLS).
    pub event_hubs_capture: bool,
    /// Operations people cost, shown as its own section.
    pub people: PeopleCost,
    /// Sizing assumptions; every one has a documented default and can be overridden.
    pub assumptions: Assumptions,
    /// The Kafka-compatible vendor profiles compared, by wire name (`warpstream`, `automq`,
    /// `automq_open_source`, `redpanda`). Absent means all four (what every scenario compared
    /// before the key existed); an empty list compares no Kafka-compatible option. Left out
    /// when written if it names all four, so scenarios that compare every profile (all saved
    /// before the key existed) keep their exact JSON and the hashes taken of it.
    #[serde(skip_serializing_if = "names_every_profile")]
    pub object_storage_profiles: Vec<ObjectStorageProfile>,
}

impl Default for PricingOptions {
    fn default() -> Self {
        Self {
            commitment: Commitment::PayAsYouGo,
            discount_percent: Decimal::ZERO,
            connect_runtime: ConnectRuntime::Aks,
            event_hubs_capture: false,
            people: PeopleCost::default(),
            assumptions: Assumptions::default(),
            object_storage_profiles: ObjectStorageProfile::ALL.to_vec(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Commitment {
    #[default]
    #[strum(message = "Pay as you go")]
    PayAsYouGo,
    #[serde(rename = "reserved_1y")]
    #[strum(serialize = "reserved_1y")]
    #[strum(message = "Reserved, 1 year")]
    Reserved1y,
    #[serde(rename = "reserved_3y")]
    #[strum(serialize = "reserved_3y")]
    #[strum(message = "Reserved, 3 years")]
    Reserved3y,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ConnectRuntime {
    /// AKS. Also what a stored scenario without the key meant before the runtime became its
    /// own axis, so it stays the serde default (new assessments are offered `auto` instead).
    #[default]
    #[strum(message = "AKS (Kubernetes)")]
    Aks,
    /// Virtual machines (a VM scale set).
    #[strum(message = "Virtual machines (scale set)")]
    Vm,
    // Added with the Connect-runtime axis (issue 13): the Connect runtime is decided per
    // endpoint option; self-managed brokers still run on AKS for every value but `vm`.
    /// Azure Container Apps: the cheaper of a dedicated workload profile and, where a worker
    /// fits its 4 vCPU / 8 GiB replica cap, the consumption profile.
    #[strum(message = "Azure Container Apps")]
    ContainerApps,
    /// Azure Container Instances (VNet-injected container groups).
    #[strum(message = "Azure Container Instances")]
    ContainerInstances,
    /// The platform vendor's managed Connect (only with that vendor's own Kafka).
    #[strum(message = "The Kafka vendor's managed Connect")]
    VendorManaged,
    /// Let the advisor choose per option: the cheapest runtime with the best verdict.
    #[strum(message = "Let the advisor choose per option")]
    Auto,
}

impl ConnectRuntime {
    /// True when self-managed brokers run on VMs (else on AKS).
    pub fn brokers_on_vms(self) -> bool {
        self == Self::Vm
    }
}

/// Operations effort per option, in full-time equivalents, at a loaded cost the user sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PeopleCost {
    /// Fully loaded cost of one operations FTE per year, in the scenario currency (0 = leave people out).
    #[schemars(with = "f64")]
    #[serde(with = "rust_decimal::serde::float")]
    pub loaded_cost_per_fte_year: Decimal,
    /// FTEs to run Connect on Event Hubs (workers only).
    pub fte_event_hubs: f64,
    /// FTEs to run self-managed Kafka plus Connect.
    pub fte_self_managed_kafka: f64,
    /// FTEs to run the object-storage Kafka platform plus Connect.
    pub fte_kafka_compatible: f64,
}

impl Default for PeopleCost {
    fn default() -> Self {
        Self {
            loaded_cost_per_fte_year: Decimal::ZERO,
            fte_event_hubs: 0.25,
            fte_self_managed_kafka: 1.0,
            fte_kafka_compatible: 0.5,
        }
    }
}
