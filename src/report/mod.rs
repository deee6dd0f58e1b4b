//! The decision report: one assessment evaluated end to end (estate facts → cost estimate →
//! decision), and its renderings (JSON, CSV line items, FOCUS, MADR, HTML, charts).

pub mod charts;
pub mod compare;
mod csv;
pub mod decision_record;
mod focus;
pub mod html;
mod madr;
pub mod plan_vs_actual;
pub mod quality;
#[cfg(test)]
mod recommendation_tests;

use serde::Serialize;
use uuid::Uuid;

use crate::cost::{
    self, AssumptionUsed, Category, CostLine, Estimate, OptionEstimate, OptionRuntimes, RuntimeRow,
    Sizing,
};
use crate::decision::{
    self, ChecklistItem, Decision, FiredRule, OptionCost, OptionVerdict, Reason, Recommendation,
    Verdict,
};
use crate::domain::{Assessment, PlatformOption};
use crate::estate::EstateFacts;
use crate::knowledge::ConnectorKb;
use crate::pricing::{PriceBook, PricingRef};

pub use self::csv::{line_items_csv, neutralise_cell};
/// The example reports and price book the report tests use, shared with other modules' tests.
#[cfg(test)]
pub(crate) use self::focus::tests as tests_support;
pub use self::focus::{
    CostRange, FOCUS_HEADER, FOCUS_MANDATORY_COUNT, OPTION_TAG, focus_csv, focus_keys,
};
pub use self::madr::{madr, madr_with_base_url, madr_with_decision};

/// Version of the report JSON format.
pub const REPORT_FORMAT_VERSION: u32 = 1;

/// Where a report's scenario came from, for headings and exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The stored assessment, when the report is of one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// The price catalog version the revision was saved with, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved_with_pricing_version: Option<String>,
}

/// An assessment evaluated against a price book.
#[derive(Debug, Clone)]
pub struct Report {
    pub assessment: Assessment,
    pub provenance: Provenance,
    pub facts: EstateFacts,
    pub estimate: Estimate,
    pub decision: Decision,
}

/// The capacity units the load needs, as the cost model sized them: throughput units before
/// the 40-TU cap (Standard), processing units before rounding to a purchasable size (Premium),
/// capacity units (Dedicated). The decision engine reads these instead of re-deriving them.
fn units_needed(s: &Sizing) -> Option<u32> {
    s.throughput_units_needed
        .or(s.processing_units_needed)
        .or(s.capacity_units)
}

/// The categories the cost comparisons (the HTML report's and the MADR's) show as columns, in
/// order, each under its label; people come after them.
const COST_COLUMNS: [Category; 6] = [
    Category::Streaming,
    Category::Compute,
    Category::Storage,
    Category::Network,
    Category::Monitoring,
    Category::License,
];

/// An assumption's value as the HTML report and the MADR show it: a string as it is (no JSON
/// quotes), anything else as JSON.
fn assumption_value(u: &AssumptionUsed) -> String {
    match &u.value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Report {
    /// Size, price and decide. Pure: the same inputs always give the same report.
    pub fn build(assessment: Assessment, provenance: Provenance, book: &PriceBook) -> Self {
        let facts = EstateFacts::derive(&assessment, ConnectorKb::embedded());
        let estimate = cost::estimate(&assessment, &facts, book);
        let costs: Vec<OptionCost> = estimate
            .options
            .iter()
            .map(|o| OptionCost {
                option: o.option,
                monthly_total: o.total,
                fully_priced: o.missing_prices == 0,
                lower_bound: o.lower_bound,
                monthly_total_with_people: o.total_with_people,
                units_needed: units_needed(&o.sizing),
                connect_workers: o.sizing.connect_workers,
                awaiting_licence: cost::awaits_licence(o),
            })
            .collect();
        let decision = decision::evaluate(&assessment, &facts, &costs);
        Self {
            assessment,
            provenance,
            facts,
            estimate,
            decision,
        }
    }

    /// The options in report order, each with its verdict and estimate.
    pub fn options(&self) -> impl Iterator<Item = (&OptionEstimate, Option<&OptionVerdict>)> {
        self.estimate.options.iter().map(|e| {
            (
                e,
                self.decision.options.iter().find(|v| v.option == e.option),
            )
        })
    }

    /// The verdict of one option.
    pub fn verdict(&self, option: PlatformOption) -> Option<Verdict> {
        self.decision
            .options
            .iter()
            .find(|v| v.option == option)
            .map(|v| v.verdict)
    }

    /// Whether the prices used now differ from those the revision was saved with.
    pub fn pricing_changed_since_save(&self) -> bool {
        self.provenance
            .saved_with_pricing_version
            .as_ref()
            .is_some_and(|v| *v != self.estimate.pricing.version)
    }

    /// The serialisable report (DESIGN.md's report JSON, with more keys added).
    pub fn json(&self) -> ReportJson<'_> {
        ReportJson {
            report_format: REPORT_FORMAT_VERSION,
            scenario: ScenarioRef {
                name: self.assessment.name.trim(),
                region: &self.assessment.region,
                currency: &self.assessment.currency,
            },
            provenance: &self.provenance,
            recommendation: &self.decision.recommendation,
            options: self
                .options()
                .map(|(e, v)| OptionJson {
                    option: e.option,
                    label: e.option.label(),
                    verdict: v.map(|v| v.verdict),
                    score: v.map(|v| v.score),
                    reasons: v.map_or(&[][..], |v| &v.reasons),
                    monthly_cost: MonthlyCost {
                        total: e.total,
                        currency: &self.estimate.currency,
                        lines: &e.lines,
                        people: People {
                            lines: &e.people,
                            total: e.total_with_people - e.total,
                        },
                        total_with_people: e.total_with_people,
                        missing_prices: e.missing_prices,
                        lower_bound: e.lower_bound,
                    },
                    sizing: &e.sizing,
                    notes: &e.notes,
                    connect_runtime: &e.connect_runtime,
                })
                .collect(),
            connect_runtimes: &self.estimate.connect_runtimes,
            path: &self.decision.path,
            checklist: &self.decision.checklist,
            assumptions: &self.estimate.assumptions,
            estate: &self.facts,
            pricing: PricingJson {
                pricing: &self.estimate.pricing,
                changed_since_save: self.pricing_changed_since_save(),
            },
            analysis: None,
        }
    }
}

