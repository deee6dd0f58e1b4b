//! The decision workflow: each revision's status (proposed, accepted, rejected, superseded),
//! changed by whoever may edit with a comment, recorded with who and when; read by anyone who
//! may read the report. Accepting pins the revision and the price book it was priced with.
//! How the decision is shown (the panels, the JSON) is `decision_panel`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use uuid::Uuid;

use super::actor::actor;
use super::decision_panel::{DecisionFormState, DecisionState};
use super::evaluate::{Prices, full_report_priced};
use super::extract::{Capability, CsrfForm, EditAccess, ReadAccess};
use super::templates::render;
use super::{ApiError, AppState, PageError, ReportError};
use crate::domain::{DecisionStatus, ValidationErrors, check_status_change};
use crate::report::decision_record::recommendation_and_total;
use crate::store::{AcceptedOn, NewStatusChange, StoreError};

/// The ETag of an assessment's decision state.
fn etag(changes: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"d{changes}\"")).unwrap_or(HeaderValue::from_static("\"d0\""))
}

#[derive(Deserialize)]
pub struct DecisionQuery {
    revision: Option<u32>,
}

/// The revision a request names, resolved (`None` = the latest); `404` when there is no such
/// assessment or revision.
async fn resolve_revision(
    state: &AppState,
    id: Uuid,
    requested: Option<u32>,
) -> Result<u32, StoreError> {
    let latest = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(StoreError::NotFound)?
        .latest_revision;
    match requested {
        None => Ok(latest),
        Some(r) if (1..=latest).contains(&r) => Ok(r),
        Some(_) => Err(StoreError::NotFound),
    }
}

/// `GET /api/assessments/{id}/decision[?revision=N]`: the decision on a revision (the latest by
/// default; a share link sees only its own revision).
pub async fn api_get(
    State(state): State<AppState>,
    access: ReadAccess,
    Query(q): Query<DecisionQuery>,
) -> Result<Response, ApiError> {
    let requested = access.revision(&state, q.revision).await?;
    let revision = resolve_revision(&state, access.id, requested).await?;
    let decision = DecisionState::load(&state, access.id).await?;
    let mut resp = Json(decision.json(revision, None)).into_response();
    resp.headers_mut()
        .insert(header::ETAG, etag(decision.count()));
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(resp)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    #[serde(default)]
    status: String,
    #[serde(default)]
    comment: String,
    /// The revision to decide on; the latest when absent.
    #[serde(default)]
    revision: Option<u32>,
}

/// What a status change came to.
enum Outcome {
    Done(u32),
    Invalid(ValidationErrors),
    /// Someone changed a status since the caller looked: the count now.
    Stale(u32),
}

/// Validate and record a status change of `revision` by `by`, the caller having seen
/// `expected` changes.
async fn change(
    state: &AppState,
    id: Uuid,
    revision: u32,
    expected: u32,
    status: &str,
    comment: &str,
    by: &str,
) -> Result<Outcome, ReportError> {
    let decision = DecisionState::load(state, id).await?;
    if decision.count() != expected {
        return Ok(Outcome::Stale(decision.count()));
    }
    let valid = match check_status_change(decision.status_of(revision), status, comment) {
        Ok(v) => v,
        Err(errors) => return Ok(Outcome::Invalid(errors)),
    };
    // Accepting pins what the report of this revision says now: its price book and its
    // recommendation with the monthly total (evaluated once, and cached for the report).
    let pinned = if valid.status == DecisionStatus::Accepted {
        let rev = state
            .store
            .get_revision(id, Some(revision))
            .await?
            .ok_or(ReportError::NotFound)?;
        let full = full_report_priced(state, id, &rev, Prices::Saved).await?;
        let (recommendation, total) = recommendation_and_total(&full.report);
        Some((
            full.report.estimate.pricing.version.clone(),
            recommendation,
            total
                .map(|t| crate::cost::round_cents(t).to_string())
                .unwrap_or_default(),
            full.report.estimate.currency.clone(),
        ))
    } else {
        None
    };
    let written = state
        .store
        .change_decision_status(NewStatusChange {
            assessment_id: id,
            revision,
            expected_changes: expected,
            status: valid.status,
            comment: &valid.comment,
            actor: by,
            accepted_on: pinned.as_ref().map(|(v, r, t, c)| AcceptedOn {
                pricing_version: v,
                recommendation: r,
                monthly_total: t,
                currency: c,
            }),
        })
        .await;
    match written {
        Ok(rows) => Ok(Outcome::Done(rows.last().map_or(expected, |r| r.seq))),
        Err(StoreError::Conflict { current }) => Ok(Outcome::Stale(current)),
        Err(e) => Err(e.into()),
    }
}

