//! Break-even write throughput between every pair of options.
//!
//! Costs are step functions of throughput (units are bought whole), so two options' costs do
//! not cross at a root of a smooth curve: one option's cost jumps past the other's. The search
//! scans a log-spaced grid for a change in which option is cheaper, then bisects each bracket
//! down to a hair's width and reports the write rate with the costs either side. A pair can
//! cross several times (each jump may flip the order) or never.
//!
//! Resolution: the grid has [`GRID_POINTS`] points; two flips closer together than one grid
//! step (≈0.5% of the rate) cancel out and are not reported.

use serde::Serialize;

use super::{Ranges, figure, money};
use crate::cost::{Drivers, Model};
use crate::domain::PlatformOption;

/// Points of the scan grid (log-spaced over the range).
pub const GRID_POINTS: usize = 1_000;
/// Points of the cost curves handed to the chart.
pub const CURVE_POINTS: usize = 200;
/// Costs closer than half a cent are equal.
const TIE: f64 = 0.005;
/// The search never goes above this rate, MB/s (the validation ceiling of the workload).
pub const MAX_WRITE_MB_PER_S: f64 = 100_000.0;

/// Break-even points of every pair of options, and the cost curves they were found on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    /// Lowest write rate searched, MB/s.
    pub from_write_mb_per_s: f64,
    /// Highest write rate searched, MB/s.
    pub to_write_mb_per_s: f64,
    /// Fan-out held constant during the search.
    pub read_fanout: f64,
    /// Retention held constant during the search, hours.
    pub retention_hours: f64,
    /// Every crossing, by pair (in option order), then by rate.
    pub crossings: Vec<Crossing>,
    /// Each option's monthly cost against write rate, for charts.
    pub curve: CostCurve,
}

/// Where two options swap places.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossing {
    pub a: PlatformOption,
    pub b: PlatformOption,
    /// The break-even write rate, MB/s (middle of `below`..`above`).
    pub write_mb_per_s: f64,
    /// Just below the crossing.
    pub below: CrossingSide,
    /// Just above the crossing.
    pub above: CrossingSide,
    /// The cheaper option just below (`None` on a tie).
    pub cheaper_below: Option<PlatformOption>,
    /// The cheaper option just above (`None` on a tie).
    pub cheaper_above: Option<PlatformOption>,
}

/// The two costs at one side of a crossing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossingSide {
    pub write_mb_per_s: f64,
    pub cost_a: f64,
    pub cost_b: f64,
}

/// Monthly cost of every option at a series of write rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostCurve {
    pub write_mb_per_s: Vec<f64>,
    pub options: Vec<OptionCurve>,
}

/// One option's costs, one per `CostCurve::write_mb_per_s`; `None` (JSON `null`) where the
/// option cannot deliver that rate: the curve ends at its hard limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionCurve {
    #[serde(flatten)]
    pub option: PlatformOption,
    pub label: &'static str,
    pub monthly: Vec<Option<f64>>,
}

/// The range searched: from a tenth of the low bound (an order of magnitude of shrinkage,
/// at least 0.001 MB/s) to 10× the likely rate — at least 10 MB/s, so small estates still
/// see where tiers change — capped at [`MAX_WRITE_MB_PER_S`].
pub fn search_range(ranges: &Ranges) -> (f64, f64) {
    let w = ranges.write_mb_per_s;
    let from = (w.low / 10.0).clamp(1e-3, MAX_WRITE_MB_PER_S / 100.0);
    let to = (w.likely * 10.0)
        .max(w.high)
        .clamp(10.0, MAX_WRITE_MB_PER_S);
    (from, to.max(from * 10.0))
}

/// -1, 0 or 1: which of `a - b` is cheaper, with half-cent ties.
fn order(a: f64, b: f64) -> i8 {
    let d = a - b;
    if d > TIE {
        1
    } else if d < -TIE {
        -1
    } else {
        0
    }
}

/// Find every break-even rate of every pair, holding fan-out and retention at their likely values.
pub fn break_even(model: &Model, ranges: &Ranges) -> BreakEven {
    let options = model.options();
    let (from, to) = search_range(ranges);
    let base = ranges.likely();
    let at = |w: f64| Drivers {
        write_mb_per_s: w,
        ..base
    };
    let ratio = (to / from).ln();
    let grid: Vec<f64> = (0..GRID_POINTS)
        .map(|i| from * (ratio * i as f64 / (GRID_POINTS - 1) as f64).exp())
        .collect();
    // costs[k][i]: option k at grid point i, `None` where it cannot deliver the load (its
    // curve ends there); computed once and shared by every pair.
    let costs: Vec<Vec<Option<f64>>> = options
        .iter()
        .map(|&o| {
            grid.iter()
                .map(|&w| model.monthly(o, &at(w)).price())
                .collect()
        })
        .collect();

    let mut crossings = Vec::new();
    for i in 0..options.len() {
        for j in i + 1..options.len() {
            let (a, b) = (options[i], options[j]);
            let sign_at = |w: f64| {
                order(
                    model.monthly_total(a, &at(w)),
                    model.monthly_total(b, &at(w)),
                )
            };
            let mut last: Option<(usize, i8)> = None;
            for g in 0..grid.len() {
                // A crossing needs both options to deliver on both sides; past either
                // option's limit the pair stops being compared.
                let (Some(ca), Some(cb)) = (costs[i][g], costs[j][g]) else {
                    last = None;
                    continue;
                };
                let s = order(ca, cb);
                if s == 0 {
                    continue;
                }
                if let Some((p, sp)) = last
                    && sp != s
                {
                    // Bisect for the point where the order stops being `sp`.
                    let (mut lo, mut hi) = (grid[p], grid[g]);
                    for _ in 0..60 {
                        if hi - lo <= 1e-6 * hi {
                            break;
                        }
                        let mid = 0.5 * (lo + hi);
                        if sign_at(mid) == sp {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    let side = |w: f64| CrossingSide {
                        write_mb_per_s: w,
                        cost_a: money(model.monthly_total(a, &at(w))),
                        cost_b: money(model.monthly_total(b, &at(w))),
                    };
                    let cheaper = |s: i8| match s {
                        1 => Some(b),
                        -1 => Some(a),
                        _ => None,
                    };
                    crossings.push(Crossing {
                        a,
                        b,
                        write_mb_per_s: figure(0.5 * (lo + hi)),
                        cheaper_below: cheaper(sp),
                        cheaper_above: cheaper(sign_at(hi)),
                        below: side(lo),
                        above: side(hi),
                    });
                }
                last = Some((g, s));
            }
        }
    }

    let step = (GRID_POINTS / CURVE_POINTS).max(1);
    let picks: Vec<usize> = (0..GRID_POINTS)
        .step_by(step)
        .chain(std::iter::once(GRID_POINTS - 1))
        .collect();
    let picks = {
        let mut p = picks;
        p.dedup();
        p
    };
    BreakEven {
        from_write_mb_per_s: figure(from),
        to_write_mb_per_s: figure(to),
        read_fanout: figure(base.read_fanout),
        retention_hours: figure(base.retention_hours),
        crossings,
        curve: CostCurve {
            write_mb_per_s: picks.iter().map(|&g| figure(grid[g])).collect(),
            options: options
                .iter()
                .enumerate()
                .map(|(k, &option)| OptionCurve {
                    option,
                    label: option.label(),
                    monthly: picks.iter().map(|&g| costs[k][g].map(money)).collect(),
                })
                .collect(),
        },
    }
}
