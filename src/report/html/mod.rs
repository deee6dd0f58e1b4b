//! The HTML report as a view model: what the report page shows, as strings ready for the
//! askama template `templates/reports/report.html`. Pure: no axum, no store, nothing of
//! `web`; the server fills in what only it knows (the decision panel, plan vs actual, asset
//! URLs) after [`view`], and the CLI renders the same page as one standalone file.

mod analysis;
pub mod chrome;
mod rows;

use askama::Template;
use uuid::Uuid;

use crate::decision::{Effect, RecommendationStatus, Verdict};
use crate::domain::{Labelled, PlatformOption, region_display_name};
use crate::report::FullReport;

use self::analysis::analysis_view;
pub use self::analysis::{
    AnalysisView, Chart, ChartView, CrossingRow, ProjectionRow, RangeRow, SensitivityRow,
};
pub use self::rows::RuntimeTableRow;
use self::rows::{line_row, runtime_rows, sizing_facts};
pub use crate::number::{money, quantity};

pub use self::chrome::STYLESHEET;

pub(crate) fn verdict_label(v: Option<Verdict>) -> (&'static str, &'static str) {
    match v {
        Some(Verdict::Recommended) => ("Recommended", "recommended"),
        Some(Verdict::Viable) => ("Viable", "viable"),
        Some(Verdict::ViableWithRisks) => ("Viable with risks", "risks"),
        Some(Verdict::Disqualified) => ("Disqualified", "disqualified"),
        None => ("—", "none"),
    }
}

pub(crate) fn effect_label(e: Effect) -> (&'static str, &'static str) {
    match e {
        Effect::Disqualify => ("Disqualifies", "disqualify"),
        Effect::Risk => ("Risk", "risk"),
        Effect::Favour => ("Favours", "favour"),
        Effect::Disfavour => ("Disfavours", "disfavour"),
    }
}

pub struct VerdictRow {
    pub anchor: &'static str,
    pub label: &'static str,
    pub verdict: &'static str,
    pub verdict_class: &'static str,
    pub total: String,
    pub people: String,
    pub total_with_people: String,
    pub missing_prices: usize,
    /// No deployment delivers the load: the total is only a lower bound.
    pub lower_bound: bool,
    pub rules: String,
    /// Favours minus disfavours and risks; empty for a disqualified option (it is not ranked).
    pub score: String,
    /// What blocks or endangers the option, in plain words, each with its rule code.
    pub limits_and_risks: Vec<NamedReason>,
    pub by_category: Vec<String>,
}

/// A limit or risk named in plain words (the rule's title), with its rule code as a reference.
pub struct NamedReason {
    pub title: String,
    pub rule: String,
    pub effect: &'static str,
    pub effect_class: &'static str,
}

pub struct PathStep {
    pub rule: String,
    pub title: String,
    pub effect: &'static str,
    pub effect_class: &'static str,
    pub options: String,
    pub message: String,
    pub source: String,
}

pub struct LineRow {
    pub component: String,
    pub category: &'static str,
    pub quantity: String,
    pub unit: String,
    pub unit_price: String,
    pub monthly_cost: String,
    pub formula: String,
    pub price_row: String,
    pub price_source: String,
    pub confidence: String,
    pub flag: String,
}

pub struct ReasonRow {
    pub rule: String,
    pub effect: &'static str,
    pub effect_class: &'static str,
    pub message: String,
    pub source: String,
}

pub struct OptionSection {
    pub anchor: &'static str,
    pub label: &'static str,
    pub verdict: &'static str,
    pub verdict_class: &'static str,
    pub total: String,
    pub sizing: Vec<(String, String)>,
    pub lines: Vec<LineRow>,
    pub people: Vec<LineRow>,
    pub people_total: String,
    pub reasons: Vec<ReasonRow>,
    pub notes: Vec<String>,
}

pub struct ChecklistRow {
    pub title: String,
    pub why: String,
    pub how: String,
    pub source: String,
}

