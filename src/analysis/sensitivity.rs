//! Sensitivity (tornado): which inputs move each option's cost the most.
//!
//! One input at a time swings from its low to its high value while every other input stays
//! at its likely value. The workload drivers use the scenario's analysis ranges; sizing
//! assumptions that are not drivers are swung over the ranges below (documented with each),
//! by re-validating a changed assessment and re-pricing it.

use serde::Serialize;

use super::{Ranges, figure, money};
use crate::cost::{Drivers, Model, Monthly};
use crate::domain::{Assessment, MAX_OPTIONS as N, PlatformOption, Scenario, Triple};
use crate::estate::EstateFacts;
use crate::pricing::PriceBook;

/// Tornado data for every option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    pub options: Vec<OptionSensitivity>,
}

/// One option's tornado: inputs ranked by swing, largest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionSensitivity {
    #[serde(flatten)]
    pub option: PlatformOption,
    pub label: &'static str,
    /// Monthly cost with every input at its likely value.
    pub base: f64,
    pub swings: Vec<Swing>,
}

/// The effect of swinging one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Swing {
    /// Stable key, e.g. `write_mb_per_s`, `assumptions.replication_factor`.
    pub input: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub low: f64,
    pub likely: f64,
    pub high: f64,
    pub cost_at_low: f64,
    pub cost_at_high: f64,
    /// |cost_at_high − cost_at_low|.
    pub swing: f64,
    /// The option cannot deliver the load at the low value: `cost_at_low` is a lower bound.
    pub lower_bound_at_low: bool,
    /// The option cannot deliver the load at the high value: `cost_at_high` is a lower bound.
    pub lower_bound_at_high: bool,
}

/// A sizing assumption swung by rebuilding the model.
pub(crate) struct Assumption {
    pub(crate) input: &'static str,
    pub(crate) label: &'static str,
    pub(crate) unit: &'static str,
    pub(crate) likely: fn(&Scenario) -> f64,
    /// (low, high) from the likely value, kept inside the validation ranges.
    range: fn(f64) -> (f64, f64),
    pub(crate) set: fn(&mut Scenario, f64),
}

/// The assumptions swung, and why each range. Plan vs actual (`crate::actuals`) searches the
/// same list for the value that would explain a bill.
pub(crate) const ASSUMPTIONS: &[Assumption] = &[
    // Capacity is bought for the peak; estates rarely know their peak-hour ratio well.
    Assumption {
        input: "workload.peak_to_average",
        label: "Peak-to-average ratio",
        unit: "×",
        likely: |s| s.workload.peak_to_average,
        range: |v| ((v * 0.75).max(1.0), (v * 1.5).min(20.0)),
        set: |s, v| s.workload.peak_to_average = v,
    },
    // RF 2 is the cheapest setting some teams accept; RF 4 is a stretched-cluster setting.
    Assumption {
        input: "assumptions.replication_factor",
        label: "Replication factor",
        unit: "copies",
        likely: |s| f64::from(s.options.assumptions.replication_factor),
        range: |v| ((v - 1.0).max(1.0), (v + 1.0).min(5.0)),
        set: |s, v| s.options.assumptions.replication_factor = v.round() as u32,
    },
    // Rule of thumb 1–2 MB/s per task around the 1.5 default.
    Assumption {
        input: "assumptions.mb_per_s_per_task",
        label: "Connect MB/s per task",
        unit: "MB/s",
        likely: |s| s.options.assumptions.mb_per_s_per_task,
        range: |v| (v * 2.0 / 3.0, v * 4.0 / 3.0),
        set: |s, v| s.options.assumptions.mb_per_s_per_task = v,
    },
    // Google's ~20 MB/s per vCPU depends on VM, disk and client batching: 12–32 around 20.
    Assumption {
        input: "assumptions.broker_mb_per_s_per_vcpu",
        label: "Broker MB/s per vCPU",
        unit: "MB/s",
        likely: |s| s.options.assumptions.broker_mb_per_s_per_vcpu,
        range: |v| (v * 0.6, (v * 1.6).min(1_000.0)),
        set: |s, v| s.options.assumptions.broker_mb_per_s_per_vcpu = v,
    },
    // Our own low-confidence estimate of monitoring data per node: a third to three times it.
    Assumption {
        input: "assumptions.monitoring_gb_per_node_month",
        label: "Monitoring GB per node",
        unit: "GB/month",
        likely: |s| s.options.assumptions.monitoring_gb_per_node_month,
        range: |v| (v / 3.0, (v * 3.0).min(10_000.0)),
        set: |s, v| s.options.assumptions.monitoring_gb_per_node_month = v,
    },
    // Our own estimate of secret reads per worker: a tenth (reads only at start) to ten times
    // (a config-provider TTL of minutes).
    Assumption {
        input: "assumptions.key_vault_reads_per_worker_month",
        label: "Key Vault reads per worker",
        unit: "reads/month",
        likely: |s| s.options.assumptions.key_vault_reads_per_worker_month,
        range: |v| (v / 10.0, (v * 10.0).min(100_000_000.0)),
        set: |s, v| s.options.assumptions.key_vault_reads_per_worker_month = v,
    },
    // The default 100% is a deliberate upper bound; a warm cache may serve three quarters.
    Assumption {
        input: "assumptions.object_storage_blob_read_percent",
        label: "Reads served from Blob",
        unit: "%",
        likely: |s| s.options.assumptions.object_storage_blob_read_percent,
        range: |v| (v * 0.25, v),
        set: |s, v| s.options.assumptions.object_storage_blob_read_percent = v,
    },
];

