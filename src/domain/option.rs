//! The platform options every assessment is evaluated against.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ConnectRuntime;

/// A way to run the Kafka side of the estate. Connect workers are always the team's own.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Platform {
    /// Azure Event Hubs through its Kafka endpoint.
    EventHubs,
    /// Apache Kafka the team runs on AKS or VMs.
    SelfManagedKafka,
    /// A Kafka-compatible platform that keeps data in object storage; which one is the
    /// option's [`ObjectStorageProfile`].
    KafkaCompatible,
}

/// A vendor's Kafka-compatible platform on Azure Blob, as it exists on Azure today
/// (`shared/reference/connect-runtime-and-platforms.md` §2). Written as the option's `profile`
/// key; `variant` stays `object_storage` for all of them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ObjectStorageProfile {
    /// WarpStream BYOC: stateless agents writing straight to Blob (`azblob://`), billed by
    /// WarpStream per cluster-minute and per uncompressed GiB written and stored.
    #[serde(rename = "warpstream")]
    WarpStream,
    /// AutoMQ BYOC (commercial): stateless brokers, a zone-redundant disk WAL, data in Blob;
    /// a prepaid licence the user enters.
    #[serde(rename = "automq")]
    AutoMq,
    /// AutoMQ open source: no Azure Blob storage in its code, so not deployable on Blob.
    #[serde(rename = "automq_open_source")]
    AutoMqOpenSource,
    /// Redpanda BYOC: replicated brokers with local disks, tiered storage to Blob; a
    /// subscription the user enters.
    Redpanda,
}

impl ObjectStorageProfile {
    /// Every profile, in report order.
    pub const ALL: [Self; 4] = [
        Self::WarpStream,
        Self::AutoMq,
        Self::AutoMqOpenSource,
        Self::Redpanda,
    ];

    /// The profile an option without one means (scenarios and bills saved before profiles
    /// existed): WarpStream, the one that stores data natively in Azure Blob and publishes its
    /// prices.
    pub const DEFAULT: Self = Self::WarpStream;

    /// The wire name, e.g. `warpstream`.
    pub fn key(self) -> &'static str {
        match self {
            Self::WarpStream => "warpstream",
            Self::AutoMq => "automq",
            Self::AutoMqOpenSource => "automq_open_source",
            Self::Redpanda => "redpanda",
        }
    }

    /// The vendor's product, e.g. "WarpStream BYOC".
    pub fn label(self) -> &'static str {
        match self {
            Self::WarpStream => "WarpStream BYOC",
            Self::AutoMq => "AutoMQ BYOC",
            Self::AutoMqOpenSource => "AutoMQ open source",
            Self::Redpanda => "Redpanda BYOC",
        }
    }
}

/// The tier or flavour of a platform.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
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

/// How many options every scenario is compared across (every object-storage profile is one).
pub const OPTION_COUNT: usize = 9;

/// The option id bills and stored choices used before object-storage profiles existed; it
/// means the default profile.
pub const LEGACY_OBJECT_STORAGE_ID: &str = "kafka_compatible.object_storage";

/// One option of the comparison: a platform, its variant and, for the Kafka-compatible
/// platform, the vendor profile.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct PlatformOption {
    pub platform: Platform,
    pub variant: Variant,
    /// The vendor of a Kafka-compatible platform; absent for every other platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<ObjectStorageProfile>,
}

impl PlatformOption {
    pub const EVENT_HUBS_STANDARD: Self = Self {
        platform: Platform::EventHubs,
        variant: Variant::Standard,
        profile: None,
    };
    pub const EVENT_HUBS_PREMIUM: Self = Self {
        platform: Platform::EventHubs,
        variant: Variant::Premium,
        profile: None,
    };
    pub const EVENT_HUBS_DEDICATED: Self = Self {
        platform: Platform::EventHubs,
        variant: Variant::Dedicated,
        profile: None,
    };
    /// The Kafka-compatible platform on its default profile (WarpStream BYOC).
    pub const KAFKA_COMPATIBLE: Self = Self::object_storage(ObjectStorageProfile::DEFAULT);

