//! Azure Event Hubs (Kafka endpoint): Standard throughput units, Premium processing units,
//! Dedicated capacity units, their included storage, Capture and private endpoints.
//!
//! Capacity facts are product limits from Microsoft's docs (reference azure-pricing.md §1b–§1d),
//! not prices; prices come from the catalog.

use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::Meter;
use super::model::{Ctx, Drivers};
use super::sizing::Sizing;
use super::units::{
    BYTES_PER_MB, HOURS, HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH, ceil_units,
};

/// One TU admits 1 MB/s or 1,000 events/s of ingress, whichever comes first (`compare-tiers.md`).
pub const TU_INGRESS_MB_PER_S: f64 = 1.0;
pub const TU_INGRESS_EVENTS_PER_S: f64 = 1_000.0;
/// One TU serves 2 MB/s or 4,096 events/s of egress.
pub const TU_EGRESS_MB_PER_S: f64 = 2.0;
pub const TU_EGRESS_EVENTS_PER_S: f64 = 4_096.0;
/// Most TUs a Standard namespace may have (`compare-tiers.md`, 2026).
pub const MAX_TU: u32 = 40;
/// Storage included per TU, GB (`compare-tiers.md` quota table).
pub const INCLUDED_GB_PER_TU: f64 = 84.0;
/// Ingress events are billed in 64 KB units: a larger record counts as several events.
pub const EVENT_BILLING_BYTES: u32 = 65_536;
/// Event hubs (topics) per namespace on Standard.
pub const STANDARD_TOPICS_PER_NAMESPACE: u32 = 10;
/// Premium processing units are bought in these sizes (`event-hubs-premium-overview.md`).
pub const PU_SIZES: [u32; 5] = [1, 2, 4, 8, 16];
/// Event hubs per PU and partitions per PU (namespace budgets).
pub const TOPICS_PER_PU: u32 = 100;
pub const PARTITIONS_PER_PU: u32 = 200;
/// Storage included per PU, GB (1 TB, taken as 1,000 GB).
pub const INCLUDED_GB_PER_PU: f64 = 1_000.0;
/// Event hubs per CU and partitions per CU.
pub const TOPICS_PER_CU: u32 = 1_000;
pub const PARTITIONS_PER_CU: u32 = 2_000;
/// Storage included per CU, GB (10 TB, taken as 10,000 GB).
pub const INCLUDED_GB_PER_CU: f64 = 10_000.0;
/// CUs a cluster scales to without a support request (`compare-tiers.md`, 2026).
pub const SELF_SERVE_MAX_CU: u32 = 10;

/// Data retained at the average write rate, GB (one logical copy: the service's own
/// replication is not billed).
pub(crate) fn retained_gb(d: &Drivers) -> f64 {
    d.write_mb_per_s * d.retention_hours * 3_600.0 / MB_PER_GB
}

