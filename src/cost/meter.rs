//! The meters the cost model prices, and how each maps to a catalog [`PriceKey`].
//!
//! Names here are Azure Retail Prices API vocabulary (service / product / SKU / meter), so a
//! catalog imported from the API is a drop-in replacement. They are keys, never prices.

use crate::domain::Assumptions;
use crate::pricing::{KeyRef, PriceKey, PriceType};

/// Everything a line can be priced at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Meter {
    EhStandardTu,
    EhStandardIngress,
    EhStandardCapture,
    EhKafkaEndpoint,
    EhStandardStorageOverage,
    EhPremiumPu,
    EhPremiumRetention,
    EhDedicatedCu,
    EhDedicatedRetention,
    /// Data copied to a geo-replication secondary (Premium, Dedicated).
    EhGeoReplication,
    PrivateEndpoint,
    PrivateLinkIngress,
    PrivateLinkEgress,
    WorkerVm,
    BrokerVm,
    ControllerVm,
    AksControlPlane,
    SsdV2Capacity,
    SsdV2Iops,
    SsdV2Throughput,
    BlobHotCapacity,
    BlobHotWrite,
    BlobHotRead,
    BlobHotZrsCapacity,
    BlobHotZrsWrite,
    BlobHotZrsRead,
    /// The OS disk of every VM and AKS node.
    OsDisk,
    /// The object-storage platform's write-ahead-log disk, LRS (one zone).
    WalDiskLrs,
    /// The same disk, zone-redundant (survives a zone loss).
    WalDiskZrs,
    AksSystemNodeVm,
    LoadBalancer,
    LoadBalancerData,
    LogAnalyticsIngestion,
    VpnGateway,
    VpnConnection,
    ExpressRouteGateway,
    InterZone,
    VnetPeeringIn,
    VnetPeeringOut,
    InternetEgress,
    InterRegion,
    /// Container Apps dedicated workload profile, per vCPU-hour of each profile instance.
    AcaDedicatedVcpu,
    /// Container Apps dedicated workload profile, per GiB-hour of each profile instance.
    AcaDedicatedMemory,
    /// Container Apps dedicated plan management fee, per environment-hour.
    AcaPlanManagement,
    /// Container Apps consumption profile, active vCPU-seconds.
    AcaConsumptionVcpu,
    /// Container Apps consumption profile, GiB-seconds (active and idle rate alike).
    AcaConsumptionMemory,
    /// Container Instances (Linux), vCPU-hours.
    AciVcpu,
    /// Container Instances (Linux), GB-hours.
    AciMemory,
    /// Azure Container Registry Standard, registry-days.
    AcrStandard,
    /// Azure Container Registry Premium (private endpoints), registry-days.
    AcrPremium,
    /// NAT Gateway hours (controlled egress).
    NatGateway,
    /// NAT Gateway data processed, GB.
    NatGatewayData,
    /// A Standard static public IP (the NAT Gateway's), hours.
    PublicIp,
    /// Key Vault operations, per 10,000.
    KeyVaultOperations,
    /// A vendor's managed Connect, per task-hour: priced from an assumption.
    ManagedConnectTask,
    /// A vendor's managed Connect, per GB read or written: priced from an assumption.
    ManagedConnectGb,
    /// WarpStream cluster-minutes, 15-minute intervals (a WarpStream list price row).
    WarpStreamCluster,
    /// WarpStream uncompressed GiB written (graduated).
    WarpStreamWrite,
    /// WarpStream uncompressed GiB stored per month (graduated).
    WarpStreamStorage,
    /// The Redpanda BYOC subscription: priced from an assumption, not a catalog.
    RedpandaSubscription,
    /// The AutoMQ BYOC licence: priced from an assumption, not a catalog.
    ObjectStorageSubscription,
}

impl Meter {
    /// Number of meters (size of the price table).
    pub const COUNT: usize = Meter::ObjectStorageSubscription as usize + 1;

