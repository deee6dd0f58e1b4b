//! The JSON API under `/api`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::audit::{Done, record_by};
use super::dates::rfc3339;
use super::extract::{Caller, EditAccess, ReadAccess, list_readable};
use super::limits::ClientAddr;
use super::{ApiError, AppState};
use crate::domain::{Assessment, Scenario};

fn etag(revision: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{revision}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
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

/// `POST /api/assessments?workspace=<id>`: the workspace a signed-in user creates in.
#[derive(Deserialize)]
pub struct CreateQuery {
    workspace: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    client: ClientAddr,
    caller: Caller,
    headers: HeaderMap,
    Query(target): Query<CreateQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let assessment = Assessment::parse_json(&body).map_err(ApiError::Invalid)?;
    // Team sign-in: the workspace it goes into (`?workspace=<id>`, else the caller's first
    // workspace they may edit in; none for anonymous callers).
    let workspace =
        super::workspaces::for_new_assessment(&state, &caller, target.workspace.as_deref()).await?;
    // Only a valid scenario spends a token: a typo does not lock a client out.
    let created = super::new_assessment::create(
        &state,
        &headers,
        client,
        caller.is_admin(&state),
        assessment.scenario(),
        workspace,
    )
    .await?;
    let key = created.key;
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
    access: ReadAccess,
    Query(q): Query<ReadQuery>,
) -> Result<Response, ApiError> {
    let id = access.id;
    let revision = access.revision(&state, q.revision).await?;
    let record = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let rev = state
        .store
        .get_revision(id, revision)
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
    EditAccess { id }: EditAccess,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
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
    record_by(&state, &headers, id, Done::Edited(revision)).await;
    let mut resp = Json(json!({ "id": id, "revision": revision })).into_response();
    resp.headers_mut().insert(header::ETAG, etag(revision));
    Ok(resp)
}

#[derive(Deserialize)]
pub struct ListQuery {
    limit: Option<u32>,
    offset: Option<u32>,
}

/// `GET /api/assessments`: the assessments this browser holds edit keys for (cookies), or
/// every one for the admin token.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let offset = q.offset.unwrap_or(0);
    let (rows, total) = list_readable(&state, &caller, limit, offset).await?;
    let items: Vec<_> = rows
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

/// `GET /api/assessments/{id}/revisions`: those the caller may read (a share link sees one).
pub async fn revisions(
    State(state): State<AppState>,
    access: ReadAccess,
) -> Result<Response, ApiError> {
    let id = access.id;
    let latest = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(ApiError::NotFound)?
        .latest_revision;
    let items: Vec<_> = state
        .store
        .list_revisions(id)
        .await?
        .into_iter()
        .filter(|r| access.sees_revision(r.revision, latest))
        .map(|r| json!({ "revision": r.revision, "name": r.name, "author": r.author, "created_at": rfc3339(r.created_at) }))
        .collect();
    Ok(Json(json!({ "id": id, "revisions": items })).into_response())
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics_endpoint(State(state): State<AppState>) -> Response {
    let mut scrape = super::metrics::scrape_gauges(&state.store, &state.reports);
    state.books.register_metrics(&mut scrape);
    state.metrics.respond(&scrape)
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
