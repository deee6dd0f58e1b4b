//! The decision report page: recommendation, verdicts, path, costs with formulas, assumptions,
//! checklist and price catalog. The same page serves owners and share links (read-only).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

use super::dates::format_time;
use super::extract::ReadAccess;
use super::report_cache::{Key, Rendered, Value, View};
use super::{AppState, PageError, ReportError};
use crate::cost::{Category, CostLine};
use crate::decision::{Effect, RecommendationStatus, Verdict};
use crate::domain::{Assessment, region_display_name};
use std::sync::Arc;

use crate::report::{FullReport, Provenance, Report};
use crate::store::RevisionRecord;

/// Categories shown as columns of the cost comparison, in order.
const CATEGORIES: [(Category, &str); 6] = [
    (Category::Streaming, "Streaming"),
    (Category::Compute, "Compute"),
    (Category::Storage, "Storage"),
    (Category::Network, "Network"),
    (Category::Monitoring, "Monitoring"),
    (Category::License, "License"),
];

pub use crate::number::{money, quantity};

fn verdict_label(v: Option<Verdict>) -> (&'static str, &'static str) {
    match v {
        Some(Verdict::Recommended) => ("Recommended", "recommended"),
        Some(Verdict::Viable) => ("Viable", "viable"),
        Some(Verdict::ViableWithRisks) => ("Viable with risks", "risks"),
        Some(Verdict::Disqualified) => ("Disqualified", "disqualified"),
        None => ("—", "none"),
    }
}

fn effect_label(e: Effect) -> (&'static str, &'static str) {
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
    /// Plan vs actual, one entry per billing period and option, latest period first.
    pub plan_vs_actual: Vec<super::actuals::PlanVsActualView>,
    /// Every Connect runtime per option, the chosen one first (issue 13).
    pub connect_runtimes: Vec<RuntimeTableRow>,
    /// The decision recorded for this revision (served pages only).
    pub decision: Option<super::decisions::DecisionBlock>,
}

/// One runtime for one option in the report's runtime table.
pub struct RuntimeTableRow {
    pub option: &'static str,
    /// True on the option's first row (the chosen runtime), which names the option.
    pub first: bool,
    pub span: usize,
    pub runtime: &'static str,
    pub verdict: &'static str,
    pub verdict_class: &'static str,
    pub cost: String,
    pub reasons: Vec<ReasonRow>,
}

/// The runtime table rows of a report: per option, the chosen runtime, then the others.
fn runtime_rows(report: &crate::report::Report) -> Vec<RuntimeTableRow> {
    let mut rows = Vec::new();
    for o in report.estimate.connect_runtimes.iter() {
        let chosen = o.runtimes.iter().filter(|r| r.runtime == o.chosen);
        let others = o.runtimes.iter().filter(|r| r.runtime != o.chosen);
        for (i, r) in chosen.chain(others).enumerate() {
            let (verdict, verdict_class) = verdict_label(Some(r.verdict));
            rows.push(RuntimeTableRow {
                option: o.option.label(),
                first: i == 0,
                span: o.runtimes.len(),
                runtime: r.label,
                verdict,
                verdict_class,
                cost: r
                    .monthly_cost
                    .map_or_else(|| "not priced".to_owned(), money),
                reasons: r
                    .reasons
                    .iter()
                    .map(|x| {
                        let (effect, effect_class) = effect_label(x.effect);
                        ReasonRow {
                            rule: x.rule.to_owned(),
                            effect,
                            effect_class,
                            message: format!("{} (read {})", x.message, x.read_on),
                            source: x.source.to_owned(),
                        }
                    })
                    .collect(),
            });
        }
    }
    rows
}

fn line_row(l: &CostLine) -> LineRow {
    let category = CATEGORIES.iter().find(|(c, _)| *c == l.category).map_or(
        if l.category == Category::Operations {
            "Operations"
        } else {
            ""
        },
        |(_, n)| n,
    );
    let pr = l.price_ref.as_deref();
    LineRow {
        component: l.component.clone(),
        category,
        quantity: quantity(l.quantity),
        unit: l.unit.to_string(),
        unit_price: l
            .unit_price
            .map_or_else(|| "—".to_owned(), |p| p.normalize().to_string()),
        monthly_cost: money(l.monthly_cost),
        formula: l.formula.to_string(),
        price_row: pr.map_or_else(String::new, |p| {
            let id = if p.meter_id.is_empty() {
                String::new()
            } else {
                format!(" · meter id {}", p.meter_id)
            };
            format!(
                "{} · {} · {} · {} · from {}{id}",
                p.catalog, p.meter, p.region, p.price_type, p.effective_date
            )
        }),
        price_source: pr.map_or_else(String::new, |p| p.source.clone()),
        confidence: pr
            .and_then(|p| p.confidence)
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        flag: l.flag.clone().unwrap_or_default(),
    }
}

