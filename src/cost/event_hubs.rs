//! Azure Event Hubs (Kafka endpoint): Standard throughput units, Premium processing units,
//! Dedicated capacity units, their included storage, Capture and private endpoints.
//!
//! Capacity facts are product limits from Microsoft's docs (reference azure-pricing.md §1b–§1d),
//! not prices; prices come from the catalog.

use super::ctx::{Drivers, SizingCtx};
use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::Meter;
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
/// Premium processing units are bought per namespace in these sizes (Microsoft Learn,
/// `event-hubs-scalability.md`, "Processing units", read 2026-11-30).
pub const PU_SIZES: [u32; 8] = [1, 2, 4, 6, 8, 10, 12, 16];
/// Most PUs one Premium namespace may have (`compare-tiers.md`).
pub const MAX_PU: u32 = 16;
/// Egress a PU or CU serves per MB/s of ingress: Microsoft gives ~5–10 MB/s in and 10–20 MB/s
/// out per PU (`event-hubs-scalability.md`), and 400 MB/s in / 800 MB/s out for 4 CUs
/// (`event-hubs-dedicated-clusters-faq.md` benchmark).
pub const EGRESS_PER_INGRESS: f64 = 2.0;
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

/// Peak load an Event Hubs namespace must carry, and the busiest topic's share of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Load {
    /// Peak ingress, MB/s.
    pub in_mb: f64,
    /// Peak ingress, events/s.
    pub in_events: f64,
    /// Peak egress, MB/s: consumer groups (read fan-out) plus Connect sink connectors.
    pub out_mb: f64,
    /// Peak egress, events/s.
    pub out_events: f64,
}

impl Load {
    pub fn of(ctx: &SizingCtx, d: &Drivers) -> Self {
        let in_mb = d.write_mb_per_s * ctx.peak_to_average;
        let out_mb = ctx.consumed_mb_per_s(d) * ctx.peak_to_average;
        Self {
            in_mb,
            in_events: in_mb * BYTES_PER_MB / ctx.avg_record_bytes,
            out_mb,
            out_events: out_mb * BYTES_PER_MB / ctx.avg_record_bytes,
        }
    }

    /// `egress 12 MB/s (3 MB/s × 2 consumer groups + 6 MB/s sink connectors) × 2 peak`
    fn egress_text(&self, ctx: &SizingCtx, d: &Drivers) -> String {
        format!(
            "egress {} MB/s [({} MB/s × {} consumer groups + {} MB/s Connect sinks) × {} peak]",
            fmt_f(self.out_mb),
            fmt_f(d.write_mb_per_s),
            fmt_f(d.read_fanout),
            fmt_f(ctx.sink_mb_per_s),
            fmt_f(ctx.peak_to_average)
        )
    }
}

/// How a unit count is spread over namespaces (or clusters) that each stop at `cap` units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spread {
    pub namespaces: u32,
    pub per_namespace: u32,
}

impl Spread {
    pub fn total(self) -> u32 {
        self.namespaces.saturating_mul(self.per_namespace)
    }

    /// `4 namespaces × 16 PU` or `16 PU`.
    fn text(self, unit: &str) -> String {
        if self.namespaces > 1 {
            format!(
                "{} namespaces × {} {unit}",
                self.namespaces, self.per_namespace
            )
        } else {
            format!("{} {unit}", self.per_namespace)
        }
    }
}

/// Spread `needed` units over the fewest namespaces of at most `cap`, each bought at the
/// smallest purchasable size that covers its even share.
pub(crate) fn spread(needed: u32, cap: u32, sizes: Option<&[u32]>) -> Spread {
    let needed = needed.max(1);
    let namespaces = needed.div_ceil(cap.max(1));
    let share = needed.div_ceil(namespaces);
    let per_namespace = match sizes {
        Some(sizes) => sizes.iter().copied().find(|&s| s >= share).unwrap_or(cap),
        None => share,
    };
    Spread {
        namespaces,
        per_namespace,
    }
}

/// What a namespace's cap of `cap` units means for a load needing `by_load` units for its
/// throughput (`needed` in all, spread as `s`): a topic lives in one namespace, so when the
/// busiest topic alone needs more than `cap`, nothing delivers the load; otherwise several
/// namespaces are noted with what they imply.
fn namespace_limit<E: Emit>(
    ctx: &SizingCtx,
    by_load: f64,
    needed: u32,
    s: Spread,
    cap: u32,
    unit: &'static str,
    e: &mut E,
) {
    let busiest = ceil_units(by_load * ctx.busiest_topic_share);
    if busiest > cap {
        e.cannot_deliver(|| format!(
            "the busiest topic ({:.0}% of the traffic) alone needs {busiest} {unit}, and one event hub lives in one namespace of at most {cap} {unit}.",
            ctx.busiest_topic_share * 100.0
        ));
    } else if s.namespaces > 1 {
        e.note(|| format!(
            "{needed} {unit} exceed one namespace's {cap}: priced as {}, with topics split across namespaces and one Connect cluster per namespace (its extra workers are their own line).",
            s.text(unit)
        ));
    }
}