    /// Every meter, in table order.
    pub const ALL: [Meter; Self::COUNT] = [
        Meter::EhStandardTu,
        Meter::EhStandardIngress,
        Meter::EhStandardCapture,
        Meter::EhKafkaEndpoint,
        Meter::EhStandardStorageOverage,
        Meter::EhPremiumPu,
        Meter::EhPremiumRetention,
        Meter::EhDedicatedCu,
        Meter::EhDedicatedRetention,
        Meter::EhGeoReplication,
        Meter::PrivateEndpoint,
        Meter::PrivateLinkIngress,
        Meter::PrivateLinkEgress,
        Meter::WorkerVm,
        Meter::BrokerVm,
        Meter::ControllerVm,
        Meter::AksControlPlane,
        Meter::SsdV2Capacity,
        Meter::SsdV2Iops,
        Meter::SsdV2Throughput,
        Meter::BlobHotCapacity,
        Meter::BlobHotWrite,
        Meter::BlobHotRead,
        Meter::BlobHotZrsCapacity,
        Meter::BlobHotZrsWrite,
        Meter::BlobHotZrsRead,
        Meter::OsDisk,
        Meter::WalDiskLrs,
        Meter::WalDiskZrs,
        Meter::AksSystemNodeVm,
        Meter::LoadBalancer,
        Meter::LoadBalancerData,
        Meter::LogAnalyticsIngestion,
        Meter::VpnGateway,
        Meter::VpnConnection,
        Meter::ExpressRouteGateway,
        Meter::InterZone,
        Meter::VnetPeeringIn,
        Meter::VnetPeeringOut,
        Meter::InternetEgress,
        Meter::InterRegion,
        Meter::AcaDedicatedVcpu,
        Meter::AcaDedicatedMemory,
        Meter::AcaPlanManagement,
        Meter::AcaConsumptionVcpu,
        Meter::AcaConsumptionMemory,
        Meter::AciVcpu,
        Meter::AciMemory,
        Meter::AcrStandard,
        Meter::AcrPremium,
        Meter::NatGateway,
        Meter::NatGatewayData,
        Meter::PublicIp,
        Meter::KeyVaultOperations,
        Meter::ManagedConnectTask,
        Meter::ManagedConnectGb,
        Meter::WarpStreamCluster,
        Meter::WarpStreamWrite,
        Meter::WarpStreamStorage,
        Meter::RedpandaSubscription,
        Meter::ObjectStorageSubscription,
    ];
}

/// How a meter is found in a catalog and written on a line.
#[derive(Debug, Clone)]
pub(crate) struct MeterDef {
    pub service: &'static str,
    pub product: Option<&'static str>,
    pub sku: String,
    pub meter: String,
    /// The catalog `unit` the model counts quantities in; a row in another unit is not used.
    pub catalog_unit: &'static str,
    /// The line's unit, e.g. `TU-hours`.
    pub line_unit: &'static str,
    /// Written after a unit price, e.g. `TU-h` in `$0.03/TU-h`.
    pub price_unit: &'static str,
    /// A reservation price may replace the pay-as-you-go one (VMs).
    pub reservable: bool,
}

/// A Premium SSD (v1) size: the tiers Azure sells, with what each provisions (Microsoft Learn,
/// `disks-types`, "Premium SSD size"; read 2026-11-30).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PremiumSsdTier {
    pub name: &'static str,
    pub gib: u32,
    pub iops: u32,
    pub mb_per_s: u32,
}

/// Premium SSD tiers, smallest first.
pub(crate) const PREMIUM_SSD_TIERS: [PremiumSsdTier; 14] = {
    const fn t(name: &'static str, gib: u32, iops: u32, mb_per_s: u32) -> PremiumSsdTier {
        PremiumSsdTier {
            name,
            gib,
            iops,
            mb_per_s,
        }
    }
    [
        t("P1", 4, 120, 25),
        t("P2", 8, 120, 25),
        t("P3", 16, 120, 25),
        t("P4", 32, 120, 25),
        t("P6", 64, 240, 50),
        t("P10", 128, 500, 100),
        t("P15", 256, 1_100, 125),
        t("P20", 512, 2_300, 150),
        t("P30", 1_024, 5_000, 200),
        t("P40", 2_048, 7_500, 250),
        t("P50", 4_096, 7_500, 250),
        t("P60", 8_192, 16_000, 500),
        t("P70", 16_384, 18_000, 750),
        t("P80", 32_767, 20_000, 900),
    ]
};

