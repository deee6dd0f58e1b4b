//! Self-managed Apache Kafka on AKS or VMs: brokers sized by the write-equivalent method,
//! KRaft controllers, Premium SSD v2 data disks, the cross-zone traffic replication causes
//! (references §4, R18, R19) and, for the tiered-storage variant, the Blob storage that holds
//! everything older than the local retention (Apache Kafka ≥ 3.9, KIP-405).

use super::ctx::{Drivers, SizingCtx};
use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::Meter;
use super::sizing::Sizing;
use super::units::{
    BYTES_PER_GIB, BYTES_PER_MB, HOURS, HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH, ceil_units,
};
use crate::domain::vm_vcpus;

/// Premium SSD v2 allows at most 0.25 MB/s per provisioned IOPS, so a throughput of T MB/s
/// needs at least 4 × T IOPS (Microsoft disk docs).
pub const SSD_V2_IOPS_PER_MB_PER_S: f64 = 4.0;
/// Free Premium SSD v2 baseline per disk, used only to size (the catalog's tier prices it).
pub const SSD_V2_BASELINE_IOPS: u32 = 3_000;
pub const SSD_V2_BASELINE_MB_PER_S: u32 = 125;
/// Reads cost a quarter of a write in the write-equivalent method (Google Cloud, "Plan the size
/// of your Managed Service for Apache Kafka cluster": "read bandwidth is 4 times more efficient").
pub const READ_WEIGHT: f64 = 0.25;
/// Blob operations are billed per 10,000.
const OPS_PER_UNIT: f64 = 10_000.0;
const BYTES_PER_MIB: f64 = 1_048_576.0;

/// Where the retained data lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Storage {
    /// Everything on broker disks.
    Local,
    /// The last `tiered_local_retention_hours` on broker disks, everything in Blob.
    Tiered,
}

/// Whose brokers: Apache Kafka (with a KRaft controller quorum) or Redpanda (Raft inside the
/// brokers, no separate controllers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Kafka,
    Redpanda,
}

/// The write-equivalent rate of a workload, MB/s (Google's method): produce × replicas for the
/// writes, plus a quarter of consumer reads and follower fetches.
pub(crate) fn write_equivalent(produce: f64, consume: f64, rf: u32) -> f64 {
    let rf = f64::from(rf.max(1));
    produce * rf + (consume + produce * (rf - 1.0)) * READ_WEIGHT
}