/// Event Hubs Standard.
pub(crate) fn standard<E: Emit>(ctx: &SizingCtx, d: &Drivers, e: &mut E) -> Sizing {
    let load = Load::of(ctx, d);
    let by = [
        load.in_mb / TU_INGRESS_MB_PER_S,
        load.in_events / TU_INGRESS_EVENTS_PER_S,
        load.out_mb / TU_EGRESS_MB_PER_S,
        load.out_events / TU_EGRESS_EVENTS_PER_S,
    ];
    let needed = ceil_units(by.iter().copied().fold(0.0, f64::max)).max(1);
    let s = spread(needed, MAX_TU, None);
    let tus = s.total();
    e.note(|| {
        format!(
            "Throughput units = ceil(max(ingress {} MB/s ÷ 1, {} events/s ÷ 1,000, {} ÷ 2, {} events/s ÷ 4,096)) = {needed} at peak ({}× average, {} B records); bought as {} (a namespace stops at {MAX_TU} TU).",
            fmt_f(load.in_mb),
            fmt_f(load.in_events),
            load.egress_text(ctx, d),
            fmt_f(load.out_events),
            fmt_f(ctx.peak_to_average),
            fmt_f(ctx.avg_record_bytes),
            s.text("TU"),
        )
    });
    let by_load = by.iter().copied().fold(0.0, f64::max);
    namespace_limit(ctx, by_load, needed, s, MAX_TU, "TU", e);
    if ctx.topics_needed > STANDARD_TOPICS_PER_NAMESPACE * s.namespaces {
        e.note(|| format!(
            "{} topics (incl. Connect's internal topics) exceed the {STANDARD_TOPICS_PER_NAMESPACE} event hubs a Standard namespace holds; priced as {} namespace(s).",
            ctx.topics_needed, s.namespaces
        ));
    }
    e.add(
        Meter::EhStandardTu,
        Category::Streaming,
        f64::from(tus) * HOURS,
        Basis::Total,
        || Describe {
            component: "Event Hubs Standard throughput units".to_owned(),
            inputs: format!("{} × {HOURS_PER_MONTH} h", s.text("TU")),
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
                inputs: format!("{} × {HOURS_PER_MONTH} h", s.text("TU")),
            },
        );
    }
    if ctx.assumptions.bill_kafka_endpoint_meter {
        e.add(
            Meter::EhKafkaEndpoint,
            Category::Streaming,
            f64::from(s.namespaces) * HOURS,
            Basis::Total,
            || Describe {
                component: "Event Hubs Standard Kafka Endpoint meter (unverified whether billed)"
                    .to_owned(),
                inputs: format!("{} namespace(s) × {HOURS_PER_MONTH} h", s.namespaces),
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
    let pe = private_endpoint(ctx, d, s.namespaces, e);
    let extra_connect_workers = extra_connect_clusters(ctx, s.namespaces);
    Sizing {
        extra_connect_workers,
        throughput_units: Some(tus),
        throughput_units_needed: Some(needed),
        namespaces: Some(s.namespaces),
        ingress_million_events_per_month: Some(million_events),
        storage_above_included_gb: Some(above),
        private_endpoints: pe,
        ..common(ctx, d)
    }
}

/// Event Hubs Premium.
pub(crate) fn premium<E: Emit>(ctx: &SizingCtx, d: &Drivers, e: &mut E) -> Sizing {
    let load = Load::of(ctx, d);
    let pu_in = d.pu_ingress_mb_per_s;
    let pu_out = pu_in * EGRESS_PER_INGRESS;
    let by_in = ceil_units(load.in_mb / pu_in);
    let by_out = ceil_units(load.out_mb / pu_out);
    let by_topics = ctx.topics_needed.div_ceil(TOPICS_PER_PU);
    let by_partitions = ctx.partitions_needed.div_ceil(PARTITIONS_PER_PU);
    let needed = by_in.max(by_out).max(by_topics).max(by_partitions).max(1);
    let s = spread(needed, MAX_PU, Some(&PU_SIZES));
    let pus = s.total();
    e.note(|| {
        format!(
            "Processing units = max(ceil(ingress {} MB/s peak ÷ {} MB/s per PU) = {by_in}, ceil({} ÷ {} MB/s per PU) = {by_out}, ceil({} topics ÷ {TOPICS_PER_PU}) = {by_topics}, ceil({} partitions ÷ {PARTITIONS_PER_PU}) = {by_partitions}) = {needed}, bought as {} (sizes 1, 2, 4, 6, 8, 10, 12, 16 per namespace). Per-PU throughput is Microsoft's range ~5–10 MB/s in, 10–20 MB/s out (assumption premium_pu_ingress_mb_per_s; egress taken as twice ingress).",
            fmt_f(load.in_mb),
            fmt_f(pu_in),
            load.egress_text(ctx, d),
            fmt_f(pu_out),
            ctx.topics_needed,
            ctx.partitions_needed,
            s.text("PU"),
        )
    });
    let by_load = (load.in_mb / pu_in).max(load.out_mb / pu_out);
    namespace_limit(ctx, by_load, needed, s, MAX_PU, "PU", e);
    e.add(
        Meter::EhPremiumPu,
        Category::Streaming,
        f64::from(pus) * HOURS,
        Basis::Total,
        || Describe {
            component: "Event Hubs Premium processing units".to_owned(),
            inputs: format!("{} × {HOURS_PER_MONTH} h", s.text("PU")),
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
    let pe = private_endpoint(ctx, d, s.namespaces, e);
    let extra_connect_workers = extra_connect_clusters(ctx, s.namespaces);
    Sizing {
        extra_connect_workers,
        processing_units: Some(pus),
        processing_units_needed: Some(needed),
        namespaces: Some(s.namespaces),
        storage_above_included_gb: Some(above),
        private_endpoints: pe,
        ..common(ctx, d)
    }
}

/// Event Hubs Dedicated.
pub(crate) fn dedicated<E: Emit>(ctx: &SizingCtx, d: &Drivers, e: &mut E) -> Sizing {
    let load = Load::of(ctx, d);
    let cu_in = d.cu_ingress_mb_per_s;
    let cu_out = cu_in * EGRESS_PER_INGRESS;
    let by_in = ceil_units(load.in_mb / cu_in);
    let by_out = ceil_units(load.out_mb / cu_out);
    let by_topics = ctx.topics_needed.div_ceil(TOPICS_PER_CU);
    let by_partitions = ctx.partitions_needed.div_ceil(PARTITIONS_PER_CU);
    let cus = by_in.max(by_out).max(by_topics).max(by_partitions).max(1);
    e.note(|| {
        format!(
            "Capacity units = max(1, ceil(ingress {} MB/s peak ÷ {} MB/s per CU) = {by_in}, ceil({} ÷ {} MB/s per CU) = {by_out}, ceil({} topics ÷ {TOPICS_PER_CU}) = {by_topics}, ceil({} partitions ÷ {PARTITIONS_PER_CU}) = {by_partitions}) = {cus}. Per-CU throughput has no documented limit; the assumption dedicated_cu_ingress_mb_per_s comes from Microsoft's benchmark (4 CU: 400 MB/s in, 800 MB/s out).",
            fmt_f(load.in_mb),
            fmt_f(cu_in),
            load.egress_text(ctx, d),
            fmt_f(cu_out),
            ctx.topics_needed,
            ctx.partitions_needed
        )
    });
    if cus > SELF_SERVE_MAX_CU {
        e.note(|| format!(
            "{cus} CUs exceed the {SELF_SERVE_MAX_CU} a cluster scales to without a support request; priced as one cluster of {cus} CU."
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
    let pe = private_endpoint(ctx, d, 1, e);
    Sizing {
        capacity_units: Some(cus),
        namespaces: Some(1),
        storage_above_included_gb: Some(above),
        private_endpoints: pe,
        ..common(ctx, d)
    }
}

/// A Connect cluster talks to one Kafka bootstrap, so every namespace beyond the first needs
/// a Connect cluster of its own: the workers this adds (priced on the option's Connect runtime
/// by `runtime::extra_workers`, never in the standby region, whose workers are cold).
fn extra_connect_clusters(ctx: &SizingCtx, namespaces: u32) -> u32 {
    if namespaces <= 1 {
        return 0;
    }
    ctx.connect
        .split_shared_pool(namespaces)
        .map_or(0, |s| s.extra_workers)
}

fn common(ctx: &SizingCtx, d: &Drivers) -> Sizing {
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

/// One private endpoint per namespace, and the data they process both ways.
fn private_endpoint<E: Emit>(ctx: &SizingCtx, d: &Drivers, namespaces: u32, e: &mut E) -> u32 {
    if !ctx.private_link {
        return 0;
    }
    e.add(
        Meter::PrivateEndpoint,
        Category::Network,
        f64::from(namespaces) * HOURS,
        Basis::Total,
        || Describe {
            component: "Private endpoints for the Event Hubs namespace(s)".to_owned(),
            inputs: format!("{namespaces} endpoint(s) × {HOURS_PER_MONTH} h"),
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
    namespaces
}