/// The OS disk of every VM and node: P10 (128 GiB), the managed OS disk size AKS gives nodes
/// whose VM size has no room for an ephemeral OS disk (D4s_v5 and D8s_v5 have no local disk).
pub(crate) const OS_DISK_TIER: &str = "P10";

/// The write-ahead-log disk of an object-storage broker: the smallest Premium SSD tier with at
/// least `object_storage_wal_gib` and the throughput one broker takes
/// (`object_storage_broker_write_mb_per_s`). Premium SSD, not v2, because only it comes
/// zone-redundant (ZRS); the largest tier when nothing is big enough.
pub(crate) fn wal_disk(a: &Assumptions) -> PremiumSsdTier {
    PREMIUM_SSD_TIERS
        .iter()
        .copied()
        .find(|t| {
            t.gib >= a.object_storage_wal_gib
                && f64::from(t.mb_per_s) >= a.object_storage_broker_write_mb_per_s
        })
        .unwrap_or(PREMIUM_SSD_TIERS[PREMIUM_SSD_TIERS.len() - 1])
}

/// `D4s_v5` or `Standard_D4s_v5` → the API's `skuName`/`meterName` `D4s v5`.
pub(crate) fn vm_sku(size: &str) -> String {
    size.strip_prefix("Standard_")
        .unwrap_or(size)
        .replace('_', " ")
}

