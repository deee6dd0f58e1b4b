//! The scenario-analysis part of the report page: charts, Monte Carlo ranges, break-even,
//! projection and sensitivity, as display strings.

use rust_decimal::Decimal;

use super::quantity;
use crate::report::FullReport;

/// `12345.6` → `12,346` (whole currency units, for analysis figures that are estimates of estimates).
fn whole(x: f64) -> String {
    Decimal::from_f64_retain(x.round()).map_or_else(|| "—".to_owned(), quantity)
}

fn percent(p: f64) -> String {
    format!("{:.0} %", p * 100.0)
}

/// The scenario-analysis part of the page.
pub(super) fn analysis_view(full: &FullReport) -> AnalysisView {
    let an = &full.analysis;
    let mc = &an.monte_carlo;
    let label_of = |o: crate::domain::PlatformOption| o.label();
    AnalysisView {
        charts: Chart::ALL
            .into_iter()
            .map(|c| {
                let (title, caption) = match c {
                    Chart::ByCategory => ("Monthly cost by category", "Infrastructure per option, stacked by category; people shown as a hatched segment after it."),
                    Chart::Projection => ("Monthly cost over the planning horizon", "Each option's monthly infrastructure cost as write throughput grows at the stated monthly rate."),
                    Chart::Throughput => ("Cost against write throughput", "Monthly cost per option as the average write rate varies, fan-out and retention held; circles mark break-even points, the dashed line today's rate."),
                    Chart::Ranges => ("Cost ranges (P10–P90)", "Monte Carlo over write rate, fan-out and retention; bars span P10 to P90, the mark is P50."),
                };
                ChartView { slug: c.slug(), title, caption, svg: c.svg(full).to_owned() }
            })
            .collect(),
        samples: mc.samples,
        seed: mc.seed,
        distribution: mc.distribution,
        inputs: mc
            .inputs
            .iter()
            .map(|i| (i.input.replace('_', " "), format!("{} / {} / {} {}", i.low, i.likely, i.high, i.unit)))
            .collect(),
        ranges: mc
            .options
            .iter()
            .map(|o| {
                // Figures describe only the samples the option can deliver.
                let shown = |x: f64| {
                    if o.deliverable_share <= 0.0 {
                        "cannot deliver".to_owned()
                    } else if o.deliverable_share < 1.0 {
                        format!("{} ({} deliverable)", whole(x), percent(o.deliverable_share))
                    } else {
                        whole(x)
                    }
                };
                RangeRow {
                label: o.label,
                p10: shown(o.p10),
                p50: shown(o.p50),
                p90: shown(o.p90),
                cheapest: percent(o.probability_cheapest),
                cheapest_eligible: o.probability_cheapest_eligible.map_or_else(|| "disqualified".to_owned(), percent),
            }})
            .collect(),
        break_even_span: format!(
            "{} to {} MB/s average write; fan-out {} and retention {} h held",
            an.break_even.from_write_mb_per_s, an.break_even.to_write_mb_per_s, an.break_even.read_fanout, an.break_even.retention_hours
        ),
        crossings: an
            .break_even
            .crossings
            .iter()
            .map(|c| CrossingRow {
                pair: format!("{} / {}", label_of(c.a), label_of(c.b)),
                at: format!("{:.1}", c.write_mb_per_s),
                below: c.cheaper_below.map_or("equal", label_of),
                above: c.cheaper_above.map_or("equal", label_of),
            })
            .collect(),
        horizon: an.projection.horizon_months,
        growth: an.projection.growth_percent_per_month,
        projection: an
            .projection
            .options
            .iter()
            .map(|o| {
                // From the month an option can no longer deliver, its costs are lower bounds.
                let at = |month: usize, x: f64| match o.cannot_deliver_from_month {
                    Some(c) if month as u32 >= c => format!("≥ {} (cannot deliver)", whole(x)),
                    _ => whole(x),
                };
                let bounded = |x: f64| match o.cannot_deliver_from_month {
                    Some(c) => format!("≥ {} (cannot deliver from month {c})", whole(x)),
                    None => whole(x),
                };
                ProjectionRow {
                    label: o.label,
                    first: at(0, o.monthly.first().copied().unwrap_or_default()),
                    last: at(
                        o.monthly.len().saturating_sub(1),
                        o.monthly.last().copied().unwrap_or_default(),
                    ),
                    total: bounded(o.total),
                    total_with_people: bounded(o.total_with_people),
                }
            })
            .collect(),
        sensitivity: an
            .sensitivity
            .options
            .iter()
            .map(|o| SensitivityRow {
                label: o.label,
                base: whole(o.base),
                inputs: o
                    .swings
                    .iter()
                    .take(4)
                    .map(|s| {
                        let cost = |x: f64, lower_bound: bool| {
                            if lower_bound {
                                format!("≥ {} (cannot deliver)", whole(x))
                            } else {
                                whole(x)
                            }
                        };
                        format!(
                            "{} ({}–{} {}): {} to {}",
                            s.label,
                            s.low,
                            s.high,
                            s.unit,
                            cost(s.cost_at_low, s.lower_bound_at_low),
                            cost(s.cost_at_high, s.lower_bound_at_high)
                        )
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub struct ChartView {
    pub slug: &'static str,
    pub title: &'static str,
    pub caption: &'static str,
    /// Generated by `report::charts`, which escapes every user-supplied text it draws.
    pub svg: String,
}

pub struct RangeRow {
    pub label: &'static str,
    pub p10: String,
    pub p50: String,
    pub p90: String,
    pub cheapest: String,
    pub cheapest_eligible: String,
}

pub struct CrossingRow {
    pub pair: String,
    pub at: String,
    pub below: &'static str,
    pub above: &'static str,
}

pub struct ProjectionRow {
    pub label: &'static str,
    pub first: String,
    pub last: String,
    pub total: String,
    pub total_with_people: String,
}

pub struct SensitivityRow {
    pub label: &'static str,
    pub base: String,
    pub inputs: Vec<String>,
}

pub struct AnalysisView {
    pub charts: Vec<ChartView>,
    pub samples: u32,
    pub seed: u64,
    pub distribution: &'static str,
    pub inputs: Vec<(String, String)>,
    pub ranges: Vec<RangeRow>,
    pub break_even_span: String,
    pub crossings: Vec<CrossingRow>,
    pub horizon: u32,
    pub growth: f64,
    pub projection: Vec<ProjectionRow>,
    pub sensitivity: Vec<SensitivityRow>,
}

/// The charts a report page shows, downloadable one by one.
#[derive(Debug, Clone, Copy)]
pub enum Chart {
    ByCategory,
    Projection,
    Throughput,
    Ranges,
}

impl Chart {
    pub const ALL: [Chart; 4] = [
        Chart::ByCategory,
        Chart::Projection,
        Chart::Throughput,
        Chart::Ranges,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::ByCategory => "cost-by-category",
            Self::Projection => "projection",
            Self::Throughput => "cost-vs-throughput",
            Self::Ranges => "cost-ranges",
        }
    }

    pub fn from_file(name: &str) -> Option<Self> {
        let slug = name.strip_suffix(".svg")?;
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }

    pub fn svg(self, full: &FullReport) -> &str {
        match self {
            Self::ByCategory => &full.charts.by_category,
            Self::Projection => &full.charts.projection,
            Self::Throughput => &full.charts.throughput,
            Self::Ranges => &full.charts.ranges,
        }
    }
}