/// Human labels (with units) for the sizing facts an option reports.
const SIZING_LABELS: &[(&str, &str)] = &[
    ("peak_write_mb_per_s", "Peak write, MB/s"),
    ("retained_gb", "Data retained, GB (one copy)"),
    ("throughput_units", "Throughput units"),
    ("throughput_units_needed", "Throughput units the load needs"),
    (
        "ingress_million_events_per_month",
        "Ingress events, millions per month",
    ),
    ("processing_units", "Processing units"),
    (
        "processing_units_needed",
        "Processing units the load needs (before rounding to sizes)",
    ),
    ("capacity_units", "Capacity units"),
    ("namespaces", "Namespaces (or clusters)"),
    ("storage_above_included_gb", "Storage above included, GB"),
    ("brokers", "Brokers"),
    ("kraft_controllers", "KRaft controllers"),
    ("disk_gib_per_broker", "Data disk per broker, GiB"),
    ("disk_gib_total", "Data disk in total, GiB"),
    ("disk_iops_per_broker", "Disk IOPS per broker"),
    (
        "disk_mb_per_s_per_broker",
        "Disk throughput per broker, MB/s",
    ),
    (
        "cross_zone_gb_per_month",
        "Cross-zone traffic, GB per month",
    ),
    ("wal_gib_per_broker", "Write-ahead log per broker, GiB"),
    ("blob_gb", "Blob capacity, GB"),
    ("blob_put_per_month", "Blob writes per month"),
    ("blob_get_per_month", "Blob reads per month"),
    ("connect_workers", "Connect workers"),
    (
        "extra_connect_workers",
        "Connect workers added by one Connect cluster per namespace",
    ),
    ("vms", "VMs and AKS nodes (OS disks, monitoring)"),
    ("connect_pools", "Connect worker pools"),
    ("aks_clusters", "AKS clusters"),
    ("private_endpoints", "Private endpoints"),
];

fn sizing_facts(s: &crate::cost::Sizing) -> Vec<(String, String)> {
    // The sizing struct's JSON is the one place that knows which facts an option has.
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(s) else {
        return vec![];
    };
    map.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let label = SIZING_LABELS
                .iter()
                .find(|(key, _)| *key == k)
                .map_or_else(|| k.replace('_', " "), |(_, l)| (*l).to_owned());
            let value = match v {
                serde_json::Value::Number(n) => n
                    .as_f64()
                    .and_then(Decimal::from_f64_retain)
                    .map_or_else(|| n.to_string(), |d| quantity(d.round_dp(2))),
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (label, value)
        })
        .collect()
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