/// The report page.
#[derive(Template)]
#[template(path = "reports/report.html")]
pub struct ReportPage {
    pub title: String,
    pub id: String,
    pub revision: u32,
    pub latest_revision: u32,
    pub saved: String,
    pub region: String,
    pub currency: String,
    pub shared: bool,
    pub download_base: String,
    /// The stylesheet, inlined in a standalone file; empty when served.
    pub inline_css: &'static str,
    pub analysis: AnalysisView,
    pub headline: String,
    pub status: &'static str,
    pub recommended: String,
    pub close_call: String,
    /// Why the recommended option is not the cheapest that clears every hard limit; empty when it is.
    pub why_not_cheapest: String,
    pub if_relaxed: Vec<String>,
    pub verdicts: Vec<VerdictRow>,
    pub categories: Vec<&'static str>,
    pub path: Vec<PathStep>,
    pub options: Vec<OptionSection>,
    pub assumptions: Vec<(String, String, String)>,
    pub estate: Vec<(&'static str, String)>,
    pub checklist: Vec<ChecklistRow>,
    pub catalog: String,
    pub catalog_version: String,
    pub catalog_date: String,
    /// Region, currency, catalog date and the share of low-confidence prices, in one line.
    pub catalog_quality: String,
    pub catalogs: Vec<(String, String, String, usize)>,
    pub pricing_changed: bool,
    pub saved_pricing_version: String,
    /// Options with lines that have no price, and how many such lines there are in all.
    pub unpriced_options: usize,
    pub unpriced_lines: usize,
    /// The current catalog version when this report is priced with an older one it was
    /// saved with; empty otherwise.
    pub newer_catalog: String,
    /// The region code (`westeurope`), for the `pricing refresh` command the page suggests.
    pub region_code: String,
    /// Link to this report re-priced with the newest catalogs.
    pub latest_prices_url: String,
    /// Plan vs actual, one entry per billing period and option, latest period first: HTML
    /// rendered by the server from the stored uploads (escaped there); empty when none.
    pub plan_vs_actual: String,
    /// Every Connect runtime per option, the chosen one first (issue 13).
    pub connect_runtimes: Vec<RuntimeTableRow>,
    /// The decision recorded for this revision, as the HTML panel the server rendered
    /// (escaped there); empty on standalone pages.
    pub decision: String,
    /// The served stylesheet and script (fingerprinted URLs); unused when `inline_css` is set.
    pub stylesheet_url: String,
    pub script_url: String,
}

/// Where the page is shown: served for a stored revision, or rendered to a standalone file.
pub struct PageContext {
    /// The stored assessment; `None` for a scenario file rendered by the CLI.
    pub id: Option<Uuid>,
    pub revision: u32,
    pub latest_revision: u32,
    /// When the revision was saved (or the file rendered), already formatted.
    pub saved: String,
    /// Opened through a share link: nothing that leads to editing.
    pub shared: bool,
    /// A self-contained file: the stylesheet is inlined and app links are left out.
    pub standalone: bool,
}

/// Render a report as one self-contained HTML document (stylesheet inlined), for
/// `connect-advisor estimate --format html`.
pub fn standalone_html(report: &FullReport, generated: &str) -> Result<String, askama::Error> {
    let ctx = PageContext {
        id: None,
        revision: 1,
        latest_revision: 1,
        saved: generated.to_owned(),
        shared: true,
        standalone: true,
    };
    view(report, &ctx).render()
}

/// Build the page from a report.
pub fn view(full: &FullReport, ctx: &PageContext) -> ReportPage {
    let report = &full.report;
    let a = &report.assessment;
    let rec = &report.decision.recommendation;
    let currency = report.estimate.currency.clone();
    let verdicts: Vec<VerdictRow> = report
        .options()
        .map(|(e, v)| {
            let (verdict, verdict_class) = verdict_label(v.map(|v| v.verdict));
            let by_category = super::COST_COLUMNS
                .iter()
                .map(|c| {
                    money(
                        e.lines
                            .iter()
                            .filter(|l| l.category == *c)
                            .map(|l| l.monthly_cost)
                            .sum(),
                    )
                })
                .collect();
            // The table names what blocks or endangers an option; favours and cost notes are
            // in the path and the option's own section.
            let mut rules: Vec<&str> = v
                .map(|v| {
                    v.reasons
                        .iter()
                        .filter(|r| matches!(r.effect, Effect::Disqualify | Effect::Risk))
                        .map(|r| r.rule.as_str())
                        .collect()
                })
                .unwrap_or_default();
            rules.dedup();
            let mut limits_and_risks: Vec<NamedReason> = Vec::new();
            for r in v.map_or(&[][..], |v| v.reasons.as_slice()) {
                if !matches!(r.effect, Effect::Disqualify | Effect::Risk)
                    || limits_and_risks.iter().any(|x| x.rule == r.rule)
                {
                    continue;
                }
                let (effect, effect_class) = effect_label(r.effect);
                limits_and_risks.push(NamedReason {
                    title: crate::decision::rules()
                        .iter()
                        .find(|x| x.id == r.rule)
                        .map_or_else(|| r.rule.clone(), |x| x.title.to_owned()),
                    rule: r.rule.clone(),
                    effect,
                    effect_class,
                });
            }
            let score = v
                .filter(|v| v.verdict != crate::decision::Verdict::Disqualified)
                .map(|v| v.score.to_string())
                .unwrap_or_default();
            VerdictRow {
                score,
                limits_and_risks,
                anchor: e.option.id(),
                label: e.option.label(),
                verdict,
                verdict_class,
                total: money(e.total),
                people: money(e.total_with_people - e.total),
                total_with_people: money(e.total_with_people),
                missing_prices: e.missing_prices,
                lower_bound: e.lower_bound,
                rules: rules.join(", "),
                by_category,
            }
        })
        .collect();
    let options = report
        .options()
        .map(|(e, v)| {
            let (verdict, verdict_class) = verdict_label(v.map(|v| v.verdict));
            OptionSection {
                anchor: e.option.id(),
                label: e.option.label(),
                verdict,
                verdict_class,
                total: if e.lower_bound {
                    format!(
                        "≥ {} (cannot deliver the load; lower bound)",
                        money(e.total)
                    )
                } else {
                    money(e.total)
                },
                sizing: sizing_facts(&e.sizing),
                lines: e.lines.iter().map(line_row).collect(),
                people: e.people.iter().map(line_row).collect(),
                people_total: money(e.total_with_people - e.total),
                reasons: v
                    .map(|v| {
                        v.reasons
                            .iter()
                            .map(|r| {
                                let (effect, effect_class) = effect_label(r.effect);
                                ReasonRow {
                                    rule: r.rule.clone(),
                                    effect,
                                    effect_class,
                                    message: r.message.clone(),
                                    source: r.source.clone(),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                notes: e.notes.clone(),
            }
        })
        .collect();
    let f = &report.facts;
    let estate = vec![
        (
            "Topics the platform must hold",
            format!(
                "{} ({} data, {} DLQ, {} connector-created, {} schema history, {} Connect internal over {} Connect cluster(s))",
                f.topics_needed,
                f.data_topics,
                f.dlq_topics,
                f.connector_created_topics,
                f.schema_history_topics,
                3 * f.connect_clusters,
                f.connect_clusters
            ),
        ),
        (
            "Partitions the platform must hold",
            f.partitions_needed.to_string(),
        ),
        (
            "Connect tasks",
            format!(
                "{} ({} on the shared worker pool)",
                f.total_tasks, f.shared_pool_tasks
            ),
        ),
        (
            "Connector throughput",
            format!("{} MB/s summed over connectors", f.connector_mb_per_s),
        ),
        (
            "Plugin classes needing lab validation",
            if f.unknown_classes.is_empty() {
                "none".to_owned()
            } else {
                f.unknown_classes.join(", ")
            },
        ),
    ];
    let pricing = &report.estimate.pricing;
    ReportPage {
        title: a.name.trim().to_owned(),
        id: ctx.id.map(|i| i.to_string()).unwrap_or_default(),
        revision: ctx.revision,
        latest_revision: ctx.latest_revision,
        saved: ctx.saved.clone(),
        region: region_display_name(&a.region)
            .map_or_else(|| a.region.clone(), |n| format!("{n} ({})", a.region)),
        currency: currency.clone(),
        shared: ctx.shared,
        download_base: ctx
            .id
            .map(|id| format!("/api/assessments/{id}/report"))
            .unwrap_or_default(),
        inline_css: if ctx.standalone { STYLESHEET } else { "" },
        analysis: analysis_view(full),
        headline: rec.headline.clone(),
        status: match rec.status {
            RecommendationStatus::Clear => "clear",
            RecommendationStatus::CloseCall => "close_call",
            RecommendationStatus::NoneViable => "none_viable",
            RecommendationStatus::PricesMissing => "prices_missing",
        },
        recommended: rec.option.map_or_else(
            || "No option is viable".to_owned(),
            |o| o.label().to_owned(),
        ),
        close_call: rec.close_call.clone().unwrap_or_default(),
        why_not_cheapest: rec.why_not_cheapest.clone().unwrap_or_default(),
        if_relaxed: rec.if_relaxed.clone(),
        verdicts,
        categories: super::COST_COLUMNS.map(Labelled::label).to_vec(),
        path: report
            .decision
            .path
            .iter()
            .map(|p| {
                let (effect, effect_class) = effect_label(p.effect);
                PathStep {
                    rule: p.rule.clone(),
                    title: p.title.clone(),
                    effect,
                    effect_class,
                    options: p
                        .options
                        .iter()
                        .map(PlatformOption::label)
                        .collect::<Vec<_>>()
                        .join(", "),
                    message: p.message.clone(),
                    source: p.source.clone(),
                }
            })
            .collect(),
        options,
        assumptions: report
            .estimate
            .assumptions
            .iter()
            .map(|u| {
                (
                    u.name.clone(),
                    super::assumption_value(u),
                    u.description.clone(),
                )
            })
            .collect(),
        estate,
        checklist: report
            .decision
            .checklist
            .iter()
            .map(|c| ChecklistRow {
                title: c.title.clone(),
                why: c.why.clone(),
                how: c.how.clone(),
                source: c.source.clone(),
            })
            .collect(),
        catalog: pricing.catalog.clone(),
        catalog_version: pricing.version.clone(),
        catalog_date: pricing.effective_date.to_string(),
        catalog_quality: crate::report::quality::CatalogQuality::of(report).line(
            &report.assessment.region,
            &report.estimate.currency,
            &pricing.effective_date.to_string(),
        ),
        catalogs: pricing
            .catalogs
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.version.clone(),
                    c.effective_date.to_string(),
                    c.rows,
                )
            })
            .collect(),
        pricing_changed: report.pricing_changed_since_save(),
        saved_pricing_version: report
            .provenance
            .saved_with_pricing_version
            .clone()
            .unwrap_or_default(),
        unpriced_options: report
            .estimate
            .options
            .iter()
            .filter(|o| o.catalog_missing() > 0)
            .count(),
        // Azure catalog gaps only: a vendor's own charge is named on its line and in the
        // headline, and no Azure price refresh would price it.
        unpriced_lines: report
            .estimate
            .options
            .iter()
            .map(crate::cost::OptionEstimate::catalog_missing)
            .sum(),
        newer_catalog: String::new(),
        region_code: report.assessment.region.clone(),
        latest_prices_url: String::new(),
        plan_vs_actual: String::new(),
        connect_runtimes: runtime_rows(report),
        decision: String::new(),
        stylesheet_url: String::new(),
        script_url: String::new(),
    }
}
