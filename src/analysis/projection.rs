//! Month-by-month cost under compounding growth of write throughput.

use serde::Serialize;

use super::{figure, money};
use crate::cost::{Drivers, Model};
use crate::domain::PlatformOption;

/// Monthly and cumulative cost of every option over the planning horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    pub horizon_months: u32,
    /// Monthly growth of write throughput, percent, compounded.
    pub growth_percent_per_month: f64,
    /// Month index (0 = the scenario as stated) of each entry of the series below.
    pub months: Vec<u32>,
    /// Average write rate in each month, MB/s.
    pub write_mb_per_s: Vec<f64>,
    pub options: Vec<OptionProjection>,
}

/// One option's projected cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionProjection {
    #[serde(flatten)]
    pub option: PlatformOption,
    pub label: &'static str,
    /// Infrastructure cost in each month.
    pub monthly: Vec<f64>,
    /// The first month in which the option can no longer deliver the load (its cost from
    /// then on is a lower bound, not a price); `None` when it delivers throughout.
    pub cannot_deliver_from_month: Option<u32>,
    /// Running total of `monthly`.
    pub cumulative: Vec<f64>,
    /// Infrastructure cost over the whole horizon (the last `cumulative`).
    pub total: f64,
    /// People cost per month (constant: it does not scale with throughput).
    pub people_per_month: f64,
    /// `total` plus people over the horizon.
    pub total_with_people: f64,
}

/// Project every option over `horizon_months` months (month 0 is the scenario as stated, so
/// its cost equals the estimate's total) with write throughput × (1 + growth)^month. Fan-out
/// and retention are held at their stated values.
pub fn projection(model: &Model, growth_percent_per_month: f64, horizon_months: u32) -> Projection {
    let base = model.base_drivers();
    let n = horizon_months.max(1);
    let g = if growth_percent_per_month.is_finite() {
        // Growth below −100% would make throughput negative; validation keeps it ≥ −50%.
        (1.0 + growth_percent_per_month / 100.0).max(0.0)
    } else {
        1.0
    };
    let months: Vec<u32> = (0..n).collect();
    // powi keeps month 0 exactly at the stated rate (g^0 = 1), so month 0 matches the estimate.
    let writes: Vec<f64> = months
        .iter()
        .map(|&m| base.write_mb_per_s * g.powi(m.min(i32::MAX as u32) as i32))
        .collect();
    let options = model
        .options()
        .iter()
        .map(|&option| {
            let mut cannot_deliver_from_month = None;
            let monthly: Vec<f64> = writes
                .iter()
                .zip(&months)
                .map(|(&w, &month)| {
                    let d = Drivers {
                        write_mb_per_s: w,
                        ..base
                    };
                    let m = model.monthly(option, &d);
                    if m.lower_bound && cannot_deliver_from_month.is_none() {
                        cannot_deliver_from_month = Some(month);
                    }
                    money(m.cost)
                })
                .collect();
            let mut running = 0.0;
            let cumulative: Vec<f64> = monthly
                .iter()
                .map(|m| {
                    running += m;
                    money(running)
                })
                .collect();
            let total = cumulative.last().copied().unwrap_or(0.0);
            let people = money(
                model.monthly_total_with_people(option, &base) - model.monthly_total(option, &base),
            );
            OptionProjection {
                option,
                label: option.label(),
                monthly,
                cannot_deliver_from_month,
                cumulative,
                total,
                people_per_month: people,
                total_with_people: money(total + people * f64::from(n)),
            }
        })
        .collect();
    Projection {
        horizon_months: n,
        growth_percent_per_month: figure(growth_percent_per_month),
        months,
        write_mb_per_s: writes.into_iter().map(figure).collect(),
        options,
    }
}