impl PageContext {
    fn served(id: Uuid, revision: &RevisionRecord, latest: u32, shared: bool) -> Self {
        Self {
            id: Some(id),
            revision: revision.revision,
            latest_revision: latest,
            saved: format_time(revision.created_at),
            shared,
            standalone: false,
        }
    }
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

/// `12345.6` → `12,346` (whole currency units, for analysis figures that are estimates of estimates).
fn whole(x: f64) -> String {
    Decimal::from_f64_retain(x.round()).map_or_else(|| "—".to_owned(), quantity)
}

fn percent(p: f64) -> String {
    format!("{:.0} %", p * 100.0)
}

/// The scenario-analysis part of the page.
fn analysis_view(full: &FullReport) -> AnalysisView {
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
            let by_category = CATEGORIES
                .iter()
                .map(|(c, _)| {
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
        inline_css: if ctx.standalone {
            super::assets::STYLESHEET
        } else {
            ""
        },
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
        categories: CATEGORIES.iter().map(|(_, n)| *n).collect(),
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
                        .map(|o| o.label())
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
                let value = match &u.value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (u.name.clone(), value, u.description.clone())
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
            .map(|o| o.catalog_missing())
            .sum(),
        newer_catalog: String::new(),
        region_code: report.assessment.region.clone(),
        latest_prices_url: String::new(),
        plan_vs_actual: Vec::new(),
        connect_runtimes: runtime_rows(report),
        decision: None,
    }
}

/// Evaluate a stored revision. Stored scenarios were valid when saved; one that no longer
/// validates (after a rule change) is reported rather than silently evaluated.
pub fn build_report(
    state: &AppState,
    id: Uuid,
    revision: &RevisionRecord,
) -> Result<Report, ReportError> {
    let (assessment, provenance) = checked(id, revision)?;
    let started = std::time::Instant::now();
    // The saved version when it is in memory (see `ensure_saved_book`), else the current one.
    let book = revision
        .pricing_version
        .as_deref()
        .and_then(|v| state.books.cached(v))
        .unwrap_or_else(|| state.books.current());
    let report = Report::build(assessment, provenance, &book);
    state
        .metrics
        .observe_estimate(started.elapsed().as_secs_f64());
    Ok(report)
}

fn checked(id: Uuid, revision: &RevisionRecord) -> Result<(Assessment, Provenance), ReportError> {
    let assessment = Assessment::validate(revision.scenario.clone()).map_err(|e| {
        ReportError::Invalid(format!(
            "Revision {} no longer passes validation ({e}); edit the assessment to fix it.",
            revision.revision
        ))
    })?;
    let provenance = Provenance {
        assessment_id: Some(id),
        revision: Some(revision.revision),
        saved_with_pricing_version: revision.pricing_version.clone(),
    };
    Ok((assessment, provenance))
}

/// The key of `view` of `revision` in the report cache. The catalog part names the price
/// choice and the current catalog version: a revision's saved catalogs never change, and a
/// refresh (a new current version) retires every entry, including the pages that say newer
/// prices exist. `actuals` stamps views that show uploaded actual costs, and those that show
/// the decision status (page, JSON, MADR) with its change count: changes are insert-only, so
/// the count names the state.
fn cache_key(
    state: &AppState,
    id: Uuid,
    revision: u32,
    choice: Prices,
    view: View,
    actuals: &str,
) -> Key {
    Key {
        assessment: id,
        revision,
        catalog: Arc::from(format!(
            "{}:{}{actuals}",
            choice.as_str(),
            state.books.current_version()
        )),
        view,
    }
}

/// A stamp of the actual costs uploaded for an assessment ("" when none): uploads are
/// insert-only, so their ids name the content.
async fn actuals_stamp(state: &AppState, id: Uuid) -> Result<String, ReportError> {
    use sha2::{Digest, Sha256};
    let records = state.store.latest_actuals(id).await?;
    if records.is_empty() {
        return Ok(String::new());
    }
    let mut h = Sha256::new();
    for r in &records {
        h.update(r.id.as_bytes());
    }
    Ok(format!("+a{}", hex::encode(&h.finalize()[..6])))
}

/// The full report (analysis and charts included) of a stored revision: from the cache, or
/// computed on a blocking thread — validation, the Monte Carlo and the charts take
/// milliseconds (seconds for the largest estates) of CPU and must not stall the async
/// workers. Concurrent requests for one revision share one evaluation.
pub async fn full_report(
    state: &AppState,
    id: Uuid,
    revision: &RevisionRecord,
) -> Result<Arc<FullReport>, ReportError> {
    full_report_priced(state, id, revision, Prices::Saved).await
}

/// Which catalogs a stored revision is priced with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prices {
    /// The catalogs it was saved with (the default), when they were kept.
    Saved,
    /// The newest catalogs (`?prices=latest`).
    Latest,
}

impl Prices {
    fn as_str(self) -> &'static str {
        match self {
            Self::Saved => "saved",
            Self::Latest => "latest",
        }
    }
}

/// Load the price book a revision was saved with into memory (from the store when this
/// instance has not used it), so [`build_report`] prices with it.
pub async fn ensure_saved_book(
    state: &AppState,
    revision: &RevisionRecord,
) -> Result<(), ReportError> {
    state
        .books
        .for_version(&state.store, revision.pricing_version.as_deref())
        .await?;
    Ok(())
}