impl Meter {
    /// The catalog coordinates of this meter (VM SKUs come from the assumptions).
    /// `None` for meters priced from assumptions.
    pub fn def(self, a: &Assumptions) -> Option<MeterDef> {
        let eh = |sku: &str, meter: &str, unit, line_unit, price_unit| MeterDef {
            service: "Event Hubs",
            product: None,
            sku: sku.to_owned(),
            meter: meter.to_owned(),
            catalog_unit: unit,
            line_unit,
            price_unit,
            reservable: false,
        };
        let fixed =
            |service, product, sku: &str, meter: &str, unit, line_unit, price_unit| MeterDef {
                service,
                product: Some(product),
                sku: sku.to_owned(),
                meter: meter.to_owned(),
                catalog_unit: unit,
                line_unit,
                price_unit,
                reservable: false,
            };
        let vm = |size: &str| {
            let sku = vm_sku(size);
            MeterDef {
                service: "Virtual Machines",
                // Any product: the smallest non-zero price is the Linux one when a catalog
                // also holds Windows rows of the same SKU.
                product: None,
                meter: sku.clone(),
                sku,
                catalog_unit: "1 Hour",
                line_unit: "VM-hours",
                price_unit: "VM-h",
                reservable: true,
            }
        };
        let disk = |tier: &str, redundancy: &str| MeterDef {
            service: "Storage",
            product: Some("Premium SSD Managed Disks"),
            sku: format!("{tier} {redundancy}"),
            meter: format!("{tier} {redundancy} Disk"),
            catalog_unit: "1/Month",
            line_unit: "disk-months",
            price_unit: "disk-month",
            reservable: false,
        };
        const VNET: &str = "Virtual Network";
        const PL: &str = "Virtual Network Private Link";
        const SSD: &str = "Azure Premium SSD v2";
        const BLOB: &str = "General Block Blob v2";
        const ACA: &str = "Azure Container Apps";
        const ACI: &str = "Container Instances";
        const ACR: &str = "Container Registry";
        const WARPSTREAM: &str = "WarpStream";
        const WARPSTREAM_BYOC: &str = "WarpStream BYOC";
        Some(match self {
            Self::EhStandardTu => eh(
                "Standard",
                "Standard Throughput Unit",
                "1 Hour",
                "TU-hours",
                "TU-h",
            ),
            Self::EhStandardIngress => eh(
                "Standard",
                "Standard Ingress Events",
                "1M",
                "million events",
                "M events",
            ),
            Self::EhStandardCapture => {
                eh("Standard", "Standard Capture", "1 Hour", "TU-hours", "TU-h")
            }
            Self::EhKafkaEndpoint => eh(
                "Standard",
                "Standard Kafka Endpoint",
                "1 Hour",
                "namespace-hours",
                "h",
            ),
            Self::EhStandardStorageOverage => eh(
                "Standard",
                "Standard Storage Overage",
                "1 GB/Month",
                "GB-months",
                "GB-month",
            ),
            Self::EhPremiumPu => eh(
                "Premium",
                "Premium Processing Unit",
                "1 Hour",
                "PU-hours",
                "PU-h",
            ),
            Self::EhPremiumRetention => eh(
                "Premium",
                "Premium Extended Retention",
                "1 GB/Month",
                "GB-months",
                "GB-month",
            ),
            Self::EhDedicatedCu => eh(
                "Dedicated",
                "Dedicated Capacity Unit",
                "1 Hour",
                "CU-hours",
                "CU-h",
            ),
            Self::EhDedicatedRetention => eh(
                "Dedicated",
                "Dedicated Extended Retention",
                "1 GB/Month",
                "GB-months",
                "GB-month",
            ),
            Self::EhGeoReplication => eh(
                "Geo Replication Zone 1",
                "Geo Replication Zone 1 Data Transfer",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::PrivateEndpoint => fixed(
                VNET,
                PL,
                "Standard",
                "Standard Private Endpoint",
                "1 Hour",
                "endpoint-hours",
                "endpoint-h",
            ),
            Self::PrivateLinkIngress => fixed(
                VNET,
                PL,
                "Standard",
                "Standard Data Processed - Ingress",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::PrivateLinkEgress => fixed(
                VNET,
                PL,
                "Standard",
                "Standard Data Processed - Egress",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::WorkerVm => vm(&a.worker_vm_size),
            Self::BrokerVm => vm(&a.broker_vm_size),
            Self::ControllerVm => vm(&a.controller_vm_size),
            Self::AksControlPlane => fixed(
                "Azure Kubernetes Service",
                "Azure Kubernetes Service",
                "Standard",
                "Standard Uptime SLA",
                "1 Hour",
                "cluster-hours",
                "cluster-h",
            ),
            Self::SsdV2Capacity => fixed(
                "Storage",
                SSD,
                "Premium LRS",
                "Premium LRS Provisioned Capacity",
                "1 GiB/Hour",
                "GiB-hours",
                "GiB-h",
            ),
            Self::SsdV2Iops => fixed(
                "Storage",
                SSD,
                "Premium LRS",
                "Premium LRS Provisioned IOPS",
                "1/Hour",
                "IOPS-hours",
                "IOPS-h",
            ),
            Self::SsdV2Throughput => fixed(
                "Storage",
                SSD,
                "Premium LRS",
                "Premium LRS Provisioned Throughput (MBps)",
                "1/Hour",
                "MBps-hours",
                "MBps-h",
            ),
            Self::BlobHotCapacity => fixed(
                "Storage",
                BLOB,
                "Hot LRS",
                "Hot LRS Data Stored",
                "1 GB/Month",
                "GB-months",
                "GB-month",
            ),
            Self::BlobHotWrite => fixed(
                "Storage",
                BLOB,
                "Hot LRS",
                "Hot LRS Write Operations",
                "10K",
                "10K operations",
                "10K ops",
            ),
            Self::BlobHotRead => fixed(
                "Storage",
                BLOB,
                "Hot LRS",
                "Hot Read Operations",
                "10K",
                "10K operations",
                "10K ops",
            ),
            Self::BlobHotZrsCapacity => fixed(
                "Storage",
                BLOB,
                "Hot ZRS",
                "Hot ZRS Data Stored",
                "1 GB/Month",
                "GB-months",
                "GB-month",
            ),
            Self::BlobHotZrsWrite => fixed(
                "Storage",
                BLOB,
                "Hot ZRS",
                "Hot ZRS Write Operations",
                "10K",
                "10K operations",
                "10K ops",
            ),
            Self::BlobHotZrsRead => fixed(
                "Storage",
                BLOB,
                "Hot ZRS",
                "Hot ZRS Read Operations",
                "10K",
                "10K operations",
                "10K ops",
            ),
            Self::OsDisk => disk(OS_DISK_TIER, "LRS"),
            Self::WalDiskLrs => disk(wal_disk(a).name, "LRS"),
            Self::WalDiskZrs => disk(wal_disk(a).name, "ZRS"),
            Self::AksSystemNodeVm => vm(&a.aks_system_node_vm_size),
            Self::LoadBalancer => fixed(
                "Load Balancer",
                "Load Balancer",
                "Standard",
                "Standard Included LB Rules and Outbound Rules",
                "1 Hour",
                "LB-hours",
                "LB-h",
            ),
            Self::LoadBalancerData => fixed(
                "Load Balancer",
                "Load Balancer",
                "Standard",
                "Standard Data Processed",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::LogAnalyticsIngestion => fixed(
                "Log Analytics",
                "Log Analytics",
                "Analytics Logs",
                "Analytics Logs Data Ingestion",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::VpnGateway => fixed(
                "VPN Gateway",
                "VPN Gateway",
                "VpnGw1AZ",
                "VpnGw1AZ",
                "1 Hour",
                "gateway-hours",
                "gateway-h",
            ),
            Self::VpnConnection => fixed(
                "VPN Gateway",
                "VPN Gateway",
                "VpnGw1AZ",
                "S2S Connection",
                "1 Hour",
                "connection-hours",
                "connection-h",
            ),
            Self::ExpressRouteGateway => fixed(
                "ExpressRoute",
                "ExpressRoute Gateway",
                "ErGw1AZ",
                "ErGw1AZ Gateway",
                "1 Hour",
                "gateway-hours",
                "gateway-h",
            ),
            Self::InterZone => fixed(
                "Bandwidth",
                "Bandwidth Inter-Availability Zone",
                "Standard",
                "Inter Availability Zone Data Transfer",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::VnetPeeringIn => fixed(
                VNET,
                "Virtual Network Peering",
                "Standard",
                "Intra-Region Ingress",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::VnetPeeringOut => fixed(
                VNET,
                "Virtual Network Peering",
                "Standard",
                "Intra-Region Egress",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::InternetEgress => fixed(
                "Bandwidth",
                "Rtn Preference: MGN",
                "Standard",
                "Standard Data Transfer Out",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::InterRegion => fixed(
                "Bandwidth",
                "Bandwidth Inter-Region",
                "Standard",
                "Intra Continent Data Transfer Out",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::AcaDedicatedVcpu => fixed(
                ACA,
                ACA,
                "Dedicated",
                "Dedicated vCPU Usage",
                "1 Hour",
                "vCPU-hours",
                "vCPU-h",
            ),
            Self::AcaDedicatedMemory => fixed(
                ACA,
                ACA,
                "Dedicated",
                "Dedicated Memory Usage",
                "1 Hour",
                "GiB-hours",
                "GiB-h",
            ),
            Self::AcaPlanManagement => fixed(
                ACA,
                ACA,
                "Dedicated",
                "Dedicated Plan Management",
                "1 Hour",
                "environment-hours",
                "environment-h",
            ),
            Self::AcaConsumptionVcpu => fixed(
                ACA,
                ACA,
                "Standard",
                "Standard vCPU Active Usage",
                "1 Second",
                "vCPU-seconds",
                "vCPU-s",
            ),
            Self::AcaConsumptionMemory => fixed(
                ACA,
                ACA,
                "Standard",
                "Standard Memory Active Usage",
                "1 GiB Second",
                "GiB-seconds",
                "GiB-s",
            ),
            Self::AciVcpu => fixed(
                ACI,
                ACI,
                "Standard",
                "Standard vCPU Duration",
                "1 Hour",
                "vCPU-hours",
                "vCPU-h",
            ),
            Self::AciMemory => fixed(
                ACI,
                ACI,
                "Standard",
                "Standard Memory Duration",
                "1 GB Hour",
                "GB-hours",
                "GB-h",
            ),
            Self::AcrStandard => fixed(
                ACR,
                ACR,
                "Standard",
                "Standard Registry Unit",
                "1/Day",
                "registry-days",
                "registry-day",
            ),
            Self::AcrPremium => fixed(
                ACR,
                ACR,
                "Premium",
                "Premium Registry Unit",
                "1/Day",
                "registry-days",
                "registry-day",
            ),
            Self::NatGateway => fixed(
                VNET,
                "NAT Gateway",
                "Standard",
                "Standard Gateway",
                "1 Hour",
                "gateway-hours",
                "gateway-h",
            ),
            Self::NatGatewayData => fixed(
                VNET,
                "NAT Gateway",
                "Standard",
                "Standard Data Processed",
                "1 GB",
                "GB",
                "GB",
            ),
            Self::PublicIp => fixed(
                VNET,
                "IP Addresses",
                "Standard",
                "Standard IPv4 Static Public IP",
                "1 Hour",
                "IP-hours",
                "IP-h",
            ),
            Self::KeyVaultOperations => fixed(
                "Key Vault",
                "Key Vault",
                "Standard",
                "Operations",
                "10K",
                "10K operations",
                "10K ops",
            ),
            // WarpStream's own list prices, kept as catalog rows like Azure's (one global price,
            // written for every region by `pricing build-embedded` from the zone file).
            Self::WarpStreamCluster => fixed(
                WARPSTREAM,
                WARPSTREAM_BYOC,
                "Fundamentals",
                "Cluster Minutes",
                "15 Minutes",
                "15-minute intervals",
                "15 min",
            ),
            Self::WarpStreamWrite => fixed(
                WARPSTREAM,
                WARPSTREAM_BYOC,
                "Standard",
                "Uncompressed GiB Written",
                "1 GiB",
                "GiB",
                "GiB",
            ),
            Self::WarpStreamStorage => fixed(
                WARPSTREAM,
                WARPSTREAM_BYOC,
                "Standard",
                "Uncompressed GiB Stored",
                "1 GiB/Month",
                "GiB-months",
                "GiB-month",
            ),
            // Priced from the user's assumptions (`price::managed_connect_price`, the vendors'
            // licence inputs), never from a catalog row.
            Self::ManagedConnectTask
            | Self::ManagedConnectGb
            | Self::RedpandaSubscription
            | Self::ObjectStorageSubscription => return None,
        })
    }
}

impl MeterDef {
    /// [`MeterDef::key`], borrowed.
    pub fn key_ref<'a>(
        &'a self,
        region: &'a str,
        currency: &'a str,
        price_type: PriceType,
    ) -> KeyRef<'a> {
        KeyRef {
            service: self.service,
            product: self.product,
            sku: &self.sku,
            meter: &self.meter,
            region,
            price_type,
            currency,
        }
    }

    /// The lookup key in a region, currency and price type.
    pub fn key(&self, region: &str, currency: &str, price_type: PriceType) -> PriceKey {
        PriceKey {
            service: self.service.to_owned(),
            product: self.product.map(str::to_owned),
            sku: self.sku.clone(),
            meter: self.meter.clone(),
            region: region.to_owned(),
            price_type,
            currency: currency.to_owned(),
        }
    }
}

/// Catalog units compare without case or spaces (`1 GB/Month` = `1 gb/month`).
pub(crate) fn same_unit(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    // Equal as ASCII without case or spaces (no allocation), else as Unicode.
    if a.is_ascii() && b.is_ascii() {
        fn ascii(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.bytes()
                .filter(|&c| !char::from(c).is_whitespace())
                .map(|c| c.to_ascii_lowercase())
        }
        return ascii(a).eq(ascii(b));
    }
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_meter_in_order() {
        for (i, m) in Meter::ALL.iter().enumerate() {
            assert_eq!(*m as usize, i);
        }
    }

    #[test]
    fn vm_sizes_map_to_api_sku_names() {
        assert_eq!(vm_sku("D4s_v5"), "D4s v5");
        assert_eq!(vm_sku("Standard_E8s_v5"), "E8s v5");
        assert!(same_unit("1 GB/Month", "1 gb/month"));
        assert!(!same_unit("1 Hour", "1M"));
    }
}
