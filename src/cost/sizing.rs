//! The sizing facts of one option: the numbers behind its lines.

use serde::{Serialize, Serializer};

/// Sizing figures are f64; JSON shows them to 4 decimals so float noise
/// (364.79999999999995) never reaches a report.
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with passes the field by reference"
)]
fn round4<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((x * 10_000.0).round() / 10_000.0)
}

fn round4_opt<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(v) => round4(v, s),
        None => s.serialize_none(),
    }
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes the field by reference"
)]
fn is_zero(x: &u32) -> bool {
    *x == 0
}

/// What an option needs, as counted by the cost model. Fields that do not apply to an option
/// are `None` (and left out of JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sizing {
    /// Peak produce rate the option is sized for, MB/s (average × peak_to_average).
    #[serde(serialize_with = "round4")]
    pub peak_write_mb_per_s: f64,
    /// Data retained at the average write rate, GB (one copy).
    #[serde(serialize_with = "round4")]
    pub retained_gb: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput_units: Option<u32>,
    /// Throughput units the load needs before the tier's cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput_units_needed: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round4_opt")]
    pub ingress_million_events_per_month: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_units: Option<u32>,
    /// Processing units the load needs before rounding to a purchasable size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_units_needed: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_units: Option<u32>,
    /// Event Hubs namespaces (or Dedicated clusters) the units are spread over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<u32>,
    /// Event Hubs storage above what the units include, GB.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round4_opt")]
    pub storage_above_included_gb: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brokers: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kraft_controllers: Option<u32>,
    /// Provisioned data disk per broker, GiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_gib_per_broker: Option<u32>,
    /// Provisioned data disk over all brokers, GiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_gib_total: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_iops_per_broker: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_mb_per_s_per_broker: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round4_opt")]
    pub cross_zone_gb_per_month: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wal_gib_per_broker: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round4_opt")]
    pub blob_gb: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round4_opt")]
    pub blob_put_per_month: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round4_opt")]
    pub blob_get_per_month: Option<f64>,
    /// Connect worker VMs over all pools (and clusters).
    pub connect_workers: u32,
    /// Workers added by running one Connect cluster per Event Hubs namespace.
    #[serde(skip_serializing_if = "is_zero")]
    pub extra_connect_workers: u32,
    /// VMs and AKS nodes in all (each has an OS disk and sends monitoring data).
    pub vms: u32,
    /// Connect worker pools (the shared one plus one per isolated connector).
    pub connect_pools: u32,
    /// AKS clusters paying the Standard-tier control-plane fee.
    pub aks_clusters: u32,
    pub private_endpoints: u32,
}
