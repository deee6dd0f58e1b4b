//! Read-only share links: created, listed and revoked with the edit key; opened by anyone
//! holding the token (`/r/{token}` in a browser, `Authorization: Bearer` on the API), for that
//! one report only. Tokens are 256-bit random strings stored only as SHA-256 hashes.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::audit::{Done, record_by};
use super::dates::{format_time, rfc3339};
use super::evaluate::Prices;
use super::extract::{Caller, CsrfForm, EditAccess, parse_id};
use super::report_page::render_for;
use super::security::{hash_secret, looks_like_token, random_token};
use super::{ApiError, AppState, PageError};
use crate::domain::ValidationErrors;
use crate::store::{NewShare, ShareRecord};

/// Longest allowed share lifetime.
const MAX_EXPIRY_DAYS: u32 = 3_650;

/// What a share link points at, and for how long.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareRequest {
    /// A revision to pin; absent (or "latest") follows the latest revision.
    #[serde(default)]
    pub revision: Option<RevisionChoice>,
    /// Days until the link stops working; absent = never.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
    /// A note for the owner's list, e.g. "for the architecture board".
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RevisionChoice {
    Pinned(u32),
    Named(String),
}

#[derive(Serialize)]
pub struct ShareView {
    pub id: Uuid,
    pub label: Option<String>,
    pub pinned_revision: Option<u32>,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub created_at: String,
    pub active: bool,
}

impl ShareView {
    pub fn from_record(r: &ShareRecord, now: OffsetDateTime) -> Self {
        Self {
            id: r.id,
            label: r.label.clone(),
            pinned_revision: r.pinned_revision,
            expires_at: r.expires_at.map(rfc3339),
            revoked_at: r.revoked_at.map(rfc3339),
            created_at: rfc3339(r.created_at),
            active: r.is_active(now),
        }
    }
}

/// A share request checked against its assessment.
struct ValidShare {
    pinned: Option<u32>,
    expires: Option<OffsetDateTime>,
    label: Option<String>,
}

/// Check a share request against the assessment's latest revision.
fn validate_request(
    req: &ShareRequest,
    latest: u32,
    now: OffsetDateTime,
) -> Result<ValidShare, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let pinned = match &req.revision {
        None => None,
        Some(RevisionChoice::Named(s)) if s == "latest" => None,
        Some(RevisionChoice::Named(s)) => {
            let n = s.parse::<u32>().ok();
            if n.is_none() {
                errors.push("revision", "must be a revision number or \"latest\"");
            }
            n
        }
        Some(RevisionChoice::Pinned(n)) => Some(*n),
    };
    if let Some(n) = pinned
        && (n == 0 || n > latest)
    {
        errors.push(
            "revision",
            format!("must be between 1 and {latest} (the latest revision)"),
        );
    }
    let expires = match req.expires_in_days {
        None => None,
        Some(d) if (1..=MAX_EXPIRY_DAYS).contains(&d) => {
            Some(now + time::Duration::days(i64::from(d)))
        }
        Some(d) => {
            errors.push(
                "expires_in_days",
                format!("must be between 1 and {MAX_EXPIRY_DAYS} (got {d})"),
            );
            None
        }
    };
    let label = req
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned);
    if label
        .as_ref()
        .is_some_and(|l| l.chars().count() > 120 || l.chars().any(char::is_control))
    {
        errors.push(
            "label",
            "must be at most 120 characters without control characters",
        );
    }
    if errors.is_empty() {
        Ok(ValidShare {
            pinned,
            expires,
            label,
        })
    } else {
        Err(errors)
    }
}

/// Create a share, record it in the audit log as done by this request's caller, and return
/// its token (shown once) and the share record.
async fn create_share(
    state: &AppState,
    headers: &HeaderMap,
    id: Uuid,
    req: &ShareRequest,
) -> Result<Result<(String, ShareRecord), ValidationErrors>, crate::store::StoreError> {
    let record = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(crate::store::StoreError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let valid = match validate_request(req, record.latest_revision, now) {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let token = random_token();
    let share = state
        .store
        .create_share(NewShare {
            assessment_id: id,
            token_hash: &hash_secret(&token),
            pinned_revision: valid.pinned,
            expires_at: valid.expires,
            label: valid.label.as_deref(),
        })
        .await?;
    record_by(
        state,
        headers,
        id,
        Done::Shared {
            share: share.id,
            revision: share.pinned_revision,
        },
    )
    .await;
    Ok(Ok((token, share)))
}

fn share_url(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    format!(
        "{}/r/{token}",
        super::links::base_url(&state.settings, headers)
    )
}

pub async fn api_create(
    State(state): State<AppState>,
    headers: HeaderMap,
    EditAccess { id }: EditAccess,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: ShareRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ShareRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            let mut errs = ValidationErrors::default();
            errs.push("$", e.to_string());
            ApiError::Invalid(errs)
        })?
    };
    match create_share(&state, &headers, id, &req).await? {
        Ok((token, share)) => {
            let view = ShareView::from_record(&share, OffsetDateTime::now_utc());
            let body = serde_json::json!({
                "id": share.id, "token": token, "url": share_url(&state, &headers, &token),
                "revision": share.pinned_revision, "expires_at": view.expires_at, "label": share.label,
            });
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Err(errors) => Err(ApiError::Invalid(errors)),
    }
}

