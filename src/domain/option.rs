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

/// The most options one scenario is compared across: three Event Hubs tiers, two self-managed
/// Kafka options and every object-storage profile. A scenario compares fewer when it picks
/// fewer profiles (`options.object_storage_profiles`).
pub const MAX_OPTIONS: usize = 5 + ObjectStorageProfile::ALL.len();

/// The option id bills and stored choices used before object-storage profiles existed; it
/// means the default profile.
pub const LEGACY_OBJECT_STORAGE_ID: &str = "kafka_compatible.object_storage";

/// The label the single object-storage option had before vendor profiles, as stored with
/// decisions accepted then (their recommendation is kept as words).
pub const LEGACY_OBJECT_STORAGE_LABEL: &str = "Kafka-compatible on object storage";

/// What a report says where it meets [`LEGACY_OBJECT_STORAGE_ID`] (a bill's option tag, a stored
/// choice, an older report in a comparison), so the mapping is never silent.
pub const LEGACY_OBJECT_STORAGE_NOTE: &str = "`kafka_compatible.object_storage` is read as WarpStream BYOC (`kafka_compatible.warpstream`), the profile the single object-storage option was priced as before vendor profiles.";

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

    /// Every option there is for a Connect runtime, every object-storage profile included, in
    /// report order. What one scenario compares is [`PlatformOption::compared`].
    pub fn all(runtime: ConnectRuntime) -> OptionSet {
        Self::compared(runtime, &ObjectStorageProfile::ALL)
    }

    /// The options a scenario compares, in report order: every Event Hubs tier, both
    /// self-managed Kafka options, and the object-storage profiles the scenario picked (in
    /// [`ObjectStorageProfile::ALL`] order, whatever order they were picked in; a profile named
    /// twice counts once, though validation refuses that anyway).
    pub fn compared(runtime: ConnectRuntime, profiles: &[ObjectStorageProfile]) -> OptionSet {
        let mut set = OptionSet::default();
        for o in [
            Self::EVENT_HUBS_STANDARD,
            Self::EVENT_HUBS_PREMIUM,
            Self::EVENT_HUBS_DEDICATED,
            Self::self_managed(runtime),
            Self::self_managed_tiered(runtime),
        ] {
            set.push(o);
        }
        for p in ObjectStorageProfile::ALL {
            if profiles.contains(&p) {
                set.push(Self::object_storage(p));
            }
        }
        set
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

/// The options one scenario compares: at most [`MAX_OPTIONS`], held inline (no allocation), so
/// the hot paths (Monte Carlo, sensitivity) keep fixed-size per-option arrays and use the first
/// `len()` entries. Reads as a slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSet {
    items: [PlatformOption; MAX_OPTIONS],
    len: usize,
}

impl Default for OptionSet {
    fn default() -> Self {
        Self {
            items: [PlatformOption::EVENT_HUBS_STANDARD; MAX_OPTIONS],
            len: 0,
        }
    }
}

impl OptionSet {
    /// Adds `option` unless it is already in the set. More than [`MAX_OPTIONS`] distinct
    /// options cannot exist, so the set never overflows.
    fn push(&mut self, option: PlatformOption) {
        if !self.contains(&option) && self.len < MAX_OPTIONS {
            self.items[self.len] = option;
            self.len += 1;
        }
    }

    /// The options as a slice, in report order.
    pub fn as_slice(&self) -> &[PlatformOption] {
        &self.items[..self.len]
    }
}

impl std::ops::Deref for OptionSet {
    type Target = [PlatformOption];
    fn deref(&self) -> &[PlatformOption] {
        self.as_slice()
    }
}

impl IntoIterator for OptionSet {
    type Item = PlatformOption;
    type IntoIter = std::iter::Take<std::array::IntoIter<PlatformOption, MAX_OPTIONS>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().take(self.len)
    }
}

impl<'a> IntoIterator for &'a OptionSet {
    type Item = &'a PlatformOption;
    type IntoIter = std::slice::Iter<'a, PlatformOption>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
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

    #[test]
    fn a_scenario_compares_the_profiles_it_picks_in_report_order() {
        use ObjectStorageProfile as P;
        let ids = |set: OptionSet| set.iter().map(PlatformOption::id).collect::<Vec<_>>();
        // Picked in any order, reported in `ALL` order; a repeat counts once.
        let two = PlatformOption::compared(
            ConnectRuntime::Vm,
            &[P::Redpanda, P::WarpStream, P::Redpanda],
        );
        assert_eq!(
            ids(two),
            [
                "event_hubs.standard",
                "event_hubs.premium",
                "event_hubs.dedicated",
                "self_managed_kafka.vm",
                "self_managed_kafka.vm_tiered",
                "kafka_compatible.warpstream",
                "kafka_compatible.redpanda",
            ]
        );
        assert_eq!(PlatformOption::compared(ConnectRuntime::Aks, &[]).len(), 5);
        assert_eq!(PlatformOption::all(ConnectRuntime::Aks).len(), MAX_OPTIONS);
        assert_eq!(MAX_OPTIONS, 9);
        // By value and by reference, the set iterates its options only.
        assert_eq!(two.into_iter().count(), 7);
        assert_eq!((&two).into_iter().count(), 7);
    }

    #[test]
    fn the_profile_list_is_checked_when_a_scenario_is_read() {
        let with = |profiles: serde_json::Value| {
            crate::domain::Assessment::from_value(serde_json::json!({
                "schema_version": 1, "name": "p", "region": "eastus",
                "workload": { "write_mb_per_s": 1, "topics": 1, "partitions": 1 },
                "options": { "object_storage_profiles": profiles }
            }))
        };
        let a = with(serde_json::json!(["automq"])).unwrap();
        assert_eq!(
            a.options.object_storage_profiles,
            [ObjectStorageProfile::AutoMq]
        );
        assert!(
            with(serde_json::json!([]))
                .unwrap()
                .options
                .object_storage_profiles
                .is_empty()
        );
        let dup = with(serde_json::json!(["automq", "warpstream", "automq"])).unwrap_err();
        assert_eq!(
            dup.for_field("options.object_storage_profiles[2]"),
            Some("lists `automq` a second time; name each profile at most once")
        );
        let unknown = with(serde_json::json!(["confluent"])).unwrap_err();
        let message = unknown
            .for_field("options.object_storage_profiles[0]")
            .unwrap();
        assert!(
            message.starts_with("unknown variant `confluent`, expected one of"),
            "{message}"
        );
        // Written back without the key when it names all four, so old JSON stays as it was.
        let all = with(serde_json::json!([
            "redpanda",
            "automq_open_source",
            "automq",
            "warpstream"
        ]))
        .unwrap();
        let v = serde_json::to_value(all.scenario()).unwrap();
        assert!(v["options"].get("object_storage_profiles").is_none());
    }
}
