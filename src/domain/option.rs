//! The platform options every assessment is evaluated against.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ConnectRuntime;

/// A way to run the Kafka side of the estate. Connect workers are always the team's own.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Azure Event Hubs through its Kafka endpoint.
    EventHubs,
    /// Apache Kafka the team runs on AKS or VMs.
    SelfManagedKafka,
    /// A Kafka-compatible platform that keeps data in object storage (AutoMQ-style).
    KafkaCompatible,
}

/// The tier or flavour of a platform.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    Standard,
    Premium,
    Dedicated,
    Aks,
    Vm,
    /// Self-managed Kafka on AKS with tiered storage (KIP-405) to Azure Blob.
    AksTiered,
    /// Self-managed Kafka on VMs with tiered storage (KIP-405) to Azure Blob.
    VmTiered,
    ObjectStorage,
}

impl Variant {
    /// Self-managed Kafka that keeps most retention in Blob through tiered storage.
    pub fn is_tiered(self) -> bool {
        matches!(self, Self::AksTiered | Self::VmTiered)
    }

    /// Self-managed Kafka on VMs (no AKS cluster).
    pub fn is_vm(self) -> bool {
        matches!(self, Self::Vm | Self::VmTiered)
    }
}

/// How many options every scenario is compared across.
pub const OPTION_COUNT: usize = 6;

/// One option of the comparison: a platform and its variant.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct PlatformOption {
    pub platform: Platform,
    pub variant: Variant,
}

impl PlatformOption {
    pub const EVENT_HUBS_STANDARD: Self = Self {
        platform: Platform::EventHubs,
        variant: Variant::Standard,
    };
    pub const EVENT_HUBS_PREMIUM: Self = Self {
        platform: Platform::EventHubs,
        variant: Variant::Premium,
    };
    pub const EVENT_HUBS_DEDICATED: Self = Self {
        platform: Platform::EventHubs,
        variant: Variant::Dedicated,
    };
    pub const KAFKA_COMPATIBLE: Self = Self {
        platform: Platform::KafkaCompatible,
        variant: Variant::ObjectStorage,
    };

    /// Self-managed Kafka on the runtime the scenario chose.
    pub fn self_managed(runtime: ConnectRuntime) -> Self {
        let variant = if runtime.brokers_on_vms() {
            Variant::Vm
        } else {
            Variant::Aks
        };
        Self {
            platform: Platform::SelfManagedKafka,
            variant,
        }
    }

    /// Self-managed Kafka with tiered storage to Blob, on the runtime the scenario chose.
    pub fn self_managed_tiered(runtime: ConnectRuntime) -> Self {
        let variant = if runtime.brokers_on_vms() {
            Variant::VmTiered
        } else {
            Variant::AksTiered
        };
        Self {
            platform: Platform::SelfManagedKafka,
            variant,
        }
    }

    /// The options compared for a scenario, in report order.
    pub fn all(runtime: ConnectRuntime) -> [Self; OPTION_COUNT] {
        [
            Self::EVENT_HUBS_STANDARD,
            Self::EVENT_HUBS_PREMIUM,
            Self::EVENT_HUBS_DEDICATED,
            Self::self_managed(runtime),
            Self::self_managed_tiered(runtime),
            Self::KAFKA_COMPATIBLE,
        ]
    }

    /// A stable identifier, e.g. `event_hubs.premium`, used in exports and URLs.
    pub fn id(&self) -> &'static str {
        match (self.platform, self.variant) {
            (Platform::EventHubs, Variant::Standard) => "event_hubs.standard",
            (Platform::EventHubs, Variant::Premium) => "event_hubs.premium",
            (Platform::EventHubs, _) => "event_hubs.dedicated",
            (Platform::SelfManagedKafka, Variant::Vm) => "self_managed_kafka.vm",
            (Platform::SelfManagedKafka, Variant::AksTiered) => "self_managed_kafka.aks_tiered",
            (Platform::SelfManagedKafka, Variant::VmTiered) => "self_managed_kafka.vm_tiered",
            (Platform::SelfManagedKafka, _) => "self_managed_kafka.aks",
            (Platform::KafkaCompatible, _) => "kafka_compatible.object_storage",
        }
    }

    /// A human label, e.g. "Event Hubs Premium".
    pub fn label(&self) -> &'static str {
        match (self.platform, self.variant) {
            (Platform::EventHubs, Variant::Standard) => "Event Hubs Standard",
            (Platform::EventHubs, Variant::Premium) => "Event Hubs Premium",
            (Platform::EventHubs, _) => "Event Hubs Dedicated",
            (Platform::SelfManagedKafka, Variant::Vm) => "Self-managed Kafka on VMs",
            (Platform::SelfManagedKafka, Variant::AksTiered) => "Self-managed Kafka on AKS, tiered",
            (Platform::SelfManagedKafka, Variant::VmTiered) => "Self-managed Kafka on VMs, tiered",
            (Platform::SelfManagedKafka, _) => "Self-managed Kafka on AKS",
            (Platform::KafkaCompatible, _) => "Kafka-compatible on object storage",
        }
    }
}

impl std::fmt::Display for PlatformOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
