//! Server-side SVG charts of the decision report, drawn with plotters' SVG backend.
//!
//! Four charts, each 760 × 400 (an A4 page width at 96 dpi, less margins):
//! - [`cost_by_category`]: monthly cost per option as stacked horizontal bars by category;
//!   people (operations FTE) is its own **hatched** segment after the infrastructure, so the
//!   infrastructure total stays readable and the people cost is still visible;
//! - [`projection`]: monthly cost per option over the planning horizon, under the growth rate;
//! - [`throughput`]: monthly cost per option against write throughput (log scale), with the
//!   break-even points of the options still in the running marked and labelled;
//! - [`ranges`]: P10–P90 range bars per option with the P50 marked.
//!
//! Printing: every option has a colour *and* a dash pattern *and* a marker shape, and the
//! category colours step evenly in lightness, so charts survive greyscale printing.
//! Disqualified options are drawn faded and labelled "(disqualified)".
//!
//! Text: with `default-features = false` plotters has no font engine (no `ttf`/`ab_glyph`) and
//! falls back to its built-in size estimate; the SVG backend writes `<text>` elements that the
//! browser renders with its own fonts, so nothing else is needed. All text goes through the
//! backend's XML escaping (scenario names included), and each SVG carries a `<title>` and
//! `aria-label` for screen readers.

mod axis;
mod by_category;
mod canvas;
mod looks;
mod projection;
mod ranges;
#[cfg(test)]
mod tests;
mod throughput;

pub use by_category::cost_by_category;
pub use projection::projection;
pub use ranges::ranges;
pub use throughput::throughput;

use super::Report;
use crate::analysis::{self, Analysis};
use crate::decision::Verdict;
use crate::domain::PlatformOption;
use crate::pricing::PriceBook;

/// Chart width, px.
pub const WIDTH: u32 = 760;
/// Chart height, px.
pub const HEIGHT: u32 = 400;

/// All four charts of a report, as standalone SVG documents (no XML declaration, so each
/// can be inlined in HTML as is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charts {
    pub by_category: String,
    pub projection: String,
    pub throughput: String,
    pub ranges: String,
}

/// The options the report disqualified (to pass to [`analysis::analyse`] as `excluded`).
pub fn disqualified(report: &Report) -> Vec<PlatformOption> {
    report
        .decision
        .options
        .iter()
        .filter(|v| v.verdict == Verdict::Disqualified)
        .map(|v| v.option)
        .collect()
}

/// Run the scenario analysis of a report, excluding its disqualified options from the
/// "cheapest among eligible" odds.
pub fn analyse_report(report: &Report, book: &PriceBook) -> Analysis {
    analysis::analyse(
        &report.assessment,
        &report.facts,
        book,
        &disqualified(report),
    )
}

/// Render every chart.
pub fn render_all(report: &Report, analysis: &Analysis) -> Charts {
    Charts {
        by_category: cost_by_category(report),
        projection: projection(report, analysis),
        throughput: throughput(report, analysis),
        ranges: ranges(report, analysis),
    }
}
