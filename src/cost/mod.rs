//! The FinOps cost model: sizing → cost components → priced lines.
//!
//! Pure (no I/O, no clock). Sizing functions (one per option) emit **components** — a meter, a
//! monthly quantity and a description — never prices. A separate pricing pass ([`price`])
//! resolves each meter once from the [`PriceBook`]; a missing price is flagged on its line and
//! counted in [`OptionEstimate::missing_prices`], never a silent zero or a panic.
//!
//! [`estimate`] gives the itemised report; [`Model::monthly_total`] the same totals with no
//! allocation, for Monte Carlo and break-even analysis.

mod assumptions_used;
mod commitment;
mod connect;
mod ctx;
mod emit;
mod event_hubs;
mod infra;
mod line;
mod meter;
mod model;
mod network;
mod object_storage;
mod people;
mod price;
mod runtime;
mod self_managed;
mod sizing;
mod standby;
mod units;

#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use serde::Serialize;

pub use assumptions_used::AssumptionUsed;
pub use ctx::Drivers;
pub use event_hubs::{
    EGRESS_PER_INGRESS, EVENT_BILLING_BYTES, INCLUDED_GB_PER_CU, INCLUDED_GB_PER_PU,
    INCLUDED_GB_PER_TU, MAX_PU, MAX_TU, PU_SIZES,
};
pub use line::{Category, CostLine, PriceRef, round_cents};
pub use model::{Model, Monthly};
pub use runtime::{OptionRuntimes, RuntimeRow};
pub use sizing::Sizing;
pub use units::{HOURS_PER_MONTH, SECONDS_PER_MONTH};

use crate::domain::{Assessment, PlatformOption};
use crate::estate::EstateFacts;
use crate::pricing::{PriceBook, PricingRef};

/// The cost of every option of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// ISO 4217 currency of every amount.
    pub currency: String,
    pub options: Vec<OptionEstimate>,
    /// Every assumption used, for display.
    /// Shared with the model that wrote it (an estimate is rebuilt per price choice).
    pub assumptions: std::sync::Arc<[AssumptionUsed]>,
    /// The price book used.
    pub pricing: PricingRef,
    /// Every Connect runtime judged and priced for every option, and the one each option's
    /// total is priced on. Shared with the model, like `assumptions`.
    pub connect_runtimes: std::sync::Arc<[OptionRuntimes]>,
}

/// The cost of one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionEstimate {
    #[serde(flatten)]
    pub option: PlatformOption,
    pub sizing: Sizing,
    /// Infrastructure lines.
    pub lines: Vec<CostLine>,
    /// People lines (category operations), not part of `total`.
    pub people: Vec<CostLine>,
    /// Infrastructure cost per month: the sum of `lines`.
    #[serde(with = "rust_decimal::serde::float")]
    pub total: Decimal,
    /// `total` plus the people lines.
    #[serde(with = "rust_decimal::serde::float")]
    pub total_with_people: Decimal,
    /// Lines without a price (they count 0 in `total`, and carry a flag).
    pub missing_prices: usize,
    /// True when no deployment the option allows can deliver the load: `total` is then what
    /// the largest deployment would cost, a lower bound and never a price to rank or draw.
    pub lower_bound: bool,
    /// How the sizing was reached, and what is left out.
    pub notes: Vec<String>,
    /// The Connect runtime this option is priced on, with its verdict, reasons and what it
    /// adds to `total`.
    pub connect_runtime: RuntimeRow,
}

/// Size and price every option of an assessment.
pub fn estimate(a: &Assessment, facts: &EstateFacts, book: &PriceBook) -> Estimate {
    Model::new(a, facts, book).estimate()
}

impl Estimate {
    /// The estimate of one option, if it was evaluated.
    pub fn option(&self, option: PlatformOption) -> Option<&OptionEstimate> {
        self.options.iter().find(|o| o.option == option)
    }

    /// The evaluated option `id` names (`PlatformOption::has_id`: the current id, or the
    /// single object-storage option's id from before vendor profiles).
    pub fn option_by_id(&self, id: &str) -> Option<PlatformOption> {
        self.options.iter().map(|o| o.option).find(|o| o.has_id(id))
    }
}

/// The start of the flag on a vendor licence line the user has not priced yet: what follows
/// names the `options.assumptions` input to fill in. Such a line is not a catalog gap.
pub(crate) const LICENCE_INPUT_FLAG: &str = "enter options.assumptions.";

impl CostLine {
    /// True when the line is a vendor's charge without a price: its licence figure not
    /// entered, or its list price not published in the scenario's currency (WarpStream
    /// publishes USD). No Azure price refresh can fill it.
    pub fn vendor_unpriced(&self) -> bool {
        self.unit_price.is_none() && self.category == Category::License
    }
}

impl OptionEstimate {
    /// Lines the Azure price catalog has no price for (vendors' own charges are not counted:
    /// no Azure price refresh can price them).
    pub fn catalog_missing(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| l.unit_price.is_none() && !l.vendor_unpriced())
            .count()
    }
}

/// True when the option's only unpriced lines are its vendor's own charges (a licence the
/// user has not entered, or a list price not published in this currency): the option is then
/// kept out of the cost ranking rather than stopping it for every option.
pub fn awaits_licence(o: &OptionEstimate) -> bool {
    o.missing_prices > 0 && o.catalog_missing() == 0
}