/// [`full_report`] with the saved or the newest catalogs, through the cache.
pub async fn full_report_priced(
    state: &AppState,
    id: Uuid,
    revision: &RevisionRecord,
    choice: Prices,
) -> Result<Arc<FullReport>, ReportError> {
    let key = cache_key(state, id, revision.revision, choice, View::Evaluated, "");
    let value = state
        .reports
        .get_or_compute(key, async {
            let prices = match choice {
                Prices::Saved => {
                    state
                        .books
                        .for_version(&state.store, revision.pricing_version.as_deref())
                        .await?
                }
                Prices::Latest => state.books.current(),
            };
            let revision = revision.clone();
            let started = std::time::Instant::now();
            let full = state
                .reports
                .run_blocking(move || {
                    let (assessment, provenance) = checked(id, &revision)?;
                    tracing::debug!(assessment.id = %id, revision = revision.revision, "evaluating report");
                    Ok::<_, ReportError>(FullReport::build(assessment, provenance, &prices))
                })
                .await??;
            state
                .metrics
                .observe_estimate(started.elapsed().as_secs_f64());
            Ok::<_, ReportError>(Value::Evaluated(Arc::new(full)))
        })
        .await?;
    match value {
        Value::Evaluated(full) => Ok(full),
        Value::Rendered(_) => Err(ReportError::Internal(anyhow::anyhow!(
            "report cache: a rendering under an evaluation key"
        ))),
    }
}

/// `view` of a stored revision, rendered by `render` from its full report and compressed:
/// from the cache, or made on a blocking thread.
#[allow(clippy::too_many_arguments)]
async fn rendered<F>(
    state: &AppState,
    id: Uuid,
    revision: &RevisionRecord,
    choice: Prices,
    view: View,
    actuals: &str,
    content_type: &'static str,
    render: F,
) -> Result<Arc<Rendered>, ReportError>
where
    F: FnOnce(&FullReport) -> Result<String, ReportError> + Send + 'static,
{
    let key = cache_key(state, id, revision.revision, choice, view, actuals);
    let value = state
        .reports
        .get_or_compute(key, async {
            let full = full_report_priced(state, id, revision, choice).await?;
            let made = state
                .reports
                .run_blocking(move || {
                    let body = render(&full)?;
                    Rendered::compress(body.as_bytes(), content_type)
                        .map_err(|e| ReportError::Internal(e.into()))
                })
                .await??;
            Ok::<_, ReportError>(Value::Rendered(Arc::new(made)))
        })
        .await?;
    match value {
        Value::Rendered(r) => Ok(r),
        Value::Evaluated(_) => Err(ReportError::Internal(anyhow::anyhow!(
            "report cache: an evaluation under a rendering key"
        ))),
    }
}

/// How long browsers and proxies may keep a report: privately, and only after asking whether it
/// changed (a `304` costs a few hundred bytes). A share link is checked on every view, so
/// revoking it takes effect at once.
const REPORT_CACHE_CONTROL: &str = "private, no-cache";

#[derive(Deserialize)]
pub struct RevisionQuery {
    revision: Option<u32>,
    /// `latest`: re-price with the newest catalogs instead of those the revision was saved with.
    prices: Option<Prices>,
}

/// `GET /assessments/{id}/report`.
pub async fn page(
    State(state): State<AppState>,
    access: ReadAccess,
    Query(q): Query<RevisionQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let revision = access.revision(&state, q.revision).await?;
    render_for(
        &state,
        access.id,
        revision,
        access.is_shared(),
        q.prices.unwrap_or(Prices::Saved),
        &headers,
    )
    .await
}

