//! Plan vs actual on the web: upload a FOCUS cost export (API and form), store it per billing
//! period, and compare every stored period with the report.

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

use super::evaluate::full_report;
use super::extract::{EditAccess, MultipartForm, check_csrf, csrf_token};
use super::templates::render;
use super::{ApiError, AppState, PageError, ReportError};
use crate::actuals::{
    ActualRow, ActualsError, Comparison, Filter, Selection, billing_periods, compare, parse,
};
use crate::domain::ValidationErrors;
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
                .option_by_id(id)
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