/// Event Hubs Standard.
pub(crate) fn standard<E: Emit>(ctx: &Ctx, d: &Drivers, e: &mut E) -> Sizing {
    let peak_in = d.write_mb_per_s * ctx.peak_to_average;
    let peak_events = peak_in * BYTES_PER_MB / ctx.avg_record_bytes;
    let peak_out = peak_in * d.read_fanout;
    let peak_out_events = peak_events * d.read_fanout;
    let by = [
        peak_in / TU_INGRESS_MB_PER_S,
        peak_events / TU_INGRESS_EVENTS_PER_S,
        peak_out / TU_EGRESS_MB_PER_S,
        peak_out_events / TU_EGRESS_EVENTS_PER_S,
    ];
    let needed = ceil_units(by.iter().copied().fold(0.0, f64::max)).max(1);
    let tus = needed.min(MAX_TU);
    e.note(|| {
        format!(
            "Throughput units = ceil(max(ingress {} MB/s ÷ 1, {} events/s ÷ 1,000, egress {} MB/s ÷ 2, {} events/s ÷ 4,096)) = {needed} at peak ({}× average, {} B records, read fan-out {}).",
            fmt_f(peak_in),
            fmt_f(peak_events),
            fmt_f(peak_out),
            fmt_f(peak_out_events),
            fmt_f(ctx.peak_to_average),
            fmt_f(ctx.avg_record_bytes),
            fmt_f(d.read_fanout)
        )
    });
    if needed > MAX_TU {
        e.note(|| format!(
            "The load needs {needed} TUs but a Standard namespace stops at {MAX_TU}: priced at {MAX_TU}, and producers would be throttled. Premium or Dedicated, or several namespaces, are needed."
        ));
    }
    if ctx.topics_needed > STANDARD_TOPICS_PER_NAMESPACE {
        e.note(|| format!(
            "{} topics (incl. Connect's internal topics) exceed the {STANDARD_TOPICS_PER_NAMESPACE} event hubs a Standard namespace holds; priced as one namespace.",
            ctx.topics_needed
        ));
    }
    e.add(
        Meter::EhStandardTu,
        Category::Streaming,
        f64::from(tus) * HOURS,
        Basis::Total,
        || Describe {
            component: "Event Hubs Standard throughput units".to_owned(),
            inputs: format!("{tus} TU × {HOURS_PER_MONTH} h"),
        },
    );

    // A record over 64 KB is billed as several events.
    let units_per_record = ctx
        .avg_record_bytes_u32
        .div_ceil(EVENT_BILLING_BYTES)
        .max(1);
    let million_events = d.write_mb_per_s * BYTES_PER_MB / ctx.avg_record_bytes
        * f64::from(units_per_record)
        * SECONDS_PER_MONTH
        / 1_000_000.0;
    e.add(
        Meter::EhStandardIngress,
        Category::Streaming,
        million_events,
        Basis::Total,
        || Describe {
            component: "Event Hubs Standard ingress events".to_owned(),
            inputs: format!(
                "{} MB/s × 1,000,000 ÷ {} B per record × {units_per_record} billed event(s) per record (64 KB units) × 2,628,000 s ÷ 1,000,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(ctx.avg_record_bytes)
            ),
        },
    );
    e.note(|| "Ingress events are counted per record (an upper bound): whether Event Hubs counts a Kafka batch as one event is unconfirmed.".to_owned());

    if ctx.capture {
        e.add(
            Meter::EhStandardCapture,
            Category::Streaming,
            f64::from(tus) * HOURS,
            Basis::Total,
            || Describe {
                component: "Event Hubs Standard Capture".to_owned(),
                inputs: format!("{tus} TU × {HOURS_PER_MONTH} h"),
            },
        );
    }
    if ctx.a.bill_kafka_endpoint_meter {
        e.add(
            Meter::EhKafkaEndpoint,
            Category::Streaming,
            HOURS,
            Basis::Total,
            || Describe {
                component: "Event Hubs Standard Kafka Endpoint meter (unverified whether billed)"
                    .to_owned(),
                inputs: format!("1 namespace × {HOURS_PER_MONTH} h"),
            },
        );
    } else {
        e.note(|| "The \"Standard Kafka Endpoint\" meter is not priced (assumption bill_kafka_endpoint_meter = false; an invoice reported it absent). Set it to true to add it.".to_owned());
    }

    let stored = retained_gb(d);
    let included = INCLUDED_GB_PER_TU * f64::from(tus);
    let above = (stored - included).max(0.0);
    if above > 0.0 {
        e.add(
            Meter::EhStandardStorageOverage,
            Category::Storage,
            above,
            Basis::Total,
            || Describe {
                component: "Event Hubs Standard storage above the included 84 GB per TU".to_owned(),
                inputs: format!(
                    "{} GB retained ({} MB/s × {} h × 3,600 s ÷ 1,000) − {tus} TU × 84 GB included",
                    fmt_f(stored),
                    fmt_f(d.write_mb_per_s),
                    fmt_f(d.retention_hours)
                ),
            },
        );
    }
    let pe = private_endpoint(ctx, d, e);
    Sizing {
        throughput_units: Some(tus),
        throughput_units_needed: Some(needed),
        ingress_million_events_per_month: Some(million_events),
        storage_above_included_gb: Some(above),
        private_endpoints: pe,
        ..common(ctx, d)
    }
}