/// The report of `id` at `revision` (latest when `None`), as a page for a request with
/// `headers` (compression, revalidation).
pub async fn render_for(
    state: &AppState,
    id: Uuid,
    revision: Option<u32>,
    shared: bool,
    choice: Prices,
    headers: &HeaderMap,
) -> Result<Response, PageError> {
    let record = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(PageError::NotFound)?;
    let view_key = View::Page {
        shared,
        latest_revision: record.latest_revision,
    };
    // A hit needs no revision row: revisions are immutable, and reading one means parsing its
    // whole scenario, the costliest part of a cached page view.
    let number = revision.unwrap_or(record.latest_revision);
    let actuals = actuals_stamp(state, id).await?;
    // The page shows the decision: its stamp is part of the key, so a status change is seen.
    let decision = super::decisions::DecisionState::load(state, id).await?;
    let stamp = format!("{actuals}{}", decision.stamp());
    if (1..=record.latest_revision).contains(&number)
        && let Some(Value::Rendered(page)) = state.reports.get(&cache_key(
            state,
            id,
            number,
            choice,
            view_key.clone(),
            &stamp,
        ))
    {
        return Ok(with_robots(
            page.respond(headers, REPORT_CACHE_CONTROL),
            shared,
        ));
    }
    let rev = state
        .store
        .get_revision(id, revision)
        .await?
        .ok_or(PageError::NotFound)?;
    let ctx = PageContext::served(id, &rev, record.latest_revision, shared);
    let comparisons = if actuals.is_empty() {
        Vec::new()
    } else {
        let full = full_report_priced(state, id, &rev, choice).await?;
        super::actuals::stored_comparisons(state, id, &full).await?
    };
    let current = state.books.current_version().to_owned();
    let revision_number = rev.revision;
    let page = rendered(
        state,
        id,
        &rev,
        choice,
        view_key,
        &stamp,
        "text/html; charset=utf-8",
        move |full| {
            let mut page = view(full, &ctx);
            page.decision = Some(decision.block(id, revision_number, &full.report, shared));
            if choice == Prices::Saved && full.report.estimate.pricing.version != current {
                page.newer_catalog = current;
                page.latest_prices_url = format!("?revision={revision_number}&prices=latest");
            }
            page.plan_vs_actual = super::actuals::views(&comparisons);
            Ok(page.render()?)
        },
    )
    .await?;
    Ok(with_robots(
        page.respond(headers, REPORT_CACHE_CONTROL),
        shared,
    ))
}

/// A share link's page asks search engines to keep out.
fn with_robots(mut resp: Response, shared: bool) -> Response {
    if shared {
        resp.headers_mut().insert(
            "x-robots-tag",
            HeaderValue::from_static("noindex, nofollow"),
        );
    }
    resp
}

/// Which rendering of the report an export route returns.
#[derive(Debug, Clone, Copy)]
pub enum Export {
    Json,
    Csv,
    Focus,
    Adr,
    Chart(Chart),
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

    fn from_file(name: &str) -> Option<Self> {
        let slug = name.strip_suffix(".svg")?;
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }

    fn svg(self, full: &FullReport) -> &str {
        match self {
            Self::ByCategory => &full.charts.by_category,
            Self::Projection => &full.charts.projection,
            Self::Throughput => &full.charts.throughput,
            Self::Ranges => &full.charts.ranges,
        }
    }
}

impl Export {
    fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv | Self::Focus => "text/csv; charset=utf-8",
            Self::Adr => "text/markdown; charset=utf-8",
            Self::Chart(_) => "image/svg+xml",
        }
    }

    fn file_name(self) -> String {
        match self {
            Self::Json => "report.json".into(),
            Self::Csv => "line-items.csv".into(),
            Self::Focus => "focus.csv".into(),
            Self::Adr => "decision-record.md".into(),
            Self::Chart(c) => format!("{}.svg", c.slug()),
        }
    }

    /// The cache view of this export on `today`.
    fn view(self, today: time::Date) -> View {
        match self {
            Self::Json => View::Json,
            Self::Csv => View::Csv,
            Self::Focus => View::Focus(today.replace_day(1).unwrap_or(today)),
            Self::Adr => View::Adr(today),
            Self::Chart(c) => View::Chart(c.slug()),
        }
    }

    fn render(
        self,
        full: &FullReport,
        today: time::Date,
        public_url: Option<&str>,
        actuals: &[crate::actuals::Comparison],
        decision: Option<&super::decisions::DecisionState>,
    ) -> Result<String, ReportError> {
        let revision = full.report.provenance.revision.unwrap_or(1);
        Ok(match self {
            Self::Json => {
                // The report JSON carries plan vs actual per stored billing period, and the
                // decision recorded for the revision.
                let mut value = serde_json::to_value(full.json())?;
                if let Some(o) = value.as_object_mut() {
                    o.insert("actuals".into(), serde_json::to_value(actuals)?);
                    if let Some(d) = decision {
                        o.insert(
                            "decision".into(),
                            serde_json::to_value(d.json(revision, Some(&full.report)))?,
                        );
                    }
                }
                serde_json::to_string_pretty(&value)?
            }
            Self::Csv => crate::report::line_items_csv(&full.report),
            Self::Focus => full.focus_csv(today.replace_day(1).unwrap_or(today)),
            Self::Adr => crate::report::madr_with_decision(
                &full.report,
                today,
                public_url,
                decision.map(|d| d.recorded(revision)).as_ref(),
            ),
            Self::Chart(c) => c.svg(full).to_owned(),
        })
    }
}