pub async fn api_list(
    State(state): State<AppState>,
    EditAccess { id }: EditAccess,
) -> Result<Response, ApiError> {
    let now = OffsetDateTime::now_utc();
    let shares: Vec<ShareView> = state
        .store
        .list_shares(id)
        .await?
        .iter()
        .map(|s| ShareView::from_record(s, now))
        .collect();
    Ok(Json(serde_json::json!({ "id": id, "shares": shares })).into_response())
}

/// `DELETE /api/shares/{token}`: revoke by token; the edit key of its assessment is required.
pub async fn api_revoke_by_token(
    State(state): State<AppState>,
    Path(token): Path<String>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if !looks_like_token(&token) {
        return Err(ApiError::NotFound);
    }
    let share = state
        .store
        .find_share_by_token_hash(&hash_secret(&token))
        .await?
        .ok_or(ApiError::NotFound)?;
    caller.edit(&state, share.assessment_id).await?;
    if state
        .store
        .revoke_share(share.assessment_id, share.id)
        .await?
    {
        record_by(
            &state,
            &headers,
            share.assessment_id,
            Done::ShareRevoked(share.id),
        )
        .await;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /api/assessments/{id}/shares/{share_id}`: revoke from the owner's list.
pub async fn api_revoke_by_id(
    State(state): State<AppState>,
    EditAccess { id }: EditAccess,
    headers: HeaderMap,
    Path((_, share_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let share_id = parse_id(&share_id).ok_or(ApiError::NotFound)?;
    let exists = state
        .store
        .list_shares(id)
        .await?
        .iter()
        .any(|s| s.id == share_id);
    if !exists {
        return Err(ApiError::NotFound);
    }
    if state.store.revoke_share(id, share_id).await? {
        record_by(&state, &headers, id, Done::ShareRevoked(share_id)).await;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// What a share token resolves to: the assessment and revision it shows.
pub struct SharedView {
    pub assessment_id: Uuid,
    pub revision: Option<u32>,
}

/// Resolve a token for `GET /r/{token}`: unknown → 404, revoked or expired → 410.
pub async fn resolve(state: &AppState, token: &str) -> Result<SharedView, PageError> {
    if !looks_like_token(token) {
        return Err(PageError::NotFound);
    }
    let share = state
        .store
        .find_share_by_token_hash(&hash_secret(token))
        .await?
        .ok_or(PageError::NotFound)?;
    if share.revoked_at.is_some() {
        return Err(PageError::Gone(
            "This share link was revoked by the assessment's owner. Ask them for a new one.",
        ));
    }
    if !share.is_active(OffsetDateTime::now_utc()) {
        return Err(PageError::Gone(
            "This share link has expired. Ask the assessment's owner for a new one.",
        ));
    }
    Ok(SharedView {
        assessment_id: share.assessment_id,
        revision: share.pinned_revision,
    })
}

/// `GET /r/{token}`: the read-only report a share link opens.
pub async fn open(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let view = resolve(&state, &token).await?;
    render_for(
        &state,
        view.assessment_id,
        view.revision,
        true,
        Prices::Saved,
        &headers,
    )
    .await
}

/// Form fields of the HTML share form (its CSRF token is checked by [`CsrfForm`]).
#[derive(Debug, Deserialize)]
pub struct ShareForm {
    revision: String,
    expires_in_days: String,
    label: String,
}

#[derive(askama::Template)]
#[template(path = "assessments/share_created.html")]
struct ShareCreatedPage {
    id: String,
    url: String,
    revision: String,
    expires: String,
}

pub async fn page_create(
    State(state): State<AppState>,
    headers: HeaderMap,
    EditAccess { id }: EditAccess,
    CsrfForm(form): CsrfForm<ShareForm>,
) -> Result<Response, PageError> {
    let expires_in_days = match form.expires_in_days.trim() {
        "" | "never" => None,
        d => Some(
            d.parse::<u32>()
                .map_err(|_| PageError::BadRequest(format!("\"{d}\" is not a number of days")))?,
        ),
    };
    let revision = match form.revision.trim() {
        "" | "latest" => None,
        r => Some(RevisionChoice::Named(r.to_owned())),
    };
    let req = ShareRequest {
        revision,
        expires_in_days,
        label: Some(form.label),
    };
    match create_share(&state, &headers, id, &req).await? {
        Ok((token, share)) => {
            let page = ShareCreatedPage {
                id: id.to_string(),
                url: share_url(&state, &headers, &token),
                revision: share
                    .pinned_revision
                    .map_or_else(|| "the latest revision".into(), |r| format!("revision {r}")),
                expires: share.expires_at.map_or_else(|| "never".into(), format_time),
            };
            let mut resp = super::templates::render(StatusCode::CREATED, &page);
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(resp)
        }
        Err(errors) => Err(PageError::BadRequest(errors.to_string())),
    }
}

pub async fn page_revoke(
    State(state): State<AppState>,
    EditAccess { id }: EditAccess,
    headers: HeaderMap,
    Path((_, share_id)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let share_id = parse_id(&share_id).ok_or(PageError::NotFound)?;
    if state.store.revoke_share(id, share_id).await? {
        record_by(&state, &headers, id, Done::ShareRevoked(share_id)).await;
    }
    Ok(Redirect::to(&format!("/assessments/{id}#shares")).into_response())
}
