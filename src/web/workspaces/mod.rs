//! Workspaces (teams) with roles, for signed-in users: create one, list members, invite by
//! email or by group claim, change a role, remove a member. Server-rendered pages under
//! `/workspaces` (forms, no JavaScript needed) and the JSON API under `/api/workspaces`.
//!
//! Roles: a viewer reads the workspace's assessments, an editor also edits them and creates
//! new ones in it, an owner also manages members. Someone who is not a member gets `404` for
//! the workspace, as if it did not exist.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::extract::{Caller, CsrfForm, Denied, csrf_token, parse_id};
use super::templates::render;
use super::{ApiError, AppState, PageError};
use crate::domain::ValidationErrors;
use crate::store::{InvitationRecord, InviteKind, MemberChange, MemberRecord, Role};

/// Longest workspace name, characters.
const MAX_NAME_CHARS: usize = 100;
/// Longest email address (RFC 5321 path limit) and group value kept.
const MAX_EMAIL_CHARS: usize = 254;
const MAX_GROUP_CHARS: usize = 256;

// ---------------------------------------------------------------------------------------
// Validation at the boundary (pure).

/// A workspace name: trimmed, 1–100 characters, no control characters.
pub fn workspace_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Give the workspace a name.".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "The name is {} characters; at most {MAX_NAME_CHARS} are allowed.",
            name.chars().count()
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("The name cannot contain control characters (tabs, line breaks).".to_owned());
    }
    Ok(name.to_owned())
}

/// A role named in a form or request.
pub fn role(raw: &str) -> Result<Role, String> {
    Role::parse(raw).ok_or_else(|| {
        format!(
            "{:?} is not a role: choose viewer (reads), editor (reads and edits) or owner (also manages members).",
            raw.trim()
        )
    })
}