/// An export of the report of `id` at `revision`, as a download.
pub async fn export_for(
    state: &AppState,
    id: Uuid,
    revision: Option<u32>,
    export: Export,
    choice: Prices,
    headers: &HeaderMap,
) -> Result<Response, super::ApiError> {
    use super::ApiError;
    let record = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let today = time::OffsetDateTime::now_utc().date();
    let number = revision.unwrap_or(record.latest_revision);
    let disposition = |revision: u32| {
        let filename = format!("connect-advisor-{id}-r{revision}-{}", export.file_name());
        match export {
            Export::Json | Export::Chart(_) => format!("inline; filename=\"{filename}\""),
            _ => format!("attachment; filename=\"{filename}\""),
        }
    };
    // The ETag is a hash of the content: a new revision, a catalog update or a new day (for
    // the dated exports) gives a new tag, and nothing else does.
    let respond = |body: &Rendered, revision: u32| {
        let mut resp = body.respond(headers, REPORT_CACHE_CONTROL);
        if let Ok(v) = HeaderValue::from_str(&disposition(revision)) {
            resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
        resp
    };
    // Only the report JSON carries the uploaded actual costs; it and the decision record
    // carry the decision status.
    let actuals = if matches!(export, Export::Json) {
        actuals_stamp(state, id).await?
    } else {
        String::new()
    };
    let decision = if matches!(export, Export::Json | Export::Adr) {
        Some(super::decisions::DecisionState::load(state, id).await?)
    } else {
        None
    };
    let actuals = match &decision {
        Some(d) => format!("{actuals}{}", d.stamp()),
        None => actuals,
    };
    // A hit needs no revision row (see `render_for`).
    if (1..=record.latest_revision).contains(&number)
        && let Some(Value::Rendered(body)) = state.reports.get(&cache_key(
            state,
            id,
            number,
            choice,
            export.view(today),
            &actuals,
        ))
    {
        return Ok(respond(&body, number));
    }
    let rev = state
        .store
        .get_revision(id, revision)
        .await?
        .ok_or(ApiError::NotFound)?;
    let public_url = state.settings.public_url.clone();
    let comparisons = if matches!(export, Export::Json) && !actuals.is_empty() {
        let full = full_report_priced(state, id, &rev, choice).await?;
        super::actuals::stored_comparisons(state, id, &full).await?
    } else {
        Vec::new()
    };
    let body = rendered(
        state,
        id,
        &rev,
        choice,
        export.view(today),
        &actuals,
        export.content_type(),
        move |full| {
            export.render(
                full,
                today,
                public_url.as_deref(),
                &comparisons,
                decision.as_ref(),
            )
        },
    )
    .await?;
    Ok(respond(&body, rev.revision))
}

macro_rules! api_export {
    ($name:ident, $export:expr) => {
        /// A report export of an assessment (latest revision, or `?revision=N`).
        pub async fn $name(
            State(state): State<AppState>,
            access: ReadAccess,
            Query(q): Query<RevisionQuery>,
            headers: HeaderMap,
        ) -> Result<Response, super::ApiError> {
            let revision = access.revision(&state, q.revision).await?;
            export_for(
                &state,
                access.id,
                revision,
                $export,
                q.prices.unwrap_or(Prices::Saved),
                &headers,
            )
            .await
        }
    };
}

api_export!(api_json, Export::Json);
api_export!(api_csv, Export::Csv);
api_export!(api_focus, Export::Focus);
api_export!(api_adr, Export::Adr);

/// `GET /api/assessments/{id}/report/charts/{name}.svg`: one chart of the report.
pub async fn api_chart(
    State(state): State<AppState>,
    access: ReadAccess,
    Path((_, name)): Path<(String, String)>,
    Query(q): Query<RevisionQuery>,
    headers: HeaderMap,
) -> Result<Response, super::ApiError> {
    let chart = Chart::from_file(&name).ok_or(super::ApiError::NotFound)?;
    let revision = access.revision(&state, q.revision).await?;
    export_for(
        &state,
        access.id,
        revision,
        Export::Chart(chart),
        q.prices.unwrap_or(Prices::Saved),
        &headers,
    )
    .await
}
