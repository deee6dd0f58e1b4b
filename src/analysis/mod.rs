//! Scenario analysis: how each option's monthly cost moves when the workload does.
//!
//! Four views, all built on [`cost::Model`]'s allocation-free [`Model::monthly_total`]:
//! - [`Projection`]: month-by-month cost over the planning horizon as write throughput
//!   compounds at `workload.growth_percent_per_month`;
//! - [`MonteCarlo`]: P10/P50/P90 per option and the probability each is the cheapest, from
//!   triangular distributions over the low/likely/high inputs;
//! - [`BreakEven`]: the write rates at which two options cost the same;
//! - [`Sensitivity`]: a tornado per option, inputs ranked by the cost swing they cause.
//!
//! Pure: no I/O, no clock; randomness only from the seeded generator the scenario names, so
//! the same assessment, price book and exclusions always give the same [`Analysis`].
//! Every amount is infrastructure cost per month in the scenario currency (people excluded,
//! as in the estimate's `total`), rounded to cents; no NaN or infinity is ever emitted.

mod break_even;
mod monte_carlo;
mod projection;
mod sensitivity;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::cost::{Drivers, Model};
use crate::domain::{Assessment, PlatformOption, Triple};
use crate::estate::EstateFacts;
use crate::pricing::PriceBook;

pub use break_even::{BreakEven, CostCurve, Crossing, CrossingSide, OptionCurve, break_even};
pub use monte_carlo::{InputRange, MonteCarlo, OptionRange, monte_carlo};
pub use projection::{OptionProjection, Projection, projection};
pub(crate) use sensitivity::ASSUMPTIONS as SWUNG_ASSUMPTIONS;
pub use sensitivity::{OptionSensitivity, Sensitivity, Swing, sensitivity};

/// Every view of the scenario analysis, ready for the report JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// ISO 4217 currency of every amount.
    pub currency: String,
    /// Options left out of "cheapest among eligible" (e.g. the disqualified ones).
    pub excluded: Vec<PlatformOption>,
    pub projection: Projection,
    pub monte_carlo: MonteCarlo,
    pub break_even: BreakEven,
    pub sensitivity: Sensitivity,
}

/// The low/likely/high of the three workload drivers, resolved from the scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranges {
    pub write_mb_per_s: Triple,
    pub read_fanout: Triple,
    pub retention_hours: Triple,
    pub pu_ingress_mb_per_s: Triple,
    pub cu_ingress_mb_per_s: Triple,
}

impl Ranges {
    /// The scenario's `analysis` bounds around its workload (defaults where unset).
    pub fn of(a: &Assessment) -> Self {
        let x = &a.analysis;
        let w = &a.workload;
        Self {
            write_mb_per_s: x.write_range(w.write_mb_per_s),
            read_fanout: x.fanout_range(w.read_fanout),
            retention_hours: x.retention_range(f64::from(w.retention_hours)),
            pu_ingress_mb_per_s: x
                .pu_ingress_range(a.options.assumptions.premium_pu_ingress_mb_per_s),
            cu_ingress_mb_per_s: x
                .cu_ingress_range(a.options.assumptions.dedicated_cu_ingress_mb_per_s),
        }
    }

    /// Every driver at its likely value.
    pub fn likely(&self) -> Drivers {
        Drivers {
            write_mb_per_s: self.write_mb_per_s.likely,
            read_fanout: self.read_fanout.likely,
            retention_hours: self.retention_hours.likely,
            pu_ingress_mb_per_s: self.pu_ingress_mb_per_s.likely,
            cu_ingress_mb_per_s: self.cu_ingress_mb_per_s.likely,
        }
    }
}

/// Run every view for an assessment. `excluded` options still get figures, but are left out
/// of the "cheapest among eligible" probabilities (pass the disqualified ones).
pub fn analyse(
    a: &Assessment,
    facts: &EstateFacts,
    book: &PriceBook,
    excluded: &[PlatformOption],
) -> Analysis {
    let model = Model::new(a, facts, book);
    let ranges = Ranges::of(a);
    let x = &a.analysis;
    Analysis {
        currency: a.currency.clone(),
        excluded: excluded.to_vec(),
        projection: projection(
            &model,
            a.workload.growth_percent_per_month,
            x.horizon_months,
        ),
        monte_carlo: monte_carlo(&model, &ranges, x.samples, x.seed, excluded),
        break_even: break_even(&model, &ranges),
        sensitivity: sensitivity(a, facts, book, &model, &ranges),
    }
}

/// Money as the report shows it: cents, and never NaN or infinite (those become 0, which
/// cannot happen for a validated assessment but must not reach JSON as `null`).
pub(crate) fn money(x: f64) -> f64 {
    if x.is_finite() {
        (x * 100.0).round() / 100.0
    } else {
        0.0
    }
}

/// A non-money figure (MB/s, hours, probabilities) kept to 4 decimals, NaN-free.
pub(crate) fn figure(x: f64) -> f64 {
    if x.is_finite() {
        (x * 10_000.0).round() / 10_000.0
    } else {
        0.0
    }
}
