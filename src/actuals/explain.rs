//! Explaining a category's gap: which input, changed how far, would have produced the bill.
//!
//! The candidates are the inputs of the sensitivity (tornado) analysis — the three workload
//! drivers and the swung sizing assumptions — re-priced with the same [`Model`]. For each,
//! the value is searched (up to 8× either way) at which the category's estimate reaches the
//! actual; the candidates that get there are ranked by how little they have to move.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::analysis::SWUNG_ASSUMPTIONS;
use crate::cost::{Category, Drivers, Model, OptionEstimate};
use crate::domain::{Labelled, PlatformOption};
use crate::pricing::PriceBook;
use crate::report::Report;

/// Largest factor the search moves an input by, either way.
const MAX_FACTOR: f64 = 8.0;
/// Grid points per side between 1× and [`MAX_FACTOR`]×.
const STEPS: i32 = 24;
/// Bisection rounds between two grid points (the cost is a step function of most inputs).
const BISECTIONS: u32 = 24;
/// Candidates named per category.
const SHOWN: usize = 3;

/// Why a category's actual differs from its estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapExplanation {
    /// One or two sentences for the report.
    pub message: String,
    /// Inputs whose change would produce the actual, the smallest change first.
    pub candidates: Vec<Candidate>,
}

/// An input value that makes the category's estimate reach the actual.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The input's key in the sensitivity analysis, e.g. `retention_hours`.
    pub input: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    /// The value the estimate used.
    pub estimated_value: f64,
    /// The value that gives the actual (4 decimals).
    pub value_closing_gap: f64,
    /// The category's estimate at that value.
    pub category_cost_at_value: f64,
}

/// One input the search can move.
struct Input {
    input: &'static str,
    label: &'static str,
    unit: &'static str,
    likely: f64,
    kind: Kind,
}

enum Kind {
    Driver(fn(&mut Drivers, f64)),
    Assumption(fn(&mut crate::domain::Scenario, f64)),
}

/// The model of a report, ready to be re-priced at moved inputs.
pub(crate) struct Explainer<'a> {
    report: &'a Report,
    book: &'a PriceBook,
    model: Model,
    base: Drivers,
}

