//! Plan vs actual on the web: upload a FOCUS cost export (API and form), store it per billing
//! period, and compare every stored period with the report.

use std::sync::Arc;

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::extract::{EditAccess, MultipartForm, check_csrf, csrf_token};
use super::report_page::full_report;
use super::templates::render;
use super::{ApiError, AppState, PageError, ReportError};
use crate::actuals::{
    ActualRow, ActualsError, Comparison, Filter, Selection, billing_periods, compare, parse,
};
use crate::domain::{Labelled, ValidationErrors};
use crate::report::{FullReport, OPTION_TAG};
use crate::store::NewActuals;

/// Why an upload was refused: the file or the selection (422), or the server (500, 503).
enum UploadError {
    Invalid(ActualsError),
    Report(ReportError),
}

impl<E: Into<ReportError>> From<E> for UploadError {
    fn from(e: E) -> Self {
        Self::Report(e.into())
    }
}

/// The user's choices next to the file.
#[derive(Debug, Default, Deserialize)]
pub struct UploadQuery {
    option: Option<String>,
    subscription: Option<String>,
    resource_group: Option<String>,
}

/// Parse `text`, keep each billing period's rows that belong to the estimate, compare them
/// with the latest revision's report, and store them. Returns one comparison per period.
async fn ingest(
    state: &AppState,
    id: Uuid,
    text: String,
    choices: &UploadQuery,
) -> Result<Vec<Comparison>, UploadError> {
    let rev = state
        .store
        .get_revision(id, None)
        .await?
        .ok_or(ReportError::NotFound)?;
    let full = full_report(state, id, &rev).await?;
    let filter = Filter::new(
        choices.subscription.as_deref(),
        choices.resource_group.as_deref(),
    );
    let option_id = choices
        .option
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let prices = state.prices.clone();
    let worker_full = full.clone();
    let worker_filter = filter.clone();
    // Parsing a month of a large estate and searching the explanations is CPU work; its logs
    // stay in the request's span.
    let span = tracing::Span::current();
    let done = tokio::task::spawn_blocking(move || {
        span.in_scope(|| {
            prepare(
                &worker_full,
                &prices,
                &text,
                option_id.as_deref(),
                worker_filter,
            )
        })
    })
    .await
    .map_err(|e| ReportError::Internal(anyhow::anyhow!("actuals comparison failed: {e}")))?
    .map_err(UploadError::Invalid)?;
    let mut comparisons = Vec::with_capacity(done.len());
    for (comparison, rows, rows_in_period) in done {
        let json = serde_json::to_string(&rows)
            .map_err(|e| ReportError::Internal(anyhow::anyhow!("cannot store the rows: {e}")))?;
        state
            .store
            .add_actuals(NewActuals {
                assessment_id: id,
                billing_period_start: &comparison.billing_period.start,
                billing_period_end: &comparison.billing_period.end,
                currency: &comparison.currency,
                filter_subscription: filter.subscription.as_deref(),
                filter_resource_group: filter.resource_group.as_deref(),
                rows_in_period: rows_in_period as u64,
                rows_json: &json,
            })
            .await?;
        comparisons.push(comparison);
    }
    Ok(comparisons)
}

type Prepared = Vec<(Comparison, Vec<ActualRow>, usize)>;

/// Pure part of [`ingest`]: per billing period, the comparison and the rows worth keeping
/// (tagged for an option of the estimate, or inside the filter).
fn prepare(
    full: &FullReport,
    prices: &crate::pricing::PriceBook,
    text: &str,
    option_id: Option<&str>,
    filter: Filter,
) -> Result<Prepared, ActualsError> {
    let report = &full.report;
    let rows = parse(text, &report.estimate.currency)?;
    let option = match option_id {
        None => None,
        Some(id) => Some(
            report
                .estimate
                .options
                .iter()
                .map(|o| o.option)
                .find(|o| o.has_id(id))
                .ok_or_else(|| ActualsError::File(format!("the estimate has no option {id:?}")))?,
        ),
    };
    let selection = Selection {
        option,
        filter: filter.clone(),
    };
    let known = |r: &ActualRow| {
        r.tags
            .get(OPTION_TAG)
            .is_some_and(|t| report.estimate.options.iter().any(|o| o.option.has_id(t)))
    };
    let mut out = Vec::new();
    for period in billing_periods(&rows) {
        let mut comparison = compare(report, prices, &rows, &selection, &period)?;
        comparison
            .notes
            .extend(option_id.and_then(crate::actuals::legacy_choice_note));
        let in_period: Vec<&ActualRow> =
            rows.iter().filter(|r| r.billing_period == period).collect();
        let kept: Vec<ActualRow> = in_period
            .iter()
            .filter(|r| known(r) || filter.matches(r))
            .map(|r| (*r).clone())
            .collect();
        out.push((comparison, kept, in_period.len()));
    }
    Ok(out)
}

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

fn invalid(e: &ActualsError) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    errors.push(e.field(), e.message());
    errors
}

