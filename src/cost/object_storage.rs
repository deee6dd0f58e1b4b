//! A Kafka-compatible platform on object storage (AutoMQ-style): stateless brokers, a small
//! write-ahead-log disk per broker, one copy of the data in Blob storage, and Blob operations
//! (references §3.1, §3.2, R18).
//!
//! Modelling choices, stated so they can be challenged:
//! - PUTs = bytes written ÷ object size. Compaction re-writes (AutoMQ merges small WAL objects)
//!   are not modelled; they add PUT and GET operations of the same order.
//! - GETs = bytes read from Blob ÷ object size, where bytes read = write × fan-out × the share of
//!   reads served from Blob (assumption `object_storage_blob_read_percent`, default 100%: an
//!   upper bound, since tail reads are usually served from the broker's cache).
//! - Brokers reach Blob through a VNet service endpoint (no charge); a private endpoint would
//!   add $/GB processed both ways.
//! - No inter-zone replication: durability comes from Blob and a zone-redundant WAL.

use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::Meter;
use super::model::{Ctx, Drivers};
use super::sizing::Sizing;
use super::units::{HOURS, HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH, ceil_units};

/// Blob operations are billed per 10,000.
const OPS_PER_UNIT: f64 = 10_000.0;

pub(crate) fn object_storage<E: Emit>(ctx: &Ctx, d: &Drivers, e: &mut E) -> Sizing {
    let a = &ctx.a;
    let peak = d.write_mb_per_s * ctx.peak_to_average;
    let zones = u32::from(ctx.az);
    let minimum = if zones >= 3 { 3 } else { 2 };
    let by_throughput = ceil_units(peak / a.object_storage_broker_write_mb_per_s);
    let mut brokers = minimum.max(by_throughput);
    if zones > 1 {
        brokers = brokers.div_ceil(zones).saturating_mul(zones);
    }
    e.note(|| {
        format!(
            "Stateless brokers = max(minimum {minimum}, ceil({} MB/s peak ÷ {} MB/s per broker) = {by_throughput}){} = {brokers}; on the broker VM size ({}).",
            fmt_f(peak),
            fmt_f(a.object_storage_broker_write_mb_per_s),
            if zones > 1 { format!(", rounded up to a multiple of {zones} zones") } else { String::new() },
            a.broker_vm_size
        )
    });
    e.add(
        Meter::BrokerVm,
        Category::Compute,
        f64::from(brokers) * HOURS,
        Basis::Total,
        || Describe {
            component: format!("Stateless brokers on {}", a.broker_vm_size),
            inputs: format!("{brokers} VM × {HOURS_PER_MONTH} h"),
        },
    );
    let controllers = super::self_managed::kraft_controllers(a, e);
    let wal = a.object_storage_wal_gib;
    e.add(
        Meter::SsdV2Capacity,
        Category::Storage,
        f64::from(brokers) * f64::from(wal) * HOURS,
        Basis::Total,
        || Describe {
            component: "Write-ahead-log disks (priced as Premium SSD v2 LRS)".to_owned(),
            inputs: format!("{brokers} disks × {wal} GiB × {HOURS_PER_MONTH} h"),
        },
    );
    e.note(|| "AutoMQ on Azure documents a zone-redundant WAL disk; no ZRS disk price was found, so the WAL is priced as Premium SSD v2 LRS within its free IOPS/throughput baseline.".to_owned());

    let blob_gb = super::event_hubs::retained_gb(d);
    e.add(
        Meter::BlobHotCapacity,
        Category::Storage,
        blob_gb,
        Basis::Total,
        || Describe {
            component: "Blob storage capacity (Hot LRS, one copy)".to_owned(),
            inputs: format!(
                "{} MB/s × {} h × 3,600 s ÷ 1,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(d.retention_hours)
            ),
        },
    );
    let object_mb = a.object_storage_object_mb;
    let puts = d.write_mb_per_s * SECONDS_PER_MONTH / object_mb;
    e.add(
        Meter::BlobHotWrite,
        Category::Storage,
        puts / OPS_PER_UNIT,
        Basis::Total,
        || Describe {
            component: "Blob write operations (PUT)".to_owned(),
            inputs: format!(
                "{} MB/s × 2,628,000 s ÷ {} MB per object = {} PUTs ÷ 10,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(object_mb),
                fmt_f(puts)
            ),
        },
    );
    let read_share = a.object_storage_blob_read_percent / 100.0;
    let gets = d.write_mb_per_s * d.read_fanout * read_share * SECONDS_PER_MONTH / object_mb;
    e.add(
        Meter::BlobHotRead,
        Category::Storage,
        gets / OPS_PER_UNIT,
        Basis::Total,
        || Describe {
            component: "Blob read operations (GET)".to_owned(),
            inputs: format!(
                "{} MB/s × {} consumer groups × {}% read from Blob × 2,628,000 s ÷ {} MB per object = {} GETs ÷ 10,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(d.read_fanout),
                fmt_f(a.object_storage_blob_read_percent),
                fmt_f(object_mb),
                fmt_f(gets)
            ),
        },
    );
    if a.object_storage_subscription_per_month > 0.0 {
        e.add(
            Meter::ObjectStorageSubscription,
            Category::License,
            1.0,
            Basis::Total,
            || Describe {
                component: "Platform subscription / support".to_owned(),
                inputs: "1 month".to_owned(),
            },
        );
    } else {
        e.note(|| "No subscription priced (open source; assumption object_storage_subscription_per_month = 0).".to_owned());
    }
    let on_aks = ctx.runtime_is_aks();
    if on_aks {
        super::connect::aks_fee(e, true);
    }
    e.note(|| format!(
        "No cross-zone replication traffic: brokers do not replicate (Blob holds the single copy). Blob traffic stays in the region; {} GB/month leaves brokers for Blob.",
        fmt_f(d.write_mb_per_s * SECONDS_PER_MONTH / MB_PER_GB)
    ));
    Sizing {
        peak_write_mb_per_s: peak,
        retained_gb: blob_gb,
        brokers: Some(brokers),
        kraft_controllers: Some(controllers),
        wal_gib_per_broker: Some(wal),
        blob_gb: Some(blob_gb),
        blob_put_per_month: Some(puts),
        blob_get_per_month: Some(gets),
        aks_clusters: u32::from(on_aks),
        ..Sizing::default()
    }
}
