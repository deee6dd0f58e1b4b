//! The JSON API under `/api`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::security::{hash_secret, looks_like_token, random_token, secret_matches};
use super::{ApiError, AppState};
use crate::domain::{Assessment, Scenario};
use crate::store::NewAssessment;

fn parse_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::NotFound)
}

fn etag(revision: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{revision}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The bearer edit key of the request, or why it is missing.
pub(super) fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::Unauthorized(
            "send Authorization: Bearer <edit_key>",
        ))?;
    let value = value
        .to_str()
        .map_err(|_| ApiError::Unauthorized("malformed Authorization header"))?;
    let (scheme, key) = value
        .split_once(' ')
        .ok_or(ApiError::Unauthorized("use the Bearer scheme"))?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::Unauthorized("use the Bearer scheme"));
    }
    Ok(key.trim())
}

/// `If-Match: "3"`, `W/"3"` or `3` → 3. Any non-negative integer is a well-formed claim,
/// even one no revision can have (it then answers `409` like any stale one).
fn if_match(headers: &HeaderMap) -> Result<u64, ApiError> {
    let raw = headers
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?;
    let raw = raw
        .to_str()
        .map_err(|_| ApiError::BadRequest("If-Match must be a revision number".into()))?;
    raw.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .map_err(|_| {
            ApiError::BadRequest(format!(
                "If-Match must be a revision number such as \"3\" (got {raw})"
            ))
        })
}

#[derive(Serialize)]
struct CreatedBody {
    id: Uuid,
    edit_key: String,
    revision: u32,
    url: String,
    edit_url: String,
    report_url: String,
}

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let author = state.author(&headers);
    let assessment = Assessment::parse_json(&body).map_err(ApiError::Invalid)?;
    let key = random_token();
    let created = state
        .store
        .create_assessment(NewAssessment {
            scenario: assessment.scenario(),
            edit_key_hash: &hash_secret(&key),
            author: author.as_deref(),
            pricing_version: Some(state.pricing_version()),
        })
        .await?;
    let base = super::links::base_url(&state.settings, &headers);
    let body = CreatedBody {
        id: created.id,
        url: format!("{base}/api/assessments/{}", created.id),
        edit_url: format!("{base}/assessments/{}/edit?key={key}", created.id),
        report_url: format!("{base}/api/assessments/{}/report", created.id),
        edit_key: key,
        revision: created.revision,
    };
    let mut resp = (StatusCode::CREATED, Json(body)).into_response();
    resp.headers_mut()
        .insert(header::ETAG, etag(created.revision));
    // The answer carries the edit key: no cache may keep it.
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/assessments/{}", created.id)) {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(resp)
}

#[derive(Deserialize)]
pub struct ReadQuery {
    revision: Option<u32>,
}

#[derive(Serialize)]
struct AssessmentBody {
    id: Uuid,
    revision: u32,
    latest_revision: u32,
    name: String,
    region: String,
    created_at: String,
    updated_at: String,
    revision_created_at: String,
    revision_author: Option<String>,
    scenario: Scenario,
}

pub async fn read(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ReadQuery>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let record = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let rev = state
        .store
        .get_revision(id, q.revision)
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = AssessmentBody {
        id,
        revision: rev.revision,
        latest_revision: record.latest_revision,
        // The revision's own name and region: they change between revisions.
        name: rev.scenario.name.clone(),
        region: rev.scenario.region.clone(),
        created_at: rfc3339(record.created_at),
        updated_at: rfc3339(record.updated_at),
        revision_created_at: rfc3339(rev.created_at),
        revision_author: rev.author,
        scenario: rev.scenario,
    };
    let mut resp = Json(body).into_response();
    resp.headers_mut().insert(header::ETAG, etag(rev.revision));
    Ok(resp)
}

pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let hash = state
        .store
        .edit_key_hash(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let key = bearer(&headers)?;
    if !looks_like_token(key) || !secret_matches(key, &hash) {
        return Err(ApiError::Forbidden(
            "the edit key does not match this assessment",
        ));
    }
    let expected = if_match(&headers)?;
    let assessment = Assessment::parse_json(&body).map_err(ApiError::Invalid)?;
    // No revision follows u32::MAX, so a claim of it (or beyond) can never be the latest.
    let Some(expected) = u32::try_from(expected).ok().filter(|n| *n < u32::MAX) else {
        let current = state
            .store
            .get_assessment(id)
            .await?
            .ok_or(ApiError::NotFound)?
            .latest_revision;
        return Err(ApiError::Conflict { current });
    };
    let revision = state
        .store
        .update_assessment(
            id,
            expected,
            assessment.scenario(),
            state.revision_meta(state.author(&headers).as_deref()),
        )
        .await?;
    let mut resp = Json(json!({ "id": id, "revision": revision })).into_response();
    resp.headers_mut().insert(header::ETAG, etag(revision));
    Ok(resp)
}

#[derive(Deserialize)]
pub struct ListQuery {
    limit: Option<u32>,
    offset: Option<u32>,
}

pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let offset = q.offset.unwrap_or(0);
    let total = state.store.count_assessments().await?;
    let items: Vec<_> = state
        .store
        .list_assessments(limit, offset)
        .await?
        .into_iter()
        .map(|a| {
            json!({
                "id": a.id, "name": a.name, "region": a.region,
                "revision": a.latest_revision, "updated_at": rfc3339(a.updated_at),
            })
        })
        .collect();
    Ok(
        Json(json!({ "items": items, "total": total, "limit": limit, "offset": offset }))
            .into_response(),
    )
}

pub async fn revisions(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    state
        .store
        .get_assessment(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let items: Vec<_> = state
        .store
        .list_revisions(id)
        .await?
        .into_iter()
        .map(|r| json!({ "revision": r.revision, "name": r.name, "author": r.author, "created_at": rfc3339(r.created_at) }))
        .collect();
    Ok(Json(json!({ "id": id, "revisions": items })).into_response())
}

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({
                "status": "ready",
                "database": state.store.backend_name(),
                "pricing": state.books.readiness_detail(),
            })),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}