    /// The Kafka-compatible platform on object storage, as `profile` builds it.
    pub const fn object_storage(profile: ObjectStorageProfile) -> Self {
        Self {
            platform: Platform::KafkaCompatible,
            variant: Variant::ObjectStorage,
            profile: Some(profile),
        }
    }

    /// The object-storage profile of a Kafka-compatible option (the default when none is
    /// named); `None` for every other platform.
    pub fn object_storage_profile(&self) -> Option<ObjectStorageProfile> {
        (self.platform == Platform::KafkaCompatible)
            .then(|| self.profile.unwrap_or(ObjectStorageProfile::DEFAULT))
    }

    /// True when `id` names this option, including the id saved before profiles existed
    /// (`kafka_compatible.object_storage`: the default profile).
    pub fn has_id(&self, id: &str) -> bool {
        self.id() == id
            || (id == LEGACY_OBJECT_STORAGE_ID
                && self.object_storage_profile() == Some(ObjectStorageProfile::DEFAULT))
    }

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
            profile: None,
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
            profile: None,
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
            Self::object_storage(ObjectStorageProfile::WarpStream),
            Self::object_storage(ObjectStorageProfile::AutoMq),
            Self::object_storage(ObjectStorageProfile::AutoMqOpenSource),
            Self::object_storage(ObjectStorageProfile::Redpanda),
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
            (Platform::KafkaCompatible, _) => match self.object_storage_profile() {
                Some(ObjectStorageProfile::AutoMq) => "kafka_compatible.automq",
                Some(ObjectStorageProfile::AutoMqOpenSource) => {
                    "kafka_compatible.automq_open_source"
                }
                Some(ObjectStorageProfile::Redpanda) => "kafka_compatible.redpanda",
                _ => "kafka_compatible.warpstream",
            },
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
            (Platform::KafkaCompatible, _) => match self.object_storage_profile() {
                Some(ObjectStorageProfile::AutoMq) => "AutoMQ BYOC on Blob",
                Some(ObjectStorageProfile::AutoMqOpenSource) => "AutoMQ open source on Blob",
                Some(ObjectStorageProfile::Redpanda) => "Redpanda BYOC, tiered to Blob",
                _ => "WarpStream BYOC on Blob",
            },
        }
    }
}

impl std::fmt::Display for PlatformOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_its_own_key_and_an_option_saved_without_one_means_the_default() {
        let ws = PlatformOption::object_storage(ObjectStorageProfile::WarpStream);
        let v = serde_json::to_value(ws).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"platform": "kafka_compatible", "variant": "object_storage", "profile": "warpstream"})
        );
        // Other platforms carry no profile key.
        let eh = serde_json::to_value(PlatformOption::EVENT_HUBS_STANDARD).unwrap();
        assert!(eh.get("profile").is_none());
        // An option saved before profiles existed reads back as the default profile.
        let old: PlatformOption = serde_json::from_value(
            serde_json::json!({"platform": "kafka_compatible", "variant": "object_storage"}),
        )
        .unwrap();
        assert_eq!(old.profile, None);
        assert_eq!(
            old.object_storage_profile(),
            Some(ObjectStorageProfile::DEFAULT)
        );
        assert_eq!(old.id(), "kafka_compatible.warpstream");
        // So does the old id, for the default profile only.
        assert!(ws.has_id(LEGACY_OBJECT_STORAGE_ID));
        assert!(
            !PlatformOption::object_storage(ObjectStorageProfile::AutoMq)
                .has_id(LEGACY_OBJECT_STORAGE_ID)
        );
        let ids: Vec<&str> = PlatformOption::all(ConnectRuntime::Aks)
            .iter()
            .map(PlatformOption::id)
            .collect();
        assert_eq!(
            &ids[5..],
            [
                "kafka_compatible.warpstream",
                "kafka_compatible.automq",
                "kafka_compatible.automq_open_source",
                "kafka_compatible.redpanda"
            ]
        );
        let keys: Vec<&str> = ObjectStorageProfile::ALL.iter().map(|p| p.key()).collect();
        for (p, key) in ObjectStorageProfile::ALL.iter().zip(keys) {
            assert_eq!(serde_json::to_value(p).unwrap(), key);
        }
    }
}