fn api_error(e: UploadError) -> ApiError {
    match e {
        UploadError::Invalid(e) => ApiError::Invalid(invalid(&e)),
        UploadError::Report(e) => e.into(),
    }
}

/// `POST /api/assessments/{id}/actuals` with `Authorization: Bearer <edit_key>`: the body is
/// a FOCUS cost CSV; `?option=`, `?subscription=`, `?resource_group=` choose the rows.
/// `201` with one comparison per billing period of the file; `422` naming line and column.
pub async fn api_create(
    State(state): State<AppState>,
    EditAccess { id }: EditAccess,
    Query(choices): Query<UploadQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let text = String::from_utf8(body.to_vec()).map_err(|e| {
        ApiError::Invalid(invalid(&ActualsError::File(format!(
            "the file is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))))
    })?;
    let comparisons = ingest(&state, id, text, &choices)
        .await
        .map_err(api_error)?;
    let mut resp = (
        StatusCode::CREATED,
        Json(json!({ "id": id, "actuals": comparisons })),
    )
        .into_response();
    if let Ok(v) = format!("/api/assessments/{id}/report").parse() {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

/// The upload form.
#[derive(Template)]
#[template(path = "assessments/actuals.html")]
pub struct UploadPage {
    id: String,
    name: String,
    currency: String,
    csrf: String,
    tag: &'static str,
    /// (id, label, chosen).
    options: Vec<(&'static str, &'static str, bool)>,
    option: String,
    /// Said when the chosen option was named by the id saved before vendor profiles.
    option_note: Option<String>,
    subscription: String,
    resource_group: String,
    errors: Vec<(String, String)>,
}

async fn upload_page(
    state: &AppState,
    id: Uuid,
    csrf: String,
    choices: &UploadQuery,
    errors: Vec<(String, String)>,
) -> Result<UploadPage, PageError> {
    let rev = state
        .store
        .get_revision(id, None)
        .await?
        .ok_or(PageError::NotFound)?;
    let chosen = choices.option.as_deref().unwrap_or_default();
    // The options this scenario compares (its object-storage profiles only).
    let options = crate::domain::PlatformOption::compared(
        rev.scenario.options.connect_runtime,
        &rev.scenario.options.object_storage_profiles,
    )
    .iter()
    .map(|o| (o.id(), o.label(), o.has_id(chosen)))
    .collect();
    Ok(UploadPage {
        id: id.to_string(),
        name: rev.scenario.name.clone(),
        currency: rev.scenario.currency.clone(),
        csrf,
        tag: OPTION_TAG,
        options,
        option: choices.option.clone().unwrap_or_default(),
        option_note: crate::actuals::legacy_choice_note(chosen),
        subscription: choices.subscription.clone().unwrap_or_default(),
        resource_group: choices.resource_group.clone().unwrap_or_default(),
        errors,
    })
}

/// `GET /assessments/{id}/actuals`: the upload form (owners only).
pub async fn form(
    State(state): State<AppState>,
    EditAccess { id }: EditAccess,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = csrf_token(jar, &state);
    let page = upload_page(&state, id, csrf, &UploadQuery::default(), Vec::new()).await?;
    Ok((jar, render(StatusCode::OK, &page)).into_response())
}

/// `POST /assessments/{id}/actuals` (multipart): store and show the report's plan vs actual,
/// or the form again with the error and the choices kept.
pub async fn upload(
    State(state): State<AppState>,
    EditAccess { id }: EditAccess,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let MultipartForm {
        file,
        fields: pairs,
    } = MultipartForm::read(multipart, "upload").await?;
    check_csrf(&jar, &pairs)?;
    let (jar, csrf) = csrf_token(jar, &state);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let choices = UploadQuery {
        option: get("option"),
        subscription: get("subscription"),
        resource_group: get("resource_group"),
    };
    let result = match String::from_utf8(file) {
        Ok(text) => ingest(&state, id, text, &choices).await,
        Err(_) => Err(UploadError::Invalid(ActualsError::File(
            "the file is not UTF-8 text; export it from Cost Management again as CSV".into(),
        ))),
    };
    match result {
        Ok(_) => Ok((
            jar,
            Redirect::to(&format!("/assessments/{id}/report#plan-vs-actual")),
        )
            .into_response()),
        Err(UploadError::Invalid(e)) => {
            let page = upload_page(
                &state,
                id,
                csrf,
                &choices,
                vec![(e.field(), e.message().to_owned())],
            )
            .await?;
            Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)).into_response())
        }
        Err(UploadError::Report(e)) => Err(e.into()),
    }
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
    let m = super::report_page::money(d);
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
        estimate: super::report_page::money(e),
        actual: super::report_page::money(a),
        variance: signed(v),
        percent: pct(p),
        off: p.map_or(!a.is_zero(), |p| {
            p.abs() > crate::actuals::EXPLAIN_THRESHOLD_PERCENT
        }),
    }
}

/// The page's view of every comparison.
pub fn views(comparisons: &[Comparison]) -> Vec<PlanVsActualView> {
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
                            super::report_page::money(u.effective_cost),
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
