//! Monte Carlo over the uncertain workload drivers: cost ranges and "who is cheapest" odds.
//!
//! Each driver (write MB/s, read fan-out, retention hours) is drawn independently from a
//! **triangular** distribution over its low/likely/high. Triangular rather than PERT: it needs
//! no Beta sampler, its mean ((low + likely + high) ÷ 3) is easy to check by hand, and it puts
//! more weight in the tails than PERT does, which errs towards wider, more cautious ranges.
//! Independence is a simplification: in real estates write rate and fan-out often rise together,
//! which would widen the ranges further.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::{Ranges, figure, money};
use crate::cost::{Drivers, Model};
use crate::domain::{MAX_OPTIONS as N, PlatformOption, Triple};

/// Costs closer than half a cent count as a tie for "cheapest".
const TIE: f64 = 0.005;

/// The result of a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonteCarlo {
    pub samples: u32,
    pub seed: u64,
    /// `triangular` (see the module docs for why).
    pub distribution: &'static str,
    /// The ranges sampled.
    pub inputs: Vec<InputRange>,
    pub options: Vec<OptionRange>,
}

/// One sampled input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputRange {
    /// `write_mb_per_s`, `read_fanout` or `retention_hours`.
    pub input: &'static str,
    pub unit: &'static str,
    pub low: f64,
    pub likely: f64,
    pub high: f64,
}

/// One option's cost distribution (infrastructure per month).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionRange {
    #[serde(flatten)]
    pub option: PlatformOption,
    pub label: &'static str,
    pub min: f64,
    pub p10: f64,
    pub p50: f64,
    pub mean: f64,
    pub p90: f64,
    pub max: f64,
    /// Share of samples in which this option is the cheapest of all options (ties split).
    /// Share of samples in which the option can deliver the load (1 = all). The cost figures
    /// above describe only those samples; with none they are 0 and mean nothing.
    pub deliverable_share: f64,
    pub probability_cheapest: f64,
    /// The same among options not excluded; `None` for an excluded option, and for every
    /// option when all are excluded.
    pub probability_cheapest_eligible: Option<f64>,
}

/// Draw from a triangular distribution by inverting its CDF at `u ∈ [0, 1)`.
pub(crate) fn triangular(t: &Triple, u: f64) -> f64 {
    let (a, c, b) = (t.low, t.likely, t.high);
    let span = b - a;
    if span <= 0.0 || !span.is_finite() {
        return c;
    }
    let fc = (c - a) / span;
    if u < fc {
        a + (u * span * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * span * (b - c)).sqrt()
    }
}

/// Linear-interpolated percentile (Hyndman–Fan type 7, as spreadsheets compute it) of sorted data.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Credit one sample's cheapest option(s) in `wins`, among the options `eligible` allows.
/// Ties (within half a cent) share the sample equally, so the shares always sum to 1.
/// The three slices are one entry per option compared (the first `len` of the fixed arrays).
#[inline]
fn credit(costs: &[f64], eligible: &[bool], wins: &mut [f64]) {
    let mut best = f64::INFINITY;
    for (c, &ok) in costs.iter().zip(eligible) {
        if ok && *c < best {
            best = *c;
        }
    }
    if !best.is_finite() {
        return;
    }
    let tied = costs
        .iter()
        .zip(eligible)
        .filter(|(c, ok)| **ok && **c - best <= TIE)
        .count();
    let share = 1.0 / tied as f64;
    for ((c, &ok), w) in costs.iter().zip(eligible).zip(wins.iter_mut()) {
        if ok && *c - best <= TIE {
            *w += share;
        }
    }
}

