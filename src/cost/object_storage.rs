//! The Kafka-compatible platform on object storage, per vendor profile as it exists on Azure
//! (`shared/reference/connect-runtime-and-platforms.md` §2):
//! - **WarpStream BYOC**: stateless agents (your VMs) writing straight to Blob, no disk WAL, no
//!   controllers (WarpStream runs the metadata plane); WarpStream bills cluster-minutes and
//!   uncompressed GiB written and stored (catalog rows with their source).
//! - **AutoMQ BYOC** and **AutoMQ open source**: stateless brokers, a small write-ahead-log disk
//!   per broker, KRaft controllers, one copy in Blob (references §3.1, §3.2, R18); the BYOC
//!   licence is the user's figure. The open-source build cannot store data in Blob (rule
//!   OS-BLOB disqualifies it); its lines show what it would cost behind an S3 API.
//! - **Redpanda BYOC**: replicated brokers with local disks and tiered storage to Blob, sized
//!   like self-managed Kafka's tiered variant, plus the subscription the user enters.
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

use super::ctx::{Drivers, SizingCtx};
use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::{Meter, wal_disk};
use super::sizing::Sizing;
use super::units::{HOURS, HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH, ceil_units};
use crate::domain::ObjectStorageProfile;

/// Blob operations are billed per 10,000.
const OPS_PER_UNIT: f64 = 10_000.0;

/// MB in one GiB (WarpStream bills in GiB; the model counts MB of 10^6 bytes).
const MB_PER_GIB: f64 = 1_073.741_824;

pub(crate) fn object_storage<E: Emit>(
    ctx: &SizingCtx,
    d: &Drivers,
    profile: ObjectStorageProfile,
    e: &mut E,
) -> Sizing {
    match profile {
        ObjectStorageProfile::WarpStream => warpstream(ctx, d, e),
        ObjectStorageProfile::AutoMq => automq(ctx, d, true, e),
        ObjectStorageProfile::AutoMqOpenSource => automq(ctx, d, false, e),
        ObjectStorageProfile::Redpanda => redpanda(ctx, d, e),
    }
}

/// Stateless nodes from the peak write rate: at least 2 (3 across zones), a multiple of the
/// zones. `what` names them ("Stateless brokers", "WarpStream agents").
fn stateless_nodes<E: Emit>(ctx: &SizingCtx, d: &Drivers, what: &'static str, e: &mut E) -> u32 {
    let a = &ctx.assumptions;
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
            "{what} = max(minimum {minimum}, ceil({} MB/s peak ÷ {} MB/s per node, assumption object_storage_broker_write_mb_per_s) = {by_throughput}){} = {brokers}; on the broker VM size ({}).",
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
            component: format!("{what} on {}", a.broker_vm_size),
            inputs: format!("{brokers} VM × {HOURS_PER_MONTH} h"),
        },
    );
    brokers
}

/// AutoMQ: stateless brokers, KRaft controllers, a write-ahead-log disk per broker, Blob, and
/// the BYOC licence when `commercial`.
fn automq<E: Emit>(ctx: &SizingCtx, d: &Drivers, commercial: bool, e: &mut E) -> Sizing {
    let a = &ctx.assumptions;
    let peak = d.write_mb_per_s * ctx.peak_to_average;
    let brokers = stateless_nodes(ctx, d, "Stateless brokers", e);
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

    let blob = blob(ctx, d, e);
    if commercial {
        e.add(
            Meter::ObjectStorageSubscription,
            Category::License,
            1.0,
            Basis::Total,
            || Describe {
                component: "AutoMQ BYOC licence (prepaid AKU, monthly amount; assumption object_storage_subscription_per_month)".to_owned(),
                inputs: "1 month".to_owned(),
            },
        );
    } else {
        e.note(|| "AutoMQ open source: no licence. Its code stores data only through an S3 API (ObjectStorageFactory registers s3, mem and file), so on Azure Blob it is not deployable as priced here; see rule OS-BLOB.".to_owned());
    }
    let consume = ctx.consumed_mb_per_s(d);
    let cross_zone = super::self_managed::cross_zone(ctx, d, 1, consume, false, e);
    e.note(|| format!(
        "No cross-zone replication traffic: brokers do not replicate (Blob holds the single copy). Blob traffic stays in the region; {} GB/month leaves brokers for Blob.",
        fmt_f(d.write_mb_per_s * SECONDS_PER_MONTH / MB_PER_GB)
    ));
    Sizing {
        peak_write_mb_per_s: peak,
        retained_gb: blob.gb,
        brokers: Some(brokers),
        kraft_controllers: Some(controllers),
        wal_gib_per_broker: Some(wal.gib),
        blob_gb: Some(blob.gb),
        blob_put_per_month: Some(blob.puts),
        blob_get_per_month: Some(blob.gets),
        cross_zone_gb_per_month: cross_zone,
        ..Sizing::default()
    }
}

