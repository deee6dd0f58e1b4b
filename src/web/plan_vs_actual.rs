//! Plan vs actual on the report page: the actual costs stored for an assessment compared with
//! a report ([`stored_comparisons`]) and drawn as the page's section ([`section`]). Uploading
//! actuals is `actuals`.

use std::sync::Arc;

use askama::Template;
use uuid::Uuid;

use super::{AppState, ReportError};
use crate::actuals::{ActualRow, Comparison, Filter, Selection, compare};
use crate::domain::Labelled;
use crate::number::money;
use crate::report::FullReport;

/// The stored periods of an assessment compared with `full`, latest period first. A stored
/// period that no longer compares (the scenario changed so no tag names an option) is left
/// out, with a log line, rather than failing the whole report.
pub async fn stored_comparisons(
    state: &AppState,
    id: Uuid,
    full: &Arc<FullReport>,
) -> Result<Vec<Comparison>, ReportError> {
    let records = state.store.latest_actuals(id).await?;
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let full = full.clone();
    let prices = state.prices.clone();
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        let _in_request = span.enter();
        records
            .iter()
            .filter_map(|r| {
                let rows: Vec<ActualRow> = match serde_json::from_str(&r.rows_json) {
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::error!(actuals.id = %r.id, error = %e, "stored actuals unreadable");
                        return None;
                    }
                };
                let selection = Selection {
                    option: None,
                    filter: Filter::new(
                        r.filter_subscription.as_deref(),
                        r.filter_resource_group.as_deref(),
                    ),
                };
                let period = crate::actuals::BillingPeriod {
                    start: r.billing_period_start.clone(),
                    end: r.billing_period_end.clone(),
                };
                match compare(&full.report, &prices, &rows, &selection, &period) {
                    Ok(mut c) => {
                        // Only the estimate's rows were stored: count the file's others as
                        // not selected, as the upload's own comparison did.
                        let stored = c.rows.in_period;
                        let in_file = usize::try_from(r.rows_in_period).unwrap_or(stored);
                        c.rows.in_period = in_file.max(stored);
                        c.rows.not_selected += in_file.saturating_sub(stored);
                        Some(c)
                    }
                    Err(e) => {
                        tracing::warn!(actuals.id = %r.id, error = %e, "stored actuals no longer compare");
                        None
                    }
                }
            })
            .collect()
    })
    .await
    .map_err(|e| ReportError::Internal(anyhow::anyhow!("actuals comparison failed: {e}")))
}

/// One row of a plan-vs-actual table.
pub struct PvaRow {
    pub name: String,
    pub estimate: String,
    pub actual: String,
    pub variance: String,
    pub percent: String,
    /// Off by more than the explanation threshold.
    pub off: bool,
}

/// One billing period and option of plan vs actual, ready for the report page.
pub struct PlanVsActualView {
    pub anchor: String,
    pub period: String,
    pub label: String,
    pub currency: String,
    pub total: PvaRow,
    pub categories: Vec<PvaRow>,
    pub lines: Vec<PvaRow>,
    pub explanations: Vec<String>,
    /// (file line, service, meter, amount)
    pub unmatched: Vec<(u64, String, String, String)>,
    pub rows_note: String,
    pub chart_categories: String,
    pub chart_lines: String,
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| format!("{p:+.2} %"))
}

fn signed(d: rust_decimal::Decimal) -> String {
    let m = money(d);
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{m}")
    } else {
        m
    }
}

fn row(
    name: String,
    e: rust_decimal::Decimal,
    a: rust_decimal::Decimal,
    v: rust_decimal::Decimal,
    p: Option<f64>,
) -> PvaRow {
    PvaRow {
        name,
        estimate: money(e),
        actual: money(a),
        variance: signed(v),
        percent: pct(p),
        off: p.map_or(!a.is_zero(), |p| {
            p.abs() > crate::actuals::EXPLAIN_THRESHOLD_PERCENT
        }),
    }
}

/// The page's view of every comparison.
fn views(comparisons: &[Comparison]) -> Vec<PlanVsActualView> {
    use crate::report::plan_vs_actual::{by_category_svg, by_line_svg};
    let mut out = Vec::new();
    for c in comparisons {
        let period = format!("{} to {}", c.billing_period.start, c.billing_period.end);
        for o in &c.options {
            out.push(PlanVsActualView {
                anchor: format!("pva-{}-{}", c.billing_period.start, o.option.replace('.', "-")),
                period: period.clone(),
                label: o.label.to_owned(),
                currency: c.currency.clone(),
                total: row(
                    "Total (infrastructure)".into(),
                    o.estimate,
                    o.actual,
                    o.variance,
                    o.variance_percent,
                ),
                categories: o
                    .by_category
                    .iter()
                    .map(|x| {
                        row(
                            x.category.label().to_owned(),
                            x.estimate,
                            x.actual,
                            x.variance,
                            x.variance_percent,
                        )
                    })
                    .chain((!o.unmatched_actual.is_zero()).then(|| {
                        row(
                            "Not in the estimate".into(),
                            rust_decimal::Decimal::ZERO,
                            o.unmatched_actual,
                            o.unmatched_actual,
                            None,
                        )
                    }))
                    .collect(),
                lines: o
                    .by_line
                    .iter()
                    .map(|l| {
                        row(
                            l.component.clone(),
                            l.estimate,
                            l.actual,
                            l.variance,
                            l.variance_percent,
                        )
                    })
                    .collect(),
                explanations: o
                    .by_category
                    .iter()
                    .filter_map(|x| x.explanation.as_ref().map(|e| e.message.clone()))
                    .collect(),
                unmatched: c
                    .unmatched_rows
                    .iter()
                    .filter(|u| u.option == o.option)
                    .map(|u| {
                        (
                            u.line,
                            format!("{} ({})", u.service_name, u.service_category),
                            u.sku_meter.clone(),
                            money(u.effective_cost),
                        )
                    })
                    .collect(),
                rows_note: format!(
                    "{} rows in the period: {} selected ({} matched to a line by meter, {} to a category only, {} to nothing), {} not selected.",
                    c.rows.in_period,
                    c.rows.selected,
                    c.rows.matched_to_line,
                    c.rows.matched_to_category,
                    c.rows.unmatched,
                    c.rows.not_selected
                ) + &c.notes.iter().map(|n| format!(" {n}")).collect::<String>(),
                chart_categories: by_category_svg(o, &c.currency, &period),
                chart_lines: by_line_svg(o, &c.currency, &period),
            });
        }
    }
    out
}

/// The plan-vs-actual section of the report page (`templates/reports/_plan_vs_actual.html`).
#[derive(Template)]
#[template(path = "reports/_plan_vs_actual.html")]
struct Section {
    plan_vs_actual: Vec<PlanVsActualView>,
}

/// The report page's plan-vs-actual section as HTML.
pub fn section(comparisons: &[Comparison]) -> askama::Result<String> {
    Section {
        plan_vs_actual: views(comparisons),
    }
    .render()
}