/// Event Hubs Premium.
pub(crate) fn premium<E: Emit>(ctx: &Ctx, d: &Drivers, e: &mut E) -> Sizing {
    let peak_in = d.write_mb_per_s * ctx.peak_to_average;
    let by_throughput = ceil_units(peak_in / ctx.a.premium_pu_ingress_mb_per_s);
    let by_topics = ctx.topics_needed.div_ceil(TOPICS_PER_PU);
    let by_partitions = ctx.partitions_needed.div_ceil(PARTITIONS_PER_PU);
    let needed = by_throughput.max(by_topics).max(by_partitions).max(1);
    let pus = PU_SIZES
        .iter()
        .copied()
        .find(|&s| s >= needed)
        .unwrap_or(PU_SIZES[PU_SIZES.len() - 1]);
    e.note(|| {
        format!(
            "Processing units = max(ceil({} MB/s peak ÷ {} MB/s per PU) = {by_throughput}, ceil({} topics ÷ {TOPICS_PER_PU}) = {by_topics}, ceil({} partitions ÷ {PARTITIONS_PER_PU}) = {by_partitions}) = {needed}, bought as {pus} (sizes 1, 2, 4, 8, 16). PU throughput is a low-confidence rule of thumb (assumption premium_pu_ingress_mb_per_s).",
            fmt_f(peak_in),
            fmt_f(ctx.a.premium_pu_ingress_mb_per_s),
            ctx.topics_needed,
            ctx.partitions_needed
        )
    });
    if needed > pus {
        e.note(|| format!(
            "The load needs {needed} PUs but a Premium namespace stops at 16: priced at 16; more than one namespace would be needed."
        ));
    }
    e.add(
        Meter::EhPremiumPu,
        Category::Streaming,
        f64::from(pus) * HOURS,
        Basis::Total,
        || Describe {
            component: "Event Hubs Premium processing units".to_owned(),
            inputs: format!("{pus} PU × {HOURS_PER_MONTH} h"),
        },
    );
    let above = extended_retention(
        e,
        d,
        Meter::EhPremiumRetention,
        "Premium",
        f64::from(pus) * INCLUDED_GB_PER_PU,
        format!("{pus} PU × 1,000 GB"),
    );
    e.note(|| "Capture is included in Premium; ingress events are not billed.".to_owned());
    let pe = private_endpoint(ctx, d, e);
    Sizing {
        processing_units: Some(pus),
        processing_units_needed: Some(needed),
        storage_above_included_gb: Some(above),
        private_endpoints: pe,
        ..common(ctx, d)
    }
}

