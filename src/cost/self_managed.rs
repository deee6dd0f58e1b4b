//! Self-managed Apache Kafka on AKS or VMs: brokers, KRaft controllers, Premium SSD v2 data
//! disks and the cross-zone traffic replication causes (references §4, R18, R19).

use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::Meter;
use super::model::{Ctx, Drivers};
use super::sizing::Sizing;
use super::units::{
    BYTES_PER_GIB, BYTES_PER_MB, HOURS, HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH, ceil_units,
};

/// Premium SSD v2 allows at most 0.25 MB/s per provisioned IOPS, so a throughput of T MB/s
/// needs at least 4 × T IOPS (Microsoft disk docs).
pub const SSD_V2_IOPS_PER_MB_PER_S: f64 = 4.0;
/// Free Premium SSD v2 baseline per disk, used only to size (the catalog's tier prices it).
pub const SSD_V2_BASELINE_IOPS: u32 = 3_000;
pub const SSD_V2_BASELINE_MB_PER_S: u32 = 125;

/// Self-managed Kafka; `on_aks` adds the AKS control-plane fee.
pub(crate) fn self_managed<E: Emit>(ctx: &Ctx, d: &Drivers, on_aks: bool, e: &mut E) -> Sizing {
    let a = &ctx.a;
    let rf = a.replication_factor.max(1);
    let peak = d.write_mb_per_s * ctx.peak_to_average;
    let by_throughput = ceil_units(peak / a.broker_write_mb_per_s);
    let replicas = u64::from(ctx.partitions_needed) * u64::from(rf);
    let by_partitions =
        u32::try_from(replicas.div_ceil(u64::from(a.max_partition_replicas_per_broker.max(1))))
            .unwrap_or(u32::MAX);
    let headroom = 1.0 + a.disk_headroom_percent / 100.0;
    let data_gib =
        d.write_mb_per_s * BYTES_PER_MB * d.retention_hours * 3_600.0 * f64::from(rf) * headroom
            / BYTES_PER_GIB;
    let by_disk = ceil_units(data_gib / f64::from(a.max_disk_gib_per_broker.max(1)));
    // Connect's internal topics default to replication factor 3 (KIP-154), so 3 brokers minimum.
    let minimum = rf.max(3);
    let mut brokers = minimum.max(by_throughput).max(by_partitions).max(by_disk);
    let zones = u32::from(ctx.az);
    if zones > 1 {
        brokers = brokers.div_ceil(zones).saturating_mul(zones);
    }
    let disk_gib = ceil_units(data_gib / f64::from(brokers)).max(1);
    let disk_total = u64::from(disk_gib) * u64::from(brokers);
    e.note(|| {
        format!(
            "Brokers = max(minimum {minimum}, ceil({} MB/s peak ÷ {} MB/s per broker) = {by_throughput}, ceil({} partitions × RF {rf} ÷ {} replicas per broker) = {by_partitions}, ceil({} GiB ÷ {} GiB per broker) = {by_disk}){} = {brokers}.",
            fmt_f(peak),
            fmt_f(a.broker_write_mb_per_s),
            ctx.partitions_needed,
            a.max_partition_replicas_per_broker,
            fmt_f(data_gib),
            a.max_disk_gib_per_broker,
            if zones > 1 { format!(", rounded up to a multiple of {zones} zones") } else { String::new() }
        )
    });
    e.add(
        Meter::BrokerVm,
        Category::Compute,
        f64::from(brokers) * HOURS,
        Basis::Total,
        || Describe {
            component: format!("Kafka brokers on {}", a.broker_vm_size),
            inputs: format!("{brokers} VM × {HOURS_PER_MONTH} h"),
        },
    );
    let controllers = kraft_controllers(a, e);
    e.add(
        Meter::SsdV2Capacity,
        Category::Storage,
        disk_total as f64 * HOURS,
        Basis::Total,
        || Describe {
            component: "Broker data disks (Premium SSD v2, LRS per zone)".to_owned(),
            inputs: format!(
                "{brokers} disks × {disk_gib} GiB [{} MB/s × {} h × 3,600 s × RF {rf} × (1 + {}% headroom) = {} GiB ÷ {brokers}] × {HOURS_PER_MONTH} h",
                fmt_f(d.write_mb_per_s),
                fmt_f(d.retention_hours),
                fmt_f(a.disk_headroom_percent),
                fmt_f(data_gib)
            ),
        },
    );
    // Each broker's disk takes its share of replicated writes at peak.
    let mb_per_s_per_disk = peak * f64::from(rf) / f64::from(brokers);
    let disk_mbps = ceil_units(mb_per_s_per_disk).max(SSD_V2_BASELINE_MB_PER_S);
    let disk_iops =
        ceil_units(f64::from(disk_mbps) * SSD_V2_IOPS_PER_MB_PER_S).max(SSD_V2_BASELINE_IOPS);
    let disk_hours = f64::from(brokers) * HOURS;
    e.add(
        Meter::SsdV2Iops,
        Category::Storage,
        f64::from(disk_iops) * disk_hours,
        Basis::PerInstance(disk_hours, "disk-hour"),
        || Describe {
            component: "Broker disk IOPS (Premium SSD v2; the first 3,000 per disk are free)".to_owned(),
            inputs: format!(
                "{brokers} disks × {HOURS_PER_MONTH} h × {disk_iops} IOPS [max(3,000, {disk_mbps} MB/s × 4)]"
            ),
        },
    );
    e.add(
        Meter::SsdV2Throughput,
        Category::Storage,
        f64::from(disk_mbps) * disk_hours,
        Basis::PerInstance(disk_hours, "disk-hour"),
        || Describe {
            component: "Broker disk throughput (Premium SSD v2; the first 125 MB/s per disk are free)".to_owned(),
            inputs: format!(
                "{brokers} disks × {HOURS_PER_MONTH} h × {disk_mbps} MB/s [max(125, {} MB/s peak × RF {rf} ÷ {brokers} brokers)]",
                fmt_f(peak)
            ),
        },
    );
    let cross_zone = cross_zone(ctx, d, rf, e);
    if on_aks {
        super::connect::aks_fee(e, true);
    }
    e.note(|| "Not priced: OS disks, load balancers, public IPs, monitoring and backups (the same for every option that runs VMs).".to_owned());
    Sizing {
        peak_write_mb_per_s: peak,
        retained_gb: super::event_hubs::retained_gb(d),
        brokers: Some(brokers),
        kraft_controllers: Some(controllers),
        disk_gib_per_broker: Some(disk_gib),
        disk_gib_total: Some(disk_total),
        disk_iops_per_broker: Some(disk_iops),
        disk_mb_per_s_per_broker: Some(disk_mbps),
        cross_zone_gb_per_month: cross_zone,
        aks_clusters: u32::from(on_aks),
        ..Sizing::default()
    }
}