/// Self-managed Kafka; `on_aks` adds the AKS cluster's fixed costs.
pub(crate) fn self_managed<E: Emit>(
    ctx: &SizingCtx,
    d: &Drivers,
    on_aks: bool,
    storage: Storage,
    engine: Engine,
    e: &mut E,
) -> Sizing {
    let a = &ctx.assumptions;
    let rf = a.replication_factor.max(1);
    let peak = d.write_mb_per_s * ctx.peak_to_average;
    let consume = ctx.consumed_mb_per_s(d);
    let vcpus_per_broker = vm_vcpus(&a.broker_vm_size).unwrap_or(1);
    let avg_eq = write_equivalent(d.write_mb_per_s, consume, rf);
    let peak_eq = avg_eq * ctx.peak_to_average;
    let target = (a.broker_target_cpu_percent / 100.0).clamp(0.01, 1.0);
    // Google: vCPUs = write-equivalent ÷ (20 MB/s × target); at the peak the brokers may run
    // at 100%, so whichever of the two needs more vCPUs decides.
    let vcpus =
        (avg_eq / (a.broker_mb_per_s_per_vcpu * target)).max(peak_eq / a.broker_mb_per_s_per_vcpu);
    let by_throughput = ceil_units(vcpus / f64::from(vcpus_per_broker));
    let replicas = u64::from(ctx.partitions_needed) * u64::from(rf);
    let by_partitions =
        u32::try_from(replicas.div_ceil(u64::from(a.max_partition_replicas_per_broker.max(1))))
            .unwrap_or(u32::MAX);
    let headroom = 1.0 + a.disk_headroom_percent / 100.0;
    let local_hours = match storage {
        Storage::Local => d.retention_hours,
        Storage::Tiered => d
            .retention_hours
            .min(f64::from(a.tiered_local_retention_hours)),
    };
    let data_gib =
        d.write_mb_per_s * BYTES_PER_MB * local_hours * 3_600.0 * f64::from(rf) * headroom
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
            "Write-equivalent = {} MB/s × RF {rf} + ({} MB/s consumed [{} MB/s × {} consumer groups + {} MB/s Connect sinks] + {} MB/s × (RF {rf} − 1)) ÷ 4 = {} MB/s on average, {} MB/s at peak (Google Cloud's cluster-sizing method). vCPUs = max({} ÷ ({} MB/s per vCPU × {}% target), {} ÷ {}) = {}.",
            fmt_f(d.write_mb_per_s),
            fmt_f(consume),
            fmt_f(d.write_mb_per_s),
            fmt_f(d.read_fanout),
            fmt_f(ctx.sink_mb_per_s),
            fmt_f(d.write_mb_per_s),
            fmt_f(avg_eq),
            fmt_f(peak_eq),
            fmt_f(avg_eq),
            fmt_f(a.broker_mb_per_s_per_vcpu),
            fmt_f(a.broker_target_cpu_percent),
            fmt_f(peak_eq),
            fmt_f(a.broker_mb_per_s_per_vcpu),
            fmt_f(vcpus),
        )
    });
    e.note(|| {
        format!(
            "Brokers = max(minimum {minimum}, ceil({} vCPUs ÷ {vcpus_per_broker} per {}) = {by_throughput}, ceil({} partitions × RF {rf} ÷ {} replicas per broker) = {by_partitions}, ceil({} GiB ÷ {} GiB per broker) = {by_disk}){} = {brokers}.",
            fmt_f(vcpus),
            a.broker_vm_size,
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
            component: match engine {
                Engine::Kafka => format!("Kafka brokers on {}", a.broker_vm_size),
                Engine::Redpanda => format!("Redpanda brokers on {}", a.broker_vm_size),
            },
            inputs: format!("{brokers} VM × {HOURS_PER_MONTH} h"),
        },
    );
    let controllers = match engine {
        Engine::Kafka => kraft_controllers(a, e),
        Engine::Redpanda => 0,
    };
    let retained_text = match storage {
        Storage::Local => format!("{} h", fmt_f(d.retention_hours)),
        Storage::Tiered => format!("{} h local retention", fmt_f(local_hours)),
    };
    e.add(
        Meter::SsdV2Capacity,
        Category::Storage,
        disk_total as f64 * HOURS,
        Basis::Total,
        || Describe {
            component: "Broker data disks (Premium SSD v2, LRS per zone)".to_owned(),
            inputs: format!(
                "{brokers} disks × {disk_gib} GiB [{} MB/s × {retained_text} × 3,600 s × RF {rf} × (1 + {}% headroom) = {} GiB ÷ {brokers}] × {HOURS_PER_MONTH} h",
                fmt_f(d.write_mb_per_s),
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
    let mut sizing = Sizing {
        peak_write_mb_per_s: peak,
        retained_gb: super::event_hubs::retained_gb(d),
        brokers: Some(brokers),
        kraft_controllers: (engine == Engine::Kafka).then_some(controllers),
        disk_gib_per_broker: Some(disk_gib),
        disk_gib_total: Some(disk_total),
        disk_iops_per_broker: Some(disk_iops),
        disk_mb_per_s_per_broker: Some(disk_mbps),
        aks_clusters: u32::from(on_aks),
        ..Sizing::default()
    };
    if storage == Storage::Tiered {
        tiered_blob(ctx, d, consume, &mut sizing, e);
    }
    sizing.cross_zone_gb_per_month = cross_zone(ctx, d, rf, consume, true, e);
    sizing
}

/// The Blob side of tiered storage: one copy of the whole retention (the leader uploads each
/// closed segment once), block uploads, and reads of data older than the local retention.
fn tiered_blob<E: Emit>(
    ctx: &SizingCtx,
    d: &Drivers,
    consume: f64,
    sizing: &mut Sizing,
    e: &mut E,
) {
    let a = &ctx.assumptions;
    let blob_gb = super::event_hubs::retained_gb(d);
    let zrs = ctx.az >= 3;
    e.add(
        if zrs {
            Meter::BlobHotZrsCapacity
        } else {
            Meter::BlobHotCapacity
        },
        Category::Storage,
        blob_gb,
        Basis::Total,
        || Describe {
            component: format!(
                "Tiered storage in Blob (Hot {}, one copy of the whole retention)",
                if zrs {
                    "ZRS, as the scenario is zone-redundant"
                } else {
                    "LRS"
                }
            ),
            inputs: format!(
                "{} MB/s × {} h × 3,600 s ÷ 1,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(d.retention_hours)
            ),
        },
    );
    let block_mb = a.tiered_block_mib * BYTES_PER_MIB / BYTES_PER_MB;
    let puts = d.write_mb_per_s * SECONDS_PER_MONTH / block_mb;
    e.add(
        if zrs {
            Meter::BlobHotZrsWrite
        } else {
            Meter::BlobHotWrite
        },
        Category::Storage,
        puts / OPS_PER_UNIT,
        Basis::Total,
        || Describe {
            component: "Tiered-storage uploads (Blob Put Block operations)".to_owned(),
            inputs: format!(
                "{} MB/s × 2,628,000 s ÷ {} MB per block ({} MiB) = {} PUTs ÷ 10,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(block_mb),
                fmt_f(a.tiered_block_mib),
                fmt_f(puts)
            ),
        },
    );
    let share = a.tiered_remote_read_percent / 100.0;
    let gets = consume * share * SECONDS_PER_MONTH / block_mb;
    e.add(
        if zrs { Meter::BlobHotZrsRead } else { Meter::BlobHotRead },
        Category::Storage,
        gets / OPS_PER_UNIT,
        Basis::Total,
        || Describe {
            component: "Tiered-storage reads older than the local retention (Blob GET)".to_owned(),
            inputs: format!(
                "{} MB/s consumed × {}% from Blob × 2,628,000 s ÷ {} MB per block = {} GETs ÷ 10,000",
                fmt_f(consume),
                fmt_f(a.tiered_remote_read_percent),
                fmt_f(block_mb),
                fmt_f(gets)
            ),
        },
    );
    e.note(|| format!(
        "Tiered storage (KIP-405, Apache Kafka ≥ 3.9) through an open-source RemoteStorageManager such as Aiven's tiered-storage-for-apache-kafka: broker disks hold {} h, Blob the full {} h. Compacted topics, Connect's internal topics included, cannot be tiered and stay on broker disks (their size is small next to the headroom); compacted data topics would need their own local disk.",
        a.tiered_local_retention_hours.min(d.retention_hours.round() as u32),
        fmt_f(d.retention_hours)
    ));
    sizing.blob_gb = Some(blob_gb);
    sizing.blob_put_per_month = Some(puts);
    sizing.blob_get_per_month = Some(gets);
}

/// Bytes crossing zones per byte produced (reference R18), at the inter-zone rate (the
/// scenario's assumption, else the catalog's). The line appears even when that rate is 0 so
/// the figure stays visible. `replicated`: brokers copy each byte to RF − 1 other zones.
pub(crate) fn cross_zone<E: Emit>(
    ctx: &SizingCtx,
    d: &Drivers,
    rf: u32,
    consume: f64,
    replicated: bool,
    e: &mut E,
) -> Option<f64> {
    if ctx.az < 2 {
        e.note(|| "One availability zone: no cross-zone traffic.".to_owned());
        return None;
    }
    // With clients spread evenly, 2 of 3 producers and consumers talk to a leader in another zone.
    let consumers = if ctx.assumptions.fetch_from_follower {
        0.0
    } else {
        consume * 2.0 / 3.0
    };
    let replication = if replicated {
        f64::from(rf.max(1) - 1)
    } else {
        0.0
    };
    let gb_per_month =
        (d.write_mb_per_s * (2.0 / 3.0 + replication) + consumers) * SECONDS_PER_MONTH / MB_PER_GB;
    e.add(
        Meter::InterZone,
        Category::Network,
        gb_per_month * 2.0,
        Basis::Total,
        || Describe {
            component: "Cross-zone traffic (producers, replication, consumers)".to_owned(),
            inputs: format!(
                "({} MB/s × (2/3 producer + {} replication) + {}) × 2,628,000 s ÷ 1,000 = {} GB × 2 (billed out and in)",
                fmt_f(d.write_mb_per_s),
                if replicated { format!("{}", rf.max(1) - 1) } else { "0".to_owned() },
                if ctx.assumptions.fetch_from_follower {
                    "0 consumers with fetch-from-follower".to_owned()
                } else {
                    format!("{} MB/s consumed × 2/3", fmt_f(consume))
                },
                fmt_f(gb_per_month)
            ),
        },
    );
    Some(gb_per_month)
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
