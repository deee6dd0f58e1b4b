//! A Kafka-compatible platform on object storage (AutoMQ-style): stateless brokers, a small
//! write-ahead-log disk per broker, one copy of the data in Blob storage, and Blob operations
//! (references §3.1, §3.2, R18).
//!
//! Modelling choices, stated so they can be challenged:
//! - PUTs = bytes written ÷ object size, plus compaction: every byte is read and re-written
//!   once more as small WAL objects are merged.
//! - GETs = bytes read from Blob ÷ object size, where bytes read = write × fan-out × the share of
//!   reads served from Blob (assumption `object_storage_blob_read_percent`, default 100%: an
//!   upper bound, since tail reads are usually served from the broker's cache).
//! - Brokers reach Blob through a VNet service endpoint (no charge); a private endpoint would
//!   add $/GB processed both ways.
//! - No inter-zone replication: durability comes from Blob (ZRS when zone-redundant) and a
//!   zone-redundant WAL disk; producers and consumers still cross zones to reach a broker.

use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::{Meter, wal_disk};
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
    let zrs = ctx.az >= 3;
    let wal = wal_disk(a);
    e.add(
        if zrs { Meter::WalDiskZrs } else { Meter::WalDiskLrs },
        Category::Storage,
        f64::from(brokers),
        Basis::Total,
        || Describe {
            component: format!(
                "Write-ahead-log disks (Premium SSD {} {}, {} GiB, {} MB/s)",
                wal.name,
                if zrs { "ZRS: survives a zone loss" } else { "LRS" },
                wal.gib,
                wal.mb_per_s
            ),
            inputs: format!(
                "{brokers} disk(s) × 1 month [smallest tier with ≥ {} GiB and ≥ {} MB/s per broker]",
                a.object_storage_wal_gib,
                fmt_f(a.object_storage_broker_write_mb_per_s)
            ),
        },
    );
    e.note(|| "AutoMQ on Azure documents a zone-redundant WAL disk (\"Regional EBS replicas span multiple AZs\"); Premium SSD v2 has no ZRS, so the WAL is a Premium SSD (v1) tier, ZRS when the scenario is zone-redundant.".to_owned());

    let blob_gb = super::event_hubs::retained_gb(d);
    let (capacity, write, read) = if zrs {
        (
            Meter::BlobHotZrsCapacity,
            Meter::BlobHotZrsWrite,
            Meter::BlobHotZrsRead,
        )
    } else {
        (
            Meter::BlobHotCapacity,
            Meter::BlobHotWrite,
            Meter::BlobHotRead,
        )
    };
    let redundancy = if zrs { "ZRS" } else { "LRS" };
    e.add(capacity, Category::Storage, blob_gb, Basis::Total, || {
        Describe {
            component: format!("Blob storage capacity (Hot {redundancy}, one copy)"),
            inputs: format!(
                "{} MB/s × {} h × 3,600 s ÷ 1,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(d.retention_hours)
            ),
        }
    });
    let object_mb = a.object_storage_object_mb;
    let puts = d.write_mb_per_s * SECONDS_PER_MONTH / object_mb;
    e.add(
        write,
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
    let consume = ctx.consumed_mb_per_s(d);
    let read_share = a.object_storage_blob_read_percent / 100.0;
    let gets = consume * read_share * SECONDS_PER_MONTH / object_mb;
    e.add(read, Category::Storage, gets / OPS_PER_UNIT, Basis::Total, || Describe {
        component: "Blob read operations (GET)".to_owned(),
        inputs: format!(
            "{} MB/s consumed [{} MB/s × {} consumer groups + {} MB/s Connect sinks] × {}% read from Blob × 2,628,000 s ÷ {} MB per object = {} GETs ÷ 10,000",
            fmt_f(consume),
            fmt_f(d.write_mb_per_s),
            fmt_f(d.read_fanout),
            fmt_f(ctx.sink_mb_per_s),
            fmt_f(a.object_storage_blob_read_percent),
            fmt_f(object_mb),
            fmt_f(gets)
        ),
    });
    // Compaction merges the small objects the WAL flushes into larger ones: every byte is
    // read once and written once more (AutoMQ's stream-set object compaction).
    let compaction = d.write_mb_per_s * SECONDS_PER_MONTH / object_mb;
    e.add(
        write,
        Category::Storage,
        compaction / OPS_PER_UNIT,
        Basis::Total,
        || Describe {
            component: "Blob write operations of compaction (objects re-written once)".to_owned(),
            inputs: format!(
                "{} MB/s × 2,628,000 s ÷ {} MB per object = {} PUTs ÷ 10,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(object_mb),
                fmt_f(compaction)
            ),
        },
    );
    e.add(
        read,
        Category::Storage,
        compaction / OPS_PER_UNIT,
        Basis::Total,
        || Describe {
            component: "Blob read operations of compaction (objects read once)".to_owned(),
            inputs: format!(
                "{} MB/s × 2,628,000 s ÷ {} MB per object = {} GETs ÷ 10,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(object_mb),
                fmt_f(compaction)
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
                component: "Platform licence / subscription (commercial build)".to_owned(),
                inputs: "1 month".to_owned(),
            },
        );
    } else {
        e.note(|| "No licence priced: the open-source build (assumption object_storage_subscription_per_month = 0). A commercial build's licence goes there.".to_owned());
    }
    let cross_zone = super::self_managed::cross_zone(ctx, d, 1, consume, false, e);
    e.note(|| format!(
        "No cross-zone replication traffic: brokers do not replicate (Blob holds the single copy). Blob traffic stays in the region; {} GB/month leaves brokers for Blob.",
        fmt_f(d.write_mb_per_s * SECONDS_PER_MONTH / MB_PER_GB)
    ));
    Sizing {
        peak_write_mb_per_s: peak,
        retained_gb: blob_gb,
        brokers: Some(brokers),
        kraft_controllers: Some(controllers),
        wal_gib_per_broker: Some(wal.gib),
        blob_gb: Some(blob_gb),
        blob_put_per_month: Some(puts),
        blob_get_per_month: Some(gets),
        cross_zone_gb_per_month: cross_zone,
        ..Sizing::default()
    }
}