/// Event Hubs Dedicated.
pub(crate) fn dedicated<E: Emit>(ctx: &Ctx, d: &Drivers, e: &mut E) -> Sizing {
    let peak_in = d.write_mb_per_s * ctx.peak_to_average;
    let by_throughput = ceil_units(peak_in / ctx.a.dedicated_cu_ingress_mb_per_s);
    let by_topics = ctx.topics_needed.div_ceil(TOPICS_PER_CU);
    let by_partitions = ctx.partitions_needed.div_ceil(PARTITIONS_PER_CU);
    let cus = by_throughput.max(by_topics).max(by_partitions).max(1);
    e.note(|| {
        format!(
            "Capacity units = max(1, ceil({} MB/s peak ÷ {} MB/s per CU) = {by_throughput}, ceil({} topics ÷ {TOPICS_PER_CU}) = {by_topics}, ceil({} partitions ÷ {PARTITIONS_PER_CU}) = {by_partitions}) = {cus}.",
            fmt_f(peak_in),
            fmt_f(ctx.a.dedicated_cu_ingress_mb_per_s),
            ctx.topics_needed,
            ctx.partitions_needed
        )
    });
    if cus > SELF_SERVE_MAX_CU {
        e.note(|| format!(
            "{cus} CUs exceed the {SELF_SERVE_MAX_CU} a cluster scales to without a support request."
        ));
    }
    e.add(
        Meter::EhDedicatedCu,
        Category::Streaming,
        f64::from(cus) * HOURS,
        Basis::Total,
        || Describe {
            component: "Event Hubs Dedicated capacity units".to_owned(),
            inputs: format!("{cus} CU × {HOURS_PER_MONTH} h"),
        },
    );
    let above = extended_retention(
        e,
        d,
        Meter::EhDedicatedRetention,
        "Dedicated",
        f64::from(cus) * INCLUDED_GB_PER_CU,
        format!("{cus} CU × 10,000 GB"),
    );
    e.note(|| "Capture is included in Dedicated; ingress events are not billed; billing has a 4-hour minimum (irrelevant for a month).".to_owned());
    let pe = private_endpoint(ctx, d, e);
    Sizing {
        capacity_units: Some(cus),
        storage_above_included_gb: Some(above),
        private_endpoints: pe,
        ..common(ctx, d)
    }
}

fn common(ctx: &Ctx, d: &Drivers) -> Sizing {
    Sizing {
        peak_write_mb_per_s: d.write_mb_per_s * ctx.peak_to_average,
        retained_gb: retained_gb(d),
        ..Sizing::default()
    }
}

/// Retention storage above what the units include; returns the GB above.
fn extended_retention<E: Emit>(
    e: &mut E,
    d: &Drivers,
    meter: Meter,
    tier: &'static str,
    included: f64,
    included_text: String,
) -> f64 {
    let stored = retained_gb(d);
    let above = (stored - included).max(0.0);
    if above > 0.0 {
        e.add(meter, Category::Storage, above, Basis::Total, || Describe {
            component: format!("Event Hubs {tier} extended retention above included storage"),
            inputs: format!(
                "{} GB retained ({} MB/s × {} h × 3,600 s ÷ 1,000) − {included_text} included",
                fmt_f(stored),
                fmt_f(d.write_mb_per_s),
                fmt_f(d.retention_hours)
            ),
        });
    }
    above
}

/// One private endpoint for the namespace, and the data it processes both ways.
fn private_endpoint<E: Emit>(ctx: &Ctx, d: &Drivers, e: &mut E) -> u32 {
    if !ctx.private_link {
        return 0;
    }
    e.add(
        Meter::PrivateEndpoint,
        Category::Network,
        HOURS,
        Basis::Total,
        || Describe {
            component: "Private endpoint for the Event Hubs namespace".to_owned(),
            inputs: format!("1 endpoint × {HOURS_PER_MONTH} h"),
        },
    );
    let gb_in = d.write_mb_per_s * SECONDS_PER_MONTH / MB_PER_GB;
    let gb_out = gb_in * d.read_fanout;
    e.add(
        Meter::PrivateLinkIngress,
        Category::Network,
        gb_in,
        Basis::Total,
        || Describe {
            component: "Private Link data processed, inbound (producers)".to_owned(),
            inputs: format!("{} MB/s × 2,628,000 s ÷ 1,000", fmt_f(d.write_mb_per_s)),
        },
    );
    e.add(
        Meter::PrivateLinkEgress,
        Category::Network,
        gb_out,
        Basis::Total,
        || Describe {
            component: "Private Link data processed, outbound (consumer groups)".to_owned(),
            inputs: format!(
                "{} MB/s × {} consumer groups × 2,628,000 s ÷ 1,000",
                fmt_f(d.write_mb_per_s),
                fmt_f(d.read_fanout)
            ),
        },
    );
    1
}