/// `If-Match: "d3"` (or `d3`, `W/"d3"`) → 3; `Err` names what is wrong with it.
fn if_match(headers: &HeaderMap) -> Result<u32, Option<String>> {
    let raw = headers.get(header::IF_MATCH).ok_or(None)?;
    let text = raw.to_str().unwrap_or_default().trim();
    text.trim_start_matches("W/")
        .trim_matches('"')
        .strip_prefix('d')
        .and_then(|n| n.parse::<u32>().ok())
        .ok_or_else(|| Some(text.chars().take(40).collect()))
}

/// The answer to a missing (`None`) or malformed `If-Match`.
fn if_match_refused(got: Option<String>) -> Response {
    match got {
        None => (
            StatusCode::PRECONDITION_REQUIRED,
            Json(serde_json::json!({
                "error": "precondition_required",
                "message": "send If-Match: \"d<changes>\" with the ETag of GET …/decision, so a change made meanwhile is not overwritten"
            })),
        )
            .into_response(),
        Some(text) => ApiError::BadRequest(format!(
            "If-Match must be the decision's ETag, such as \"d3\" (got {text:?})"
        ))
        .into_response(),
    }
}

fn stale_response(current: u32) -> Response {
    let mut resp = (
        StatusCode::CONFLICT,
        Json(serde_json::json!({
            "error": "conflict",
            "message": "the decision changed since the ETag named in If-Match; fetch it again and retry",
            "current_changes": current,
        })),
    )
        .into_response();
    resp.headers_mut().insert(header::ETAG, etag(current));
    resp
}

/// `POST /api/assessments/{id}/decision` with `{ "status", "comment", "revision"? }` and
/// `If-Match: "d<changes>"`: change a revision's status (the latest by default).
pub async fn api_post(
    State(state): State<AppState>,
    access: EditAccess,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = access.id;
    let expected = match if_match(&headers) {
        Ok(n) => n,
        Err(got) => return Ok(if_match_refused(got)),
    };
    let req: DecisionRequest = serde_json::from_slice(&body).map_err(|e| {
        let mut errors = ValidationErrors::default();
        errors.push("$", e.to_string());
        ApiError::Invalid(errors)
    })?;
    let revision = resolve_revision(&state, id, req.revision)
        .await
        .map_err(|e| match e {
            StoreError::NotFound if req.revision.is_some() => {
                let mut errors = ValidationErrors::default();
                errors.push("revision", "no such revision of this assessment");
                ApiError::Invalid(errors)
            }
            e => e.into(),
        })?;
    let by = actor(&state, &headers);
    match change(
        &state,
        id,
        revision,
        expected,
        &req.status,
        &req.comment,
        &by,
    )
    .await?
    {
        Outcome::Done(count) => {
            let decision = DecisionState::load(&state, id).await?;
            let mut resp = Json(decision.json(revision, None)).into_response();
            resp.headers_mut().insert(header::ETAG, etag(count));
            Ok(resp)
        }
        Outcome::Invalid(errors) => Err(ApiError::Invalid(errors)),
        Outcome::Stale(current) => Ok(stale_response(current)),
    }
}

/// The status form as posted from the assessment page.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    expected_changes: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    comment: String,
}

/// `POST /assessments/{id}/decision`: the status form. A refusal re-renders the assessment
/// page with the input kept (422 invalid, 409 changed meanwhile); success returns to it.
pub async fn page_post(
    State(state): State<AppState>,
    access: EditAccess,
    headers: HeaderMap,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    let id = access.id;
    let latest = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(PageError::NotFound)?
        .latest_revision;
    let revision = form
        .revision
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|r| (1..=latest).contains(r))
        .ok_or_else(|| {
            PageError::BadRequest(
                "The form lacks the revision it decides on; reload the assessment page.".into(),
            )
        })?;
    let expected = form.expected_changes.trim().parse::<u32>().map_err(|_| {
        PageError::BadRequest(
            "The form lacks the decision state it was based on; reload the assessment page.".into(),
        )
    })?;
    let by = actor(&state, &headers);
    let outcome = change(
        &state,
        id,
        revision,
        expected,
        &form.status,
        &form.comment,
        &by,
    )
    .await?;
    let (status, kept) = match outcome {
        Outcome::Done(_) => {
            return Ok(
                Redirect::to(&format!("/assessments/{id}?revision={revision}#decision"))
                    .into_response(),
            );
        }
        Outcome::Invalid(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            DecisionFormState {
                status: form.status,
                comment: form.comment,
                errors: errors
                    .iter()
                    .map(|e| (e.field.clone(), e.message.clone()))
                    .collect(),
                conflict: false,
            },
        ),
        Outcome::Stale(_) => (
            StatusCode::CONFLICT,
            DecisionFormState {
                status: form.status,
                comment: form.comment,
                errors: Vec::new(),
                conflict: true,
            },
        ),
    };
    // The owner's read access, for the page around the form.
    let read = ReadAccess {
        id,
        capability: Capability::Edit,
    };
    let (jar, page) = super::show_page::show_page(&state, &read, Some(revision), jar, kept).await?;
    Ok((jar, render(status, &page)).into_response())
}