/// Sample `samples` workloads from `ranges` (seeded, so reproducible) and price every option.
///
/// One buffer of `samples × 5` costs is allocated up front; the sampling loop itself allocates
/// nothing. `samples` of 0 is treated as 1.
pub fn monte_carlo(
    model: &Model,
    ranges: &Ranges,
    samples: u32,
    seed: u64,
    excluded: &[PlatformOption],
) -> MonteCarlo {
    let options = model.options();
    let n = samples.max(1) as usize;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut costs = vec![0.0f64; n * options.len()];
    // Per-option arrays are sized for the most options a scenario can compare; only the first
    // `len` entries (the options this scenario compares) are used.
    let len = options.len();
    let mut eligible = [false; N];
    for (e, o) in eligible.iter_mut().zip(options.iter()) {
        *e = !excluded.contains(o);
    }
    let any_eligible = eligible.iter().any(|&e| e);
    let mut wins_all = [0.0f64; N];
    let mut wins_eligible = [0.0f64; N];
    let mut row = [0.0f64; N];
    // Per sample: which options deliver the load (a lower-bound cost never wins).
    let mut delivers = [true; N];
    let mut eligible_now = [true; N];
    let mut deliverable_samples = [0usize; N];
    for i in 0..n {
        // Fixed draw order (write, fan-out, retention) keeps a seed's samples stable.
        let d = Drivers {
            write_mb_per_s: triangular(&ranges.write_mb_per_s, rng.random::<f64>()),
            read_fanout: triangular(&ranges.read_fanout, rng.random::<f64>()),
            retention_hours: triangular(&ranges.retention_hours, rng.random::<f64>()),
            pu_ingress_mb_per_s: triangular(&ranges.pu_ingress_mb_per_s, rng.random::<f64>()),
            cu_ingress_mb_per_s: triangular(&ranges.cu_ingress_mb_per_s, rng.random::<f64>()),
        };
        for (k, &o) in options.iter().enumerate() {
            let m = model.monthly(o, &d);
            row[k] = m.cost;
            delivers[k] = !m.lower_bound;
            eligible_now[k] = delivers[k] && eligible[k];
            // Deliverable samples first, so the percentiles below can skip the rest.
            costs[k * n + i] = if m.lower_bound { f64::INFINITY } else { m.cost };
            deliverable_samples[k] += usize::from(delivers[k]);
        }
        credit(&row[..len], &delivers[..len], &mut wins_all[..len]);
        if any_eligible {
            credit(&row[..len], &eligible_now[..len], &mut wins_eligible[..len]);
        }
    }
    let out = options
        .iter()
        .enumerate()
        .map(|(k, &option)| {
            let slice = &mut costs[k * n..(k + 1) * n];
            slice.sort_unstable_by(f64::total_cmp);
            // Lower-bound samples sorted last (as infinity): the figures describe the samples
            // the option can deliver, and `deliverable_share` says how many those are.
            let slice = &slice[..deliverable_samples[k]];
            let (min, max, mean) = match slice {
                [] => (0.0, 0.0, 0.0),
                [first, .., last] => (
                    *first,
                    *last,
                    slice.iter().sum::<f64>() / slice.len() as f64,
                ),
                [only] => (*only, *only, *only),
            };
            OptionRange {
                option,
                label: option.label(),
                min: money(min),
                p10: money(percentile(slice, 0.10)),
                p50: money(percentile(slice, 0.50)),
                mean: money(mean),
                p90: money(percentile(slice, 0.90)),
                max: money(max),
                deliverable_share: figure(deliverable_samples[k] as f64 / n as f64),
                probability_cheapest: figure(wins_all[k] / n as f64),
                probability_cheapest_eligible: (any_eligible && eligible[k])
                    .then(|| figure(wins_eligible[k] / n as f64)),
            }
        })
        .collect();
    let input = |input, unit, t: &Triple| InputRange {
        input,
        unit,
        low: figure(t.low),
        likely: figure(t.likely),
        high: figure(t.high),
    };
    MonteCarlo {
        samples: n as u32,
        seed,
        distribution: "triangular",
        inputs: vec![
            input("write_mb_per_s", "MB/s", &ranges.write_mb_per_s),
            input("read_fanout", "consumer groups", &ranges.read_fanout),
            input("retention_hours", "hours", &ranges.retention_hours),
            input(
                "assumptions.premium_pu_ingress_mb_per_s",
                "MB/s per PU",
                &ranges.pu_ingress_mb_per_s,
            ),
            input(
                "assumptions.dedicated_cu_ingress_mb_per_s",
                "MB/s per CU",
                &ranges.cu_ingress_mb_per_s,
            ),
        ],
        options: out,
    }
}