/// A report with its scenario analysis and charts: everything the report page, the JSON and
/// the exports show. Built once per revision and price catalog, then shared.
#[derive(Debug, Clone)]
pub struct FullReport {
    pub report: Report,
    pub analysis: crate::analysis::Analysis,
    pub charts: charts::Charts,
}

impl FullReport {
    /// Evaluate, analyse and chart. Pure; about 15 ms for the examples, mostly Monte Carlo.
    pub fn build(assessment: Assessment, provenance: Provenance, book: &PriceBook) -> Self {
        let report = Report::build(assessment, provenance, book);
        let analysis = charts::analyse_report(&report, book);
        let charts = charts::render_all(&report, &analysis);
        Self {
            report,
            analysis,
            charts,
        }
    }

    /// The report JSON, analysis included.
    pub fn json(&self) -> ReportJson<'_> {
        ReportJson {
            analysis: Some(&self.analysis),
            ..self.report.json()
        }
    }

    /// P10/P50/P90 of each option's monthly cost, for the FOCUS export's `x_Cost*` columns.
    pub fn cost_ranges(&self) -> std::collections::BTreeMap<PlatformOption, CostRange> {
        self.analysis
            .monte_carlo
            .options
            .iter()
            .map(|o| {
                (
                    o.option,
                    CostRange {
                        p10: o.p10,
                        p50: o.p50,
                        p90: o.p90,
                    },
                )
            })
            .collect()
    }

    /// The FOCUS 1.2-shaped CSV for the month starting `period_start`.
    pub fn focus_csv(&self, period_start: time::Date) -> String {
        focus_csv(&self.report, &self.cost_ranges(), period_start)
    }
}

/// The report JSON.
#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    pub report_format: u32,
    pub scenario: ScenarioRef<'a>,
    pub provenance: &'a Provenance,
    pub recommendation: &'a Recommendation,
    pub options: Vec<OptionJson<'a>>,
    /// Every Connect runtime judged and priced for every option (`chosen` names the one the
    /// option is priced on).
    pub connect_runtimes: &'a [OptionRuntimes],
    pub path: &'a [FiredRule],
    pub checklist: &'a [ChecklistItem],
    pub assumptions: &'a [AssumptionUsed],
    pub estate: &'a EstateFacts,
    pub pricing: PricingJson<'a>,
    /// Scenario analysis: projection, Monte Carlo ranges, break-even, sensitivity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<&'a crate::analysis::Analysis>,
}

#[derive(Debug, Serialize)]
pub struct ScenarioRef<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub currency: &'a str,
}

#[derive(Debug, Serialize)]
pub struct OptionJson<'a> {
    #[serde(flatten)]
    pub option: PlatformOption,
    pub label: &'static str,
    pub verdict: Option<Verdict>,
    pub score: Option<i32>,
    pub reasons: &'a [Reason],
    pub monthly_cost: MonthlyCost<'a>,
    pub sizing: &'a Sizing,
    pub notes: &'a [String],
    /// The Connect runtime the option is priced on: `runtime`, `verdict`, `reasons`,
    /// `monthly_cost` (what it adds to `monthly_cost.total`).
    pub connect_runtime: &'a RuntimeRow,
}

#[derive(Debug, Serialize)]
pub struct MonthlyCost<'a> {
    /// Infrastructure per month (people excluded).
    #[serde(with = "rust_decimal::serde::float")]
    pub total: rust_decimal::Decimal,
    pub currency: &'a str,
    pub lines: &'a [CostLine],
    /// Operations people, shown apart from infrastructure.
    pub people: People<'a>,
    #[serde(with = "rust_decimal::serde::float")]
    pub total_with_people: rust_decimal::Decimal,
    /// Lines without a price (their cost is unknown, not zero).
    pub missing_prices: usize,
    /// The option cannot deliver the load at any deployment: `total` is a lower bound.
    pub lower_bound: bool,
}

#[derive(Debug, Serialize)]
pub struct People<'a> {
    pub lines: &'a [CostLine],
    #[serde(with = "rust_decimal::serde::float")]
    pub total: rust_decimal::Decimal,
}

#[derive(Debug, Serialize)]
pub struct PricingJson<'a> {
    #[serde(flatten)]
    pub pricing: &'a PricingRef,
    /// The catalog differs from the one the revision was saved with.
    pub changed_since_save: bool,
}
