//! The audit log: who created, edited, shared, revoked and changed the decision status of an
//! assessment. Written by the handlers that do those things; read by owners (the edit key,
//! the admin token) as a page and as JSON Lines, and by the operator for the whole database.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use uuid::Uuid;

use super::dates::{format_time, rfc3339};
use super::extract::{Caller, ReadAccess};
use super::templates::render;
use super::{ApiError, AppState, PageError};
use crate::domain::DecisionStatus;
use crate::store::{AuditAction, AuditEventRecord, NewAuditEvent};

/// Record `event` after the action it describes has been committed. A failure is logged, not
/// returned: the action happened, and answering with an error would invite a retry that does
/// it twice. (Status changes write their events in the change's own transaction instead.)
pub async fn record(state: &AppState, event: NewAuditEvent<'_>) {
    if let Err(e) = state.store.record_audit(event).await {
        tracing::error!(
            error = %e,
            assessment.id = %event.assessment_id,
            action = event.action.as_str(),
            "audit event not recorded"
        );
    }
}

/// What a request did, as the audit log records it.
#[derive(Debug, Clone, Copy)]
pub enum Done {
    /// Created the assessment, saving this revision.
    Created(u32),
    /// Saved this revision.
    Edited(u32),
    /// Made a share link, pinned to a revision or following the latest.
    Shared {
        share: uuid::Uuid,
        revision: Option<u32>,
    },
    ShareRevoked(uuid::Uuid),
}

/// [`record`] what this request's caller did, named by [`super::actor::actor`]: the one call
/// every handler that creates, edits, shares or revokes makes.
pub async fn record_by(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    assessment_id: uuid::Uuid,
    done: Done,
) {
    use crate::store::AuditAction;
    let (action, revision, share_id) = match done {
        Done::Created(r) => (AuditAction::Created, Some(r), None),
        Done::Edited(r) => (AuditAction::Edited, Some(r), None),
        Done::Shared { share, revision } => (AuditAction::Shared, revision, Some(share)),
        Done::ShareRevoked(share) => (AuditAction::ShareRevoked, None, Some(share)),
    };
    let actor = super::actor::actor(state, headers);
    record(
        state,
        NewAuditEvent {
            assessment_id,
            action,
            actor: &actor,
            revision,
            share_id,
            status: None,
        },
    )
    .await;
}

/// Owners only: the edit key, the admin token, or a workspace owner. A share link's reader
/// gets the same `404` as a stranger; a workspace viewer or editor, who knows the assessment
/// exists, `403`.
fn owner_only<E: From<super::extract::Denied>>(access: &ReadAccess) -> Result<(), E> {
    use super::extract::{Capability, Denied};
    match access.capability {
        Capability::Admin
        | Capability::Edit
        | Capability::Member {
            role: crate::store::Role::Owner,
        } => Ok(()),
        Capability::Member { .. } => {
            Err(Denied::Forbidden("the audit log is visible to the workspace's owners").into())
        }
        Capability::Share { .. } => Err(Denied::NotFound.into()),
    }
}

/// One line of the JSON Lines export.
#[derive(Debug, Serialize)]
pub struct AuditLine {
    pub id: i64,
    pub at: String,
    pub assessment_id: Uuid,
    pub action: &'static str,
    pub actor: String,
    pub revision: Option<u32>,
    pub share_id: Option<Uuid>,
    pub status: Option<DecisionStatus>,
}

impl From<AuditEventRecord> for AuditLine {
    fn from(e: AuditEventRecord) -> Self {
        Self {
            id: e.id,
            at: rfc3339(e.created_at),
            assessment_id: e.assessment_id,
            action: e.action.as_str(),
            actor: e.actor,
            revision: e.revision,
            share_id: e.share_id,
            status: e.status,
        }
    }
}

fn jsonl(events: Vec<AuditEventRecord>, filename: &str) -> Result<Response, ApiError> {
    let mut body = String::new();
    for e in events {
        body.push_str(&serde_json::to_string(&AuditLine::from(e)).map_err(anyhow::Error::new)?);
        body.push('\n');
    }
    let mut resp = (StatusCode::OK, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// `GET /api/assessments/{id}/audit.jsonl`: one assessment's log, oldest first.
pub async fn api_assessment(
    State(state): State<AppState>,
    access: ReadAccess,
) -> Result<Response, ApiError> {
    owner_only::<ApiError>(&access)?;
    let events = state.store.audit_events(Some(access.id)).await?;
    jsonl(
        events,
        &format!("connect-advisor-{}-audit.jsonl", access.id),
    )
}

/// `GET /api/audit.jsonl`: every assessment's log, for the admin token only (`404` otherwise).
pub async fn api_all(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    if !caller.is_admin(&state) {
        return Err(ApiError::NotFound);
    }
    let events = state.store.audit_events(None).await?;
    jsonl(events, "connect-advisor-audit.jsonl")
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: &'static str,
    pub revision: String,
    pub share: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "assessments/audit.html")]
pub struct AuditPage {
    pub id: String,
    pub name: String,
    pub rows: Vec<AuditRow>,
}

fn action_label(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Created => "Created",
        AuditAction::Edited => "Saved a new revision",
        AuditAction::Shared => "Created a share link",
        AuditAction::ShareRevoked => "Revoked a share link",
        AuditAction::StatusChanged => "Changed the decision status",
    }
}

/// `GET /assessments/{id}/audit`: the log as a table, newest first.
pub async fn page(
    State(state): State<AppState>,
    access: ReadAccess,
) -> Result<Response, PageError> {
    owner_only::<PageError>(&access)?;
    let record = state
        .store
        .get_assessment(access.id)
        .await?
        .ok_or(PageError::NotFound)?;
    let events = state.store.audit_events(Some(access.id)).await?;
    let rows = events
        .into_iter()
        .rev()
        .map(|e| AuditRow {
            at: format_time(e.created_at),
            actor: e.actor,
            action: action_label(e.action),
            revision: e.revision.map_or_else(
                || {
                    if e.action == AuditAction::Shared {
                        "latest".to_owned()
                    } else {
                        String::new()
                    }
                },
                |r| r.to_string(),
            ),
            share: e.share_id.map(|s| s.to_string()).unwrap_or_default(),
            status: e.status.map(|s| s.to_string()).unwrap_or_default(),
        })
        .collect();
    let page = AuditPage {
        id: access.id.to_string(),
        name: record.name,
        rows,
    };
    let mut resp = render(StatusCode::OK, &page);
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
}
