//! Plan vs actual: an Azure Cost Management FOCUS (`FocusCost`) export compared with the
//! estimate, line by line and category by category, and the gap explained.
//!
//! - [`parse`] reads the CSV into [`ActualRow`]s (errors name the line and the column; a file
//!   billed in another currency is refused).
//! - [`compare`] selects the rows of the compared option — by the `connect-advisor-option`
//!   tag the estimate's FOCUS export carries, or by a subscription / resource-group
//!   [`Filter`] when the resources are untagged — and matches each to the estimate's lines by
//!   meter (`SkuPriceId` or Azure's meter id, else `SkuId` or the meter name), falling back to
//!   `ServiceCategory`. `EffectiveCost` (amortised, after discounts) is compared with the
//!   lines' monthly cost, which is the same measure. What matches nothing is listed.
//! - Each category off by more than [`EXPLAIN_THRESHOLD_PERCENT`] gets an explanation: the
//!   input or sizing assumption of the sensitivity analysis whose change would produce the
//!   actual bill ([`explain`]).
//!
//! Pure: text in, figures out; no I/O, no clock.

mod compare;
mod explain;
mod parse;

#[cfg(test)]
mod tests;

pub(crate) use compare::option_ids;
pub use compare::{
    CategoryComparison, Comparison, Filter, LineComparison, OptionComparison, RowCounts, Selection,
    UnmatchedRow, billing_periods, compare, legacy_choice_note,
};
pub use explain::{Candidate, GapExplanation};
pub use parse::{ActualRow, BillingPeriod, parse};

/// A category whose actual differs from its estimate by more than this share gets an
/// explanation.
pub const EXPLAIN_THRESHOLD_PERCENT: f64 = 10.0;

/// Why an actuals file cannot be used. Every variant says where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActualsError {
    /// One cell is wrong.
    #[error("line {line}, column {column}: {message}")]
    Cell {
        line: u64,
        column: String,
        message: String,
    },
    /// A whole line (or the header) is wrong.
    #[error("line {line}: {message}")]
    Line { line: u64, message: String },
    /// The file as a whole, or the selection asked of it.
    #[error("{0}")]
    File(String),
}

impl ActualsError {
    /// Where the error is, as a form or API field name: `line 7, column EffectiveCost`,
    /// `line 1`, or `file`.
    pub fn field(&self) -> String {
        match self {
            Self::Cell { line, column, .. } => format!("line {line}, column {column}"),
            Self::Line { line, .. } => format!("line {line}"),
            Self::File(_) => "file".to_owned(),
        }
    }

    /// The rule broken, without the location.
    pub fn message(&self) -> &str {
        match self {
            Self::Cell { message, .. } | Self::Line { message, .. } | Self::File(message) => {
                message
            }
        }
    }
}