/// One swung input with every option's cost at its low and high value.
struct Row {
    input: &'static str,
    label: &'static str,
    unit: &'static str,
    t: Triple,
    at_low: [Monthly; N],
    at_high: [Monthly; N],
}

/// Swing every input for every option and rank the inputs by swing.
pub fn sensitivity(
    a: &Assessment,
    facts: &EstateFacts,
    book: &PriceBook,
    model: &Model,
    ranges: &Ranges,
) -> Sensitivity {
    let options = model.options();
    let base = ranges.likely();
    // One entry per option compared (the first `options.len()`); a model rebuilt from a
    // changed assessment compares the same options, in the same order.
    let costs = |m: &Model, d: &Drivers| {
        let mut out = [Monthly {
            cost: 0.0,
            lower_bound: false,
        }; N];
        for (slot, &o) in out.iter_mut().zip(options.iter()) {
            *slot = m.monthly(o, d);
        }
        out
    };
    let mut rows: Vec<Row> = Vec::with_capacity(3 + ASSUMPTIONS.len());

    type SetDriver = fn(&mut Drivers, f64);
    let drivers: [(&'static str, &'static str, &'static str, Triple, SetDriver); 5] = [
        (
            "write_mb_per_s",
            "Write throughput",
            "MB/s",
            ranges.write_mb_per_s,
            |d, v| d.write_mb_per_s = v,
        ),
        (
            "read_fanout",
            "Read fan-out",
            "consumer groups",
            ranges.read_fanout,
            |d, v| d.read_fanout = v,
        ),
        (
            "retention_hours",
            "Retention",
            "hours",
            ranges.retention_hours,
            |d, v| d.retention_hours = v,
        ),
        // Microsoft's own range per PU (~5–10 MB/s in), from the scenario's analysis bounds.
        (
            "assumptions.premium_pu_ingress_mb_per_s",
            "Premium MB/s per PU",
            "MB/s",
            ranges.pu_ingress_mb_per_s,
            |d, v| d.pu_ingress_mb_per_s = v,
        ),
        // Microsoft's benchmark range per CU (1 KB to 32 KB batches).
        (
            "assumptions.dedicated_cu_ingress_mb_per_s",
            "Dedicated MB/s per CU",
            "MB/s",
            ranges.cu_ingress_mb_per_s,
            |d, v| d.cu_ingress_mb_per_s = v,
        ),
    ];
    for (input, label, unit, t, set) in drivers {
        let (mut lo, mut hi) = (base, base);
        set(&mut lo, t.low);
        set(&mut hi, t.high);
        rows.push(Row {
            input,
            label,
            unit,
            t,
            at_low: costs(model, &lo),
            at_high: costs(model, &hi),
        });
    }

    for asm in ASSUMPTIONS {
        let likely = (asm.likely)(a.scenario());
        let (low, high) = (asm.range)(likely);
        let at = |v: f64| {
            // A swing that the validator rejects (it should not: ranges are clamped) is
            // dropped rather than shown with made-up figures.
            a.with_changes(|s| (asm.set)(s, v))
                .ok()
                .map(|changed| costs(&Model::new(&changed, facts, book), &base))
        };
        if let (Some(at_low), Some(at_high)) = (at(low), at(high)) {
            rows.push(Row {
                input: asm.input,
                label: asm.label,
                unit: asm.unit,
                t: Triple { low, likely, high },
                at_low,
                at_high,
            });
        }
    }

    // Inter-zone transfer: Azure charges nothing today; the high side is AWS's $0.01 per GB
    // each way (reference azure-pricing.md §5a, §7), the sensitivity case Microsoft's 2021
    // announcement of a charge makes worth showing.
    let rate = model.inter_zone_rate();
    let (low, high) = (0.0, (rate * 2.0).clamp(0.01, 10.0));
    let at = |v: f64| {
        a.with_changes(|s| s.options.assumptions.inter_zone_price_per_gb = Some(v))
            .ok()
            .map(|changed| costs(&Model::new(&changed, facts, book), &base))
    };
    if let (Some(at_low), Some(at_high)) = (at(low), at(high)) {
        rows.push(Row {
            input: "assumptions.inter_zone_price_per_gb",
            label: "Inter-zone price per GB",
            unit: "per GB",
            t: Triple {
                low,
                likely: rate,
                high,
            },
            at_low,
            at_high,
        });
    }

    let base_costs = costs(model, &base);
    Sensitivity {
        options: options
            .iter()
            .enumerate()
            .map(|(k, &option)| {
                let mut swings: Vec<Swing> = rows
                    .iter()
                    .map(|r| {
                        let (lo, hi) = (r.at_low[k], r.at_high[k]);
                        let (cost_at_low, cost_at_high) = (money(lo.cost), money(hi.cost));
                        Swing {
                            input: r.input,
                            label: r.label,
                            unit: r.unit,
                            low: figure(r.t.low),
                            likely: figure(r.t.likely),
                            high: figure(r.t.high),
                            cost_at_low,
                            cost_at_high,
                            swing: money((cost_at_high - cost_at_low).abs()),
                            lower_bound_at_low: lo.lower_bound,
                            lower_bound_at_high: hi.lower_bound,
                        }
                    })
                    .collect();
                // Stable sort: equal swings keep the table order above.
                swings.sort_by(|x, y| y.swing.total_cmp(&x.swing));
                OptionSensitivity {
                    option,
                    label: option.label(),
                    base: money(base_costs[k].cost),
                    swings,
                }
            })
            .collect(),
    }
}
