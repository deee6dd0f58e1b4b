//! The MADR's "More information" section and its appendices: the Connect runtimes, the
//! connector inventory and the decision path.

use rust_decimal::Decimal;

use super::{Render, amount, escape_md, is_http_url, num, verdict_label, yes_no};
use crate::decision::Effect;
use crate::domain::{Direction, Labelled, Named, PlatformOption};
use crate::report::COST_COLUMNS;

/// Connectors listed one by one in "More Information"; larger estates are summarised by
/// kind in the context, and the full list stays in the report.
const MAX_CONNECTORS_LISTED: usize = 50;

/// "More Information": cost tables, prices, assumptions, inventory, the decision path and
/// where the report is.
pub(super) struct MoreInformation {
    pub(super) categories: Vec<&'static str>,
    pub(super) costs: Vec<CostRow>,
    /// Lines with no price in the catalog, over all options.
    pub(super) unpriced: usize,
    pub(super) runtimes: Vec<RuntimeRow>,
    pub(super) catalog: String,
    pub(super) catalog_version: String,
    pub(super) catalog_date: String,
    pub(super) pricing_changed: bool,
    pub(super) assumptions: Vec<AssumptionRow>,
    /// The first connectors of the inventory, at most [`MAX_CONNECTORS_LISTED`].
    pub(super) connectors: Vec<ConnectorRow>,
    /// Connectors left out of the inventory.
    pub(super) unlisted: usize,
    pub(super) path: Vec<PathRow>,
    /// The stored assessment, when the report is of one.
    pub(super) stored: Option<Stored>,
}

/// An option's month by category, without the currency.
pub(super) struct CostRow {
    pub(super) label: &'static str,
    pub(super) verdict: &'static str,
    pub(super) categories: Vec<String>,
    pub(super) infrastructure: String,
    pub(super) people: String,
    pub(super) total: String,
}

pub(super) struct RuntimeRow {
    pub(super) option: &'static str,
    pub(super) runtime: &'static str,
    pub(super) verdict: String,
    /// What the runtime adds a month, without the currency; `None` when not priced.
    pub(super) adds: Option<String>,
    pub(super) rules: Vec<&'static str>,
}

pub(super) struct AssumptionRow {
    pub(super) name: String,
    pub(super) value: String,
    pub(super) meaning: String,
}

pub(super) struct ConnectorRow {
    pub(super) name: String,
    pub(super) class: String,
    pub(super) direction: &'static str,
    pub(super) tasks: u32,
    pub(super) mb_per_s: String,
    pub(super) system: String,
    pub(super) exactly_once: &'static str,
    pub(super) isolated: &'static str,
}

/// A fired rule, in the order the engine fired them.
pub(super) struct PathRow {
    pub(super) rule: String,
    pub(super) effect: &'static str,
    pub(super) options: String,
    pub(super) finding: String,
}

/// The stored assessment the report is of.
pub(super) struct Stored {
    pub(super) id: String,
    pub(super) revision: Option<u32>,
    /// The server's base URL, when it is a plain http(s) URL, without a trailing slash.
    pub(super) base_url: Option<String>,
}

impl Render<'_> {
    pub(super) fn more_information(&self, base_url: Option<&str>) -> MoreInformation {
        let report = self.report;
        let pricing = &report.estimate.pricing;
        let connectors = &report.assessment.connectors;
        MoreInformation {
            categories: COST_COLUMNS.map(Labelled::label).to_vec(),
            costs: self.costs(),
            unpriced: report
                .estimate
                .options
                .iter()
                .map(|o| o.missing_prices)
                .sum(),
            runtimes: self.runtimes(),
            catalog: escape_md(&pricing.catalog),
            catalog_version: escape_md(&pricing.version),
            catalog_date: crate::pricing::format_date(pricing.effective_date),
            pricing_changed: report.pricing_changed_since_save(),
            assumptions: report
                .estimate
                .assumptions
                .iter()
                .map(|u| AssumptionRow {
                    name: escape_md(&u.name),
                    value: escape_md(&crate::report::assumption_value(u)),
                    meaning: escape_md(&u.description),
                })
                .collect(),
            connectors: connectors
                .iter()
                .take(MAX_CONNECTORS_LISTED)
                .map(|c| ConnectorRow {
                    name: escape_md(&c.name),
                    class: escape_md(&c.class),
                    direction: match c.direction {
                        Direction::Source => "source",
                        Direction::Sink => "sink",
                    },
                    tasks: c.tasks,
                    mb_per_s: num(c.mb_per_s, 3),
                    system: c.system_location.key().replace('_', " "),
                    exactly_once: yes_no(c.exactly_once),
                    isolated: yes_no(c.isolated),
                })
                .collect(),
            unlisted: connectors.len().saturating_sub(MAX_CONNECTORS_LISTED),
            path: self.path(),
            stored: report.provenance.assessment_id.map(|id| Stored {
                id: id.to_string(),
                revision: report.provenance.revision,
                base_url: base_url
                    .map(|b| b.trim_end_matches('/'))
                    .filter(|b| is_http_url(b))
                    .map(str::to_owned),
            }),
        }
    }

    /// Each option's month by category, then its infrastructure, people and total.
    fn costs(&self) -> Vec<CostRow> {
        self.report
            .options()
            .map(|(e, v)| CostRow {
                label: e.option.label(),
                verdict: verdict_label(v.map(|v| v.verdict)),
                categories: COST_COLUMNS
                    .iter()
                    .map(|cat| {
                        let sum: Decimal = e
                            .lines
                            .iter()
                            .filter(|l| l.category == *cat)
                            .map(|l| l.monthly_cost)
                            .sum();
                        amount(sum)
                    })
                    .collect(),
                infrastructure: amount(e.total),
                people: amount(e.total_with_people - e.total),
                total: amount(e.total_with_people),
            })
            .collect()
    }

    /// Every Connect runtime per option: verdict, what it adds per month, and the rules that
    /// fired (the chosen runtime first).
    fn runtimes(&self) -> Vec<RuntimeRow> {
        let mut rows = Vec::new();
        for o in self.report.estimate.connect_runtimes.iter() {
            let chosen = o.runtimes.iter().filter(|r| r.runtime == o.chosen);
            let others = o.runtimes.iter().filter(|r| r.runtime != o.chosen);
            rows.extend(chosen.chain(others).map(|r| RuntimeRow {
                option: o.option.label(),
                runtime: r.label,
                verdict: r.verdict.key().replace('_', " "),
                adds: r.monthly_cost.map(amount),
                rules: r.reasons.iter().map(|x| x.rule).collect(),
            }));
        }
        rows
    }

    /// Every rule that fired, in order: the decision path.
    fn path(&self) -> Vec<PathRow> {
        self.report
            .decision
            .path
            .iter()
            .map(|r| PathRow {
                rule: escape_md(&r.rule),
                effect: effect_label(r.effect),
                options: r
                    .options
                    .iter()
                    .map(PlatformOption::label)
                    .collect::<Vec<_>>()
                    .join(", "),
                finding: escape_md(&r.message),
            })
            .collect()
    }
}

fn effect_label(e: Effect) -> &'static str {
    match e {
        Effect::Disqualify => "disqualify",
        Effect::Risk => "risk",
        Effect::Favour => "favour",
        Effect::Disfavour => "disfavour",
    }
}