/// Who an invitation admits: exactly one of an email address (lower-cased) or a group value.
/// Errors name the field (`email` or `group`).
pub fn invite_target(
    email: Option<&str>,
    group: Option<&str>,
) -> Result<(InviteKind, String), (&'static str, String)> {
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    let group = group.map(str::trim).filter(|g| !g.is_empty());
    match (email, group) {
        (Some(_), Some(_)) => Err((
            "group",
            "Invite either by email or by group, not both at once.".to_owned(),
        )),
        (None, None) => Err((
            "email",
            "Give the email address to invite, or a group (the value of the ID token's groups claim)."
                .to_owned(),
        )),
        (Some(e), None) => {
            let e = e.to_lowercase();
            let valid = e.chars().count() <= MAX_EMAIL_CHARS
                && !e.chars().any(|c| c.is_whitespace() || c.is_control())
                && e.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                });
            if valid {
                Ok((InviteKind::Email, e))
            } else {
                Err((
                    "email",
                    format!("{e:?} is not an email address (name@example.com, at most {MAX_EMAIL_CHARS} characters)."),
                ))
            }
        }
        (None, Some(g)) => {
            if g.chars().count() > MAX_GROUP_CHARS || g.chars().any(char::is_control) {
                Err((
                    "group",
                    format!("A group is at most {MAX_GROUP_CHARS} characters, without control characters."),
                ))
            } else {
                Ok((InviteKind::Group, g.to_owned()))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Who may do what.

/// The caller's role in workspace `ws`: `401` on the API when nobody is signed in, `404`
/// when the caller is not a member.
async fn role_in(state: &AppState, caller: &Caller, ws: Uuid) -> Result<Role, Denied> {
    if caller.signed_in().is_none() {
        return Err(Denied::Unauthorized("sign in to use workspaces"));
    }
    caller
        .workspace_roles(state)
        .await?
        .into_iter()
        .find(|(w, _)| *w == ws)
        .map(|(_, r)| r)
        .ok_or(Denied::NotFound)
}

async fn owner_of(state: &AppState, caller: &Caller, ws: Uuid) -> Result<(), Denied> {
    if role_in(state, caller, ws).await? == Role::Owner {
        Ok(())
    } else {
        Err(Denied::Forbidden(
            "only a workspace owner manages its members",
        ))
    }
}

fn sign_in_enabled(state: &AppState) -> Result<(), Denied> {
    if state.oidc.is_some() {
        Ok(())
    } else {
        Err(Denied::NotFound)
    }
}

/// The workspace a new assessment goes into: the one asked for (the caller must be its
/// editor or owner; the error names the field `workspace`), else the caller's first workspace
/// they may edit in, else none (an anonymous assessment, reachable by its edit key).
pub async fn for_new_assessment(
    state: &AppState,
    caller: &Caller,
    requested: Option<&str>,
) -> Result<Option<Uuid>, WorkspaceChoiceError> {
    let roles = caller.workspace_roles(state).await?;
    pick_for_new(&roles, requested)
}

/// [`for_new_assessment`] among `roles`, the caller's workspace roles already read.
pub fn pick_for_new(
    roles: &[(Uuid, Role)],
    requested: Option<&str>,
) -> Result<Option<Uuid>, WorkspaceChoiceError> {
    let requested = requested.map(str::trim).filter(|r| !r.is_empty());
    let editable = |ws: &Uuid| roles.iter().any(|(w, r)| w == ws && *r >= Role::Editor);
    match requested {
        Some(raw) => {
            let ws = parse_id(raw).ok_or_else(|| {
                WorkspaceChoiceError::Invalid(format!("{raw:?} is not a workspace id."))
            })?;
            if editable(&ws) {
                Ok(Some(ws))
            } else {
                Err(WorkspaceChoiceError::Invalid(
                    "You can create assessments only in a workspace where you are an editor or owner.".to_owned(),
                ))
            }
        }
        None => Ok(roles
            .iter()
            .find(|(_, r)| *r >= Role::Editor)
            .map(|(w, _)| *w)),
    }
}

/// A workspace offered on the questionnaire for a new assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceChoice {
    pub id: String,
    pub name: String,
    pub selected: bool,
}

/// The workspaces `caller` may create in (editor or owner), by name, with `requested` selected
/// when it is one of them, else the first (the one [`for_new_assessment`] picks unasked).
/// Empty when the caller is not signed in or edits no workspace.
pub async fn choices_for_new(
    state: &AppState,
    caller: &Caller,
    requested: Option<&str>,
) -> Result<Vec<WorkspaceChoice>, crate::store::StoreError> {
    let roles = caller.workspace_roles(state).await?;
    choices_among(state, &roles, requested).await
}

/// [`choices_for_new`] among `roles`, the caller's workspace roles already read.
pub async fn choices_among(
    state: &AppState,
    roles: &[(Uuid, Role)],
    requested: Option<&str>,
) -> Result<Vec<WorkspaceChoice>, crate::store::StoreError> {
    let editable: Vec<Uuid> = roles
        .iter()
        .filter(|(_, r)| *r >= Role::Editor)
        .map(|(w, _)| *w)
        .collect();
    if editable.is_empty() {
        return Ok(Vec::new());
    }
    let mut records = state.store.workspaces(&editable).await?;
    // The store's order is by name; the default stays the one chosen unasked.
    records.sort_by_key(|w| editable.iter().position(|e| *e == w.id));
    let requested = requested.and_then(|r| parse_id(r.trim()));
    let chosen = requested
        .filter(|r| editable.contains(r))
        .unwrap_or(editable[0]);
    Ok(records
        .into_iter()
        .map(|w| WorkspaceChoice {
            id: w.id.to_string(),
            selected: w.id == chosen,
            name: w.name,
        })
        .collect())
}

/// Why the requested workspace cannot take a new assessment.
#[derive(Debug)]
pub enum WorkspaceChoiceError {
    /// The message, for the field `workspace`.
    Invalid(String),
    Store(crate::store::StoreError),
}

impl From<crate::store::StoreError> for WorkspaceChoiceError {
    fn from(e: crate::store::StoreError) -> Self {
        Self::Store(e)
    }
}

impl From<WorkspaceChoiceError> for ApiError {
    fn from(e: WorkspaceChoiceError) -> Self {
        match e {
            WorkspaceChoiceError::Invalid(m) => ApiError::Invalid(field_error("workspace", m)),
            WorkspaceChoiceError::Store(e) => e.into(),
        }
    }
}

impl From<WorkspaceChoiceError> for PageError {
    fn from(e: WorkspaceChoiceError) -> Self {
        match e {
            WorkspaceChoiceError::Invalid(m) => PageError::BadRequest(m),
            WorkspaceChoiceError::Store(e) => e.into(),
        }
    }
}

fn field_error(field: &str, message: impl Into<String>) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    errors.push(field, message);
    errors
}

mod api;
mod pages;

pub use api::*;
pub use pages::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            workspace_name("  Data platform ").as_deref(),
            Ok("Data platform")
        );
        assert!(workspace_name("   ").is_err());
        assert!(workspace_name(&"x".repeat(101)).is_err());
        assert!(workspace_name("a\tb").is_err());
        assert!(workspace_name(&"x".repeat(100)).is_ok());
    }

    #[test]
    fn an_invitation_names_exactly_one_target() {
        assert_eq!(
            invite_target(Some(" Alice@Example.COM "), None),
            Ok((InviteKind::Email, "alice@example.com".to_owned()))
        );
        assert_eq!(
            invite_target(None, Some(" 1b2c-group ")),
            Ok((InviteKind::Group, "1b2c-group".to_owned()))
        );
        assert_eq!(invite_target(None, None).unwrap_err().0, "email");
        assert_eq!(
            invite_target(Some("a@b.c"), Some("g")).unwrap_err().0,
            "group"
        );
        for bad in [
            "alice",
            "alice@",
            "@example.com",
            "a b@example.com",
            "a@b@c.d",
            "a@example.",
        ] {
            assert_eq!(
                invite_target(Some(bad), None).unwrap_err().0,
                "email",
                "{bad}"
            );
        }
        assert_eq!(
            invite_target(None, Some(&"g".repeat(257))).unwrap_err().0,
            "group"
        );
    }

    #[test]
    fn roles_are_named_in_the_error() {
        assert_eq!(role("Editor"), Ok(Role::Editor));
        assert!(role("admin").unwrap_err().contains("viewer"));
    }
}