/// What the Blob lines of a profile came to.
struct Blob {
    gb: f64,
    puts: f64,
    gets: f64,
}

/// One copy of the retention in Blob (Hot, ZRS when zone-redundant), its PUTs and GETs, and
/// the compaction that merges small objects (every byte read and written once more).
fn blob<E: Emit>(ctx: &SizingCtx, d: &Drivers, e: &mut E) -> Blob {
    let a = &ctx.assumptions;
    let zrs = ctx.az >= 3;
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
    Blob {
        gb: blob_gb,
        puts,
        gets,
    }
}

/// WarpStream BYOC: agents on the broker VM size (no disk WAL: agents write straight to Blob;
/// no controllers: WarpStream's hosted metadata plane), Blob, and WarpStream's own bill.
fn warpstream<E: Emit>(ctx: &SizingCtx, d: &Drivers, e: &mut E) -> Sizing {
    let a = &ctx.assumptions;
    let peak = d.write_mb_per_s * ctx.peak_to_average;
    let agents = stateless_nodes(ctx, d, "WarpStream agents", e);
    let blob = blob(ctx, d, e);
    e.add(
        Meter::WarpStreamCluster,
        Category::License,
        HOURS * 4.0,
        Basis::Total,
        || Describe {
            component:
                "WarpStream cluster, Fundamentals tier (billed per 15 minutes while agents run)"
                    .to_owned(),
            inputs: format!("{HOURS_PER_MONTH} h × 4 intervals per hour"),
        },
    );
    let ratio = a.uncompressed_ratio;
    let written_gib = d.write_mb_per_s * SECONDS_PER_MONTH * ratio / MB_PER_GIB;
    e.add(
        Meter::WarpStreamWrite,
        Category::License,
        written_gib,
        Basis::Total,
        || Describe {
            component: "WarpStream uncompressed data written".to_owned(),
            inputs: format!(
                "{} MB/s × 2,628,000 s × {} uncompressed ÷ written (assumption uncompressed_ratio) ÷ 1,073.741824 MB/GiB",
                fmt_f(d.write_mb_per_s),
                fmt_f(ratio)
            ),
        },
    );
    let stored_gib = blob.gb * 1_000.0 * ratio / MB_PER_GIB;
    e.add(
        Meter::WarpStreamStorage,
        Category::License,
        stored_gib,
        Basis::Total,
        || Describe {
            component: "WarpStream uncompressed data stored".to_owned(),
            inputs: format!(
                "{} GB retained × 1,000 × {} ÷ 1,073.741824 MB/GiB",
                fmt_f(blob.gb),
                fmt_f(ratio)
            ),
        },
    );
    if ratio <= 1.0 {
        e.note(|| "WarpStream bills uncompressed bytes while workload.write_mb_per_s is after compression: with compressed producers set options.assumptions.uncompressed_ratio, or the WarpStream lines are low.".to_owned());
    }
    let consume = ctx.consumed_mb_per_s(d);
    let cross_zone = super::self_managed::cross_zone(ctx, d, 1, consume, false, e);
    e.note(|| "WarpStream agents do not replicate (Blob holds the single copy) and need no disk write-ahead log: a write is acknowledged once its file is in Blob.".to_owned());
    Sizing {
        peak_write_mb_per_s: peak,
        retained_gb: blob.gb,
        brokers: Some(agents),
        blob_gb: Some(blob.gb),
        blob_put_per_month: Some(blob.puts),
        blob_get_per_month: Some(blob.gets),
        cross_zone_gb_per_month: cross_zone,
        ..Sizing::default()
    }
}

/// Redpanda BYOC: brokers sized like self-managed Kafka's tiered variant (write-equivalent
/// method, replication, local retention, the rest in Blob), no separate controllers (Redpanda
/// runs Raft in its brokers), and the subscription the user enters.
fn redpanda<E: Emit>(ctx: &SizingCtx, d: &Drivers, e: &mut E) -> Sizing {
    let sizing = super::self_managed::self_managed(
        ctx,
        d,
        false,
        super::self_managed::Storage::Tiered,
        super::self_managed::Engine::Redpanda,
        e,
    );
    e.add(
        Meter::RedpandaSubscription,
        Category::License,
        1.0,
        Basis::Total,
        || Describe {
            component:
                "Redpanda BYOC subscription (usage tier; assumption redpanda_byoc_per_month)"
                    .to_owned(),
            inputs: "1 month".to_owned(),
        },
    );
    e.note(|| "Redpanda BYOC brokers are sized with the write-equivalent method used for Apache Kafka (assumption broker_mb_per_s_per_vcpu); Redpanda's own sizing tool may need fewer cores. Its data plane runs in your subscription, so brokers, disks and Blob are billed by Azure; the cluster's own Kubernetes overhead is not priced separately.".to_owned());
    sizing
}