/// Bytes crossing zones per byte produced (reference R18), priced at the catalog's inter-zone
/// rate. The line appears even when that rate is $0 so the figure stays visible.
fn cross_zone<E: Emit>(ctx: &Ctx, d: &Drivers, rf: u32, e: &mut E) -> Option<f64> {
    if ctx.az < 2 {
        e.note(|| "One availability zone: no cross-zone traffic.".to_owned());
        return None;
    }
    let consumers = if ctx.a.fetch_from_follower {
        0.0
    } else {
        d.read_fanout * 2.0 / 3.0
    };
    let factor = 2.0 / 3.0 + f64::from(rf - 1) + consumers;
    let gb = d.write_mb_per_s * factor * SECONDS_PER_MONTH / MB_PER_GB;
    e.add(
        Meter::InterZone,
        Category::Network,
        gb * 2.0,
        Basis::Total,
        || Describe {
            component: "Cross-zone traffic (producers, replication, consumers)".to_owned(),
            inputs: format!(
                "{} MB/s × (2/3 producer + {} replication + {}) × 2,628,000 s ÷ 1,000 = {} GB × 2 (billed out and in)",
                fmt_f(d.write_mb_per_s),
                rf - 1,
                if ctx.a.fetch_from_follower {
                    "0 consumers with fetch-from-follower".to_owned()
                } else {
                    format!("{} consumer groups × 2/3", fmt_f(d.read_fanout))
                },
                fmt_f(gb)
            ),
        },
    );
    Some(gb)
}

/// The dedicated KRaft controller quorum both Kafka-protocol platforms run (reference §4:
/// "typically select 3 or 5"); returns how many.
pub(crate) fn kraft_controllers<E: Emit>(a: &crate::domain::Assumptions, e: &mut E) -> u32 {
    let controllers = a.kraft_controllers;
    e.add(
        Meter::ControllerVm,
        Category::Compute,
        f64::from(controllers) * HOURS,
        Basis::Total,
        || Describe {
            component: format!("KRaft controllers on {}", a.controller_vm_size),
            inputs: format!("{controllers} VM × {HOURS_PER_MONTH} h"),
        },
    );
    controllers
}