fn category_cost(e: &OptionEstimate, c: Category) -> f64 {
    e.lines
        .iter()
        .filter(|l| l.category == c)
        .map(|l| l.monthly_cost)
        .sum::<Decimal>()
        .to_f64()
        .unwrap_or(0.0)
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl<'a> Explainer<'a> {
    pub(crate) fn new(report: &'a Report, book: &'a PriceBook) -> Self {
        let model = Model::new(&report.assessment, &report.facts, book);
        let base = model.base_drivers();
        Self {
            report,
            book,
            model,
            base,
        }
    }

    fn inputs(&self) -> Vec<Input> {
        let b = self.base;
        let mut v = vec![
            Input {
                input: "write_mb_per_s",
                label: "Write throughput",
                unit: "MB/s",
                likely: b.write_mb_per_s,
                kind: Kind::Driver(|d, x| d.write_mb_per_s = x),
            },
            Input {
                input: "read_fanout",
                label: "Read fan-out",
                unit: "consumer groups",
                likely: b.read_fanout,
                kind: Kind::Driver(|d, x| d.read_fanout = x),
            },
            Input {
                input: "retention_hours",
                label: "Retention",
                unit: "hours",
                likely: b.retention_hours,
                kind: Kind::Driver(|d, x| d.retention_hours = x),
            },
        ];
        for a in SWUNG_ASSUMPTIONS {
            v.push(Input {
                input: a.input,
                label: a.label,
                unit: a.unit,
                likely: (a.likely)(self.report.assessment.scenario()),
                kind: Kind::Assumption(a.set),
            });
        }
        v
    }

    /// The category's estimate with `input` at `x`; `None` when the changed scenario is not
    /// valid (the value is outside what the questionnaire accepts).
    fn cost_at(&self, option: PlatformOption, c: Category, input: &Input, x: f64) -> Option<f64> {
        match input.kind {
            Kind::Driver(set) => {
                let mut d = self.base;
                set(&mut d, x);
                Some(category_cost(&self.model.estimate_option(option, &d), c))
            }
            Kind::Assumption(set) => {
                let changed = self.report.assessment.with_changes(|s| set(s, x)).ok()?;
                let model = Model::new(&changed, &self.report.facts, self.book);
                Some(category_cost(&model.estimate_option(option, &self.base), c))
            }
        }
    }

    /// The value of `input` nearest its estimate at which the category's cost reaches
    /// `actual`: a grid search outward on each side, then bisection inside the first grid
    /// step that crosses.
    fn solve(
        &self,
        option: PlatformOption,
        c: Category,
        input: &Input,
        actual: f64,
    ) -> Option<Candidate> {
        if !(input.likely.is_finite() && input.likely > 0.0) {
            return None;
        }
        let at_likely = self.cost_at(option, c, input, input.likely)?;
        let above = at_likely < actual;
        let reached = |cost: f64| {
            if above {
                cost >= actual
            } else {
                cost <= actual
            }
        };
        let mut best: Option<(f64, f64)> = None;
        for dir in [1.0_f64, -1.0] {
            let mut prev = input.likely;
            for k in 1..=STEPS {
                let x = input.likely * MAX_FACTOR.powf(dir * f64::from(k) / f64::from(STEPS));
                let Some(cost) = self.cost_at(option, c, input, x) else {
                    break;
                };
                if reached(cost) {
                    // Bisect between prev (not reached) and x (reached).
                    let (mut lo, mut hi, mut at_hi) = (prev, x, cost);
                    for _ in 0..BISECTIONS {
                        let mid = f64::midpoint(lo, hi);
                        match self.cost_at(option, c, input, mid) {
                            Some(m) if reached(m) => {
                                hi = mid;
                                at_hi = m;
                            }
                            Some(_) => lo = mid,
                            None => break,
                        }
                    }
                    let moved = (hi / input.likely).ln().abs();
                    if best.is_none_or(|(b, _)| moved < (b / input.likely).ln().abs()) {
                        best = Some((hi, at_hi));
                    }
                    break;
                }
                prev = x;
            }
        }
        best.map(|(x, cost)| Candidate {
            input: input.input,
            label: input.label,
            unit: input.unit,
            estimated_value: round4(input.likely),
            value_closing_gap: round4(x),
            category_cost_at_value: cents(cost),
        })
    }

    /// Explain why `category` of `option` cost `actual` against an estimate of `estimate`.
    pub(crate) fn explain(
        &self,
        option: PlatformOption,
        category: Category,
        estimate: Decimal,
        actual: Decimal,
    ) -> GapExplanation {
        let target = actual.to_f64().unwrap_or(0.0);
        let mut candidates: Vec<Candidate> = self
            .inputs()
            .iter()
            .filter_map(|i| self.solve(option, category, i, target))
            .collect();
        candidates.sort_by(|a, b| {
            let moved = |c: &Candidate| (c.value_closing_gap / c.estimated_value).ln().abs();
            moved(a).total_cmp(&moved(b))
        });
        candidates.truncate(SHOWN);
        let name = category_name(category);
        let direction = if actual > estimate { "higher" } else { "lower" };
        let message = match candidates.first() {
            Some(c) => format!(
                "{name} is {direction} than estimated. The smallest single change that explains it: {} of {} {} instead of {} {} (the {name} estimate would then be {:.2} {}).{}",
                c.label,
                figure(c.value_closing_gap),
                c.unit,
                figure(c.estimated_value),
                c.unit,
                c.category_cost_at_value,
                self.report.estimate.currency,
                if candidates.len() > 1 {
                    format!(
                        " Also possible: {}.",
                        candidates[1..]
                            .iter()
                            .map(|c| format!(
                                "{} {} {}",
                                c.label,
                                figure(c.value_closing_gap),
                                c.unit
                            ))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                } else {
                    String::new()
                }
            ),
            None => format!(
                "{name} is {direction} than estimated, and no single input of the sensitivity analysis, moved up to {MAX_FACTOR}× either way, gives that cost: check the unmatched rows, the prices actually paid (negotiated, or changed since the catalog), and resources the estimate does not model."
            ),
        };
        GapExplanation {
            message,
            candidates,
        }
    }
}

fn category_name(c: Category) -> &'static str {
    c.label()
}

/// A figure with at most 2 decimals, trailing zeros dropped.
fn figure(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
}
