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
    let requested = requested.map(str::trim).filter(|r| !r.is_empty());
    let roles = caller.workspace_roles(state).await?;
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

// ---------------------------------------------------------------------------------------
// JSON API.

#[derive(Serialize)]
struct WorkspaceBody {
    id: Uuid,
    name: String,
    role: Role,
}

#[derive(Serialize)]
struct MeBody {
    signed_in: bool,
    email: Option<String>,
    name: Option<String>,
    workspaces: Vec<WorkspaceBody>,
}

async fn my_workspaces(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<WorkspaceBody>, crate::store::StoreError> {
    let roles = caller.workspace_roles(state).await?;
    let ids: Vec<Uuid> = roles.iter().map(|(w, _)| *w).collect();
    let mut out: Vec<WorkspaceBody> = state
        .store
        .workspaces(&ids)
        .await?
        .into_iter()
        .filter_map(|w| {
            let role = roles.iter().find(|(id, _)| *id == w.id)?.1;
            Some(WorkspaceBody {
                id: w.id,
                name: w.name,
                role,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// `GET /api/me`: who is signed in and their workspaces.
pub async fn api_me(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    sign_in_enabled(&state)?;
    let body = match caller.signed_in() {
        None => MeBody {
            signed_in: false,
            email: None,
            name: None,
            workspaces: Vec::new(),
        },
        Some(who) => MeBody {
            signed_in: true,
            email: who.email.clone(),
            name: who.display_name.clone(),
            workspaces: my_workspaces(&state, &caller).await?,
        },
    };
    Ok(Json(body).into_response())
}

/// `GET /api/workspaces`: the caller's workspaces and roles.
pub async fn api_list(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    sign_in_enabled(&state)?;
    if caller.signed_in().is_none() {
        return Err(Denied::Unauthorized("sign in to use workspaces").into());
    }
    Ok(Json(my_workspaces(&state, &caller).await?).into_response())
}

#[derive(Deserialize)]
pub struct CreateBody {
    #[serde(default)]
    name: Option<String>,
}

fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::Invalid(field_error(
            "$",
            format!("The body is not the expected JSON: {e}"),
        ))
    })
}

/// `POST /api/workspaces` `{ "name": … }`: a new workspace with the caller as its owner.
pub async fn api_create(
    State(state): State<AppState>,
    caller: Caller,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    sign_in_enabled(&state)?;
    let Some(who) = caller.signed_in() else {
        return Err(Denied::Unauthorized("sign in to use workspaces").into());
    };
    let req: CreateBody = json_body(&body)?;
    let name = workspace_name(req.name.as_deref().unwrap_or(""))
        .map_err(|m| ApiError::Invalid(field_error("name", m)))?;
    let ws = state.store.create_workspace(&name, who.user_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(WorkspaceBody {
            id: ws.id,
            name: ws.name,
            role: Role::Owner,
        }),
    )
        .into_response())
}

#[derive(Serialize)]
struct WorkspaceDetail {
    id: Uuid,
    name: String,
    role: Role,
    members: Vec<MemberRecord>,
    /// Open email invitations and group grants (owners only; empty for others).
    invitations: Vec<InvitationRecord>,
    assessments: Vec<Uuid>,
}

fn ws_id(raw: &str) -> Result<Uuid, Denied> {
    parse_id(raw).ok_or(Denied::NotFound)
}

/// `GET /api/workspaces/{ws}`: members (and, for owners, invitations) of a workspace.
pub async fn api_show(
    State(state): State<AppState>,
    caller: Caller,
    Path(ws): Path<String>,
) -> Result<Response, ApiError> {
    sign_in_enabled(&state)?;
    let ws = ws_id(&ws)?;
    let role = role_in(&state, &caller, ws).await?;
    let record = state
        .store
        .workspaces(&[ws])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let invitations = if role == Role::Owner {
        state.store.workspace_invitations(ws).await?
    } else {
        Vec::new()
    };
    Ok(Json(WorkspaceDetail {
        id: ws,
        name: record.name,
        role,
        members: state.store.workspace_members(ws).await?,
        invitations,
        assessments: state.store.assessments_in_workspace(ws).await?,
    })
    .into_response())
}

#[derive(Deserialize)]
pub struct InviteBody {
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    role: Option<String>,
}

#[derive(Serialize)]
struct InviteAnswer {
    /// `member` when the address already belonged to a user (now a member), else `invited`.
    status: &'static str,
    invitation: Option<InvitationRecord>,
}

/// `POST /api/workspaces/{ws}/invitations` `{ "email" | "group", "role" }` (owners).
pub async fn api_invite(
    State(state): State<AppState>,
    caller: Caller,
    Path(ws): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    sign_in_enabled(&state)?;
    let ws = ws_id(&ws)?;
    owner_of(&state, &caller, ws).await?;
    let req: InviteBody = json_body(&body)?;
    let mut errors = ValidationErrors::default();
    let target = invite_target(req.email.as_deref(), req.group.as_deref())
        .map_err(|(f, m)| errors.push(f, m))
        .ok();
    let role = role(req.role.as_deref().unwrap_or(""))
        .map_err(|m| errors.push("role", m))
        .ok();
    let (Some((kind, value)), Some(role)) = (target, role) else {
        return Err(ApiError::Invalid(errors));
    };
    let by = caller
        .signed_in()
        .map(|s| s.user_id)
        .ok_or(ApiError::NotFound)?;
    let invitation = state.store.invite(ws, kind, &value, role, by).await?;
    let status = if invitation.is_some() {
        "invited"
    } else {
        "member"
    };
    Ok((
        StatusCode::CREATED,
        Json(InviteAnswer { status, invitation }),
    )
        .into_response())
}

/// `DELETE /api/workspaces/{ws}/invitations/{invitation}` (owners).
pub async fn api_remove_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Path((ws, invitation)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    sign_in_enabled(&state)?;
    let ws = ws_id(&ws)?;
    owner_of(&state, &caller, ws).await?;
    let invitation = ws_id(&invitation)?;
    if state.store.remove_invitation(ws, invitation).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::NotFound)
    }
}

#[derive(Deserialize)]
pub struct RoleBody {
    #[serde(default)]
    role: Option<String>,
}

fn member_change(change: MemberChange) -> Result<Response, ApiError> {
    match change {
        MemberChange::Done => Ok(StatusCode::NO_CONTENT.into_response()),
        MemberChange::NoSuchMember => Err(ApiError::NotFound),
        MemberChange::LastOwner => Err(ApiError::Invalid(field_error(
            "role",
            "A workspace keeps at least one owner: make someone else owner first.",
        ))),
    }
}

/// `PUT /api/workspaces/{ws}/members/{user}` `{ "role" }` (owners).
pub async fn api_set_role(
    State(state): State<AppState>,
    caller: Caller,
    Path((ws, user)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    sign_in_enabled(&state)?;
    let ws = ws_id(&ws)?;
    owner_of(&state, &caller, ws).await?;
    let user = ws_id(&user)?;
    let req: RoleBody = json_body(&body)?;
    let role = role(req.role.as_deref().unwrap_or(""))
        .map_err(|m| ApiError::Invalid(field_error("role", m)))?;
    member_change(state.store.set_member_role(ws, user, Some(role)).await?)
}

/// `DELETE /api/workspaces/{ws}/members/{user}` (owners).
pub async fn api_remove_member(
    State(state): State<AppState>,
    caller: Caller,
    Path((ws, user)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    sign_in_enabled(&state)?;
    let ws = ws_id(&ws)?;
    owner_of(&state, &caller, ws).await?;
    let user = ws_id(&user)?;
    member_change(state.store.set_member_role(ws, user, None).await?)
}

// ---------------------------------------------------------------------------------------
// Pages.

pub struct WorkspaceItem {
    pub id: String,
    pub name: String,
    pub role: &'static str,
}

#[derive(Template)]
#[template(path = "workspaces/list.html")]
pub struct ListPage {
    pub csrf: String,
    pub items: Vec<WorkspaceItem>,
    pub name: String,
    pub error: Option<String>,
}

pub struct MemberView {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: &'static str,
}

pub struct InvitationView {
    pub id: String,
    pub kind: &'static str,
    pub value: String,
    pub role: &'static str,
}

pub struct AssessmentLink {
    pub id: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "workspaces/show.html")]
pub struct ShowPage {
    pub csrf: String,
    pub id: String,
    pub name: String,
    pub role: &'static str,
    pub owner: bool,
    pub members: Vec<MemberView>,
    pub invitations: Vec<InvitationView>,
    pub assessments: Vec<AssessmentLink>,
    pub roles: [&'static str; 3],
    /// The invite form as typed, and its errors.
    pub invite_email: String,
    pub invite_group: String,
    pub invite_role: String,
    pub email_error: Option<String>,
    pub group_error: Option<String>,
    pub role_error: Option<String>,
    pub notice: Option<String>,
}

fn page_denied(d: Denied) -> PageError {
    match d {
        // Not signed in: the page says so rather than pretending nothing is there.
        Denied::Unauthorized(_) => {
            PageError::BadRequest("Sign in (top right) to see and manage workspaces.".to_owned())
        }
        other => other.into(),
    }
}

fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `GET /workspaces`: the caller's workspaces and a form to create one.
pub async fn page_list(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
) -> Result<Response, PageError> {
    sign_in_enabled(&state).map_err(page_denied)?;
    if caller.signed_in().is_none() {
        return Err(page_denied(Denied::Unauthorized("")));
    }
    let (jar, csrf) = csrf_token(jar, &state);
    let page = list_page(&state, &caller, csrf, String::new(), None).await?;
    Ok((jar, render(StatusCode::OK, &page)).into_response())
}

async fn list_page(
    state: &AppState,
    caller: &Caller,
    csrf: String,
    name: String,
    error: Option<String>,
) -> Result<ListPage, PageError> {
    let items = my_workspaces(state, caller)
        .await?
        .into_iter()
        .map(|w| WorkspaceItem {
            id: w.id.to_string(),
            name: w.name,
            role: w.role.as_str(),
        })
        .collect();
    Ok(ListPage {
        csrf,
        items,
        name,
        error,
    })
}

/// `POST /workspaces`: create one; a bad name re-renders the form with it kept.
pub async fn page_create(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    sign_in_enabled(&state).map_err(page_denied)?;
    let Some(who) = caller.signed_in() else {
        return Err(page_denied(Denied::Unauthorized("")));
    };
    let raw = pair(&pairs, "name").unwrap_or("").to_owned();
    match workspace_name(&raw) {
        Ok(name) => {
            let ws = state.store.create_workspace(&name, who.user_id).await?;
            Ok(Redirect::to(&format!("/workspaces/{}", ws.id)).into_response())
        }
        Err(message) => {
            let (jar, csrf) = csrf_token(jar, &state);
            let page = list_page(&state, &caller, csrf, raw, Some(message)).await?;
            Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)).into_response())
        }
    }
}

#[derive(Default)]
struct InviteInput {
    email: String,
    group: String,
    role: String,
    email_error: Option<String>,
    group_error: Option<String>,
    role_error: Option<String>,
}

async fn show_page(
    state: &AppState,
    caller: &Caller,
    ws: Uuid,
    csrf: String,
    input: InviteInput,
    notice: Option<String>,
) -> Result<ShowPage, PageError> {
    let role = role_in(state, caller, ws).await.map_err(page_denied)?;
    let record = state
        .store
        .workspaces(&[ws])
        .await?
        .pop()
        .ok_or(PageError::NotFound)?;
    let owner = role == Role::Owner;
    let members = state
        .store
        .workspace_members(ws)
        .await?
        .into_iter()
        .map(|m| MemberView {
            user_id: m.user_id.to_string(),
            email: m.email.unwrap_or_default(),
            name: m.display_name.unwrap_or_default(),
            role: m.role.as_str(),
        })
        .collect();
    let invitations = if owner {
        state
            .store
            .workspace_invitations(ws)
            .await?
            .into_iter()
            .map(|i| InvitationView {
                id: i.id.to_string(),
                kind: i.kind.as_str(),
                value: i.value,
                role: i.role.as_str(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut assessments = Vec::new();
    for id in state.store.assessments_in_workspace(ws).await? {
        if let Some(a) = state.store.get_assessment(id).await? {
            assessments.push(AssessmentLink {
                id: a.id.to_string(),
                name: a.name,
            });
        }
    }
    assessments.sort_by_key(|a| a.name.to_lowercase());
    Ok(ShowPage {
        csrf,
        id: ws.to_string(),
        name: record.name,
        role: role.as_str(),
        owner,
        members,
        invitations,
        assessments,
        roles: [
            Role::Viewer.as_str(),
            Role::Editor.as_str(),
            Role::Owner.as_str(),
        ],
        invite_email: input.email,
        invite_group: input.group,
        invite_role: if input.role.is_empty() {
            Role::Viewer.as_str().to_owned()
        } else {
            input.role
        },
        email_error: input.email_error,
        group_error: input.group_error,
        role_error: input.role_error,
        notice,
    })
}

/// `GET /workspaces/{ws}`: members, invitations and the forms to manage them.
pub async fn page_show(
    State(state): State<AppState>,
    caller: Caller,
    Path(ws): Path<String>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    sign_in_enabled(&state).map_err(page_denied)?;
    let ws = ws_id(&ws).map_err(page_denied)?;
    let (jar, csrf) = csrf_token(jar, &state);
    let page = show_page(&state, &caller, ws, csrf, InviteInput::default(), None).await?;
    Ok((jar, render(StatusCode::OK, &page)).into_response())
}

/// `POST /workspaces/{ws}/invite`: invite by email or group (owners); errors re-render the
/// page with what was typed.
pub async fn page_invite(
    State(state): State<AppState>,
    caller: Caller,
    Path(ws): Path<String>,
    jar: CookieJar,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    sign_in_enabled(&state).map_err(page_denied)?;
    let ws = ws_id(&ws).map_err(page_denied)?;
    owner_of(&state, &caller, ws).await.map_err(page_denied)?;
    let mut input = InviteInput {
        email: pair(&pairs, "email").unwrap_or("").to_owned(),
        group: pair(&pairs, "group").unwrap_or("").to_owned(),
        role: pair(&pairs, "role").unwrap_or("").to_owned(),
        ..InviteInput::default()
    };
    let target = match invite_target(Some(&input.email), Some(&input.group)) {
        Ok(t) => Some(t),
        Err(("group", m)) => {
            input.group_error = Some(m);
            None
        }
        Err((_, m)) => {
            input.email_error = Some(m);
            None
        }
    };
    let chosen = role(&input.role)
        .map_err(|m| input.role_error = Some(m))
        .ok();
    let (Some((kind, value)), Some(chosen), Some(who)) = (target, chosen, caller.signed_in())
    else {
        let (jar, csrf) = csrf_token(jar, &state);
        let page = show_page(&state, &caller, ws, csrf, input, None).await?;
        return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)).into_response());
    };
    state
        .store
        .invite(ws, kind, &value, chosen, who.user_id)
        .await?;
    Ok(Redirect::to(&format!("/workspaces/{ws}")).into_response())
}

/// `POST /workspaces/{ws}/members/{user}`: `role=…` changes the role, `action=remove`
/// removes the member (owners).
pub async fn page_member(
    State(state): State<AppState>,
    caller: Caller,
    Path((ws, user)): Path<(String, String)>,
    jar: CookieJar,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    sign_in_enabled(&state).map_err(page_denied)?;
    let ws = ws_id(&ws).map_err(page_denied)?;
    owner_of(&state, &caller, ws).await.map_err(page_denied)?;
    let user = ws_id(&user).map_err(page_denied)?;
    let change = if pair(&pairs, "action") == Some("remove") {
        None
    } else {
        match role(pair(&pairs, "role").unwrap_or("")) {
            Ok(r) => Some(r),
            Err(m) => return Err(PageError::BadRequest(m)),
        }
    };
    match state.store.set_member_role(ws, user, change).await? {
        MemberChange::Done => Ok(Redirect::to(&format!("/workspaces/{ws}")).into_response()),
        MemberChange::NoSuchMember => Err(PageError::NotFound),
        MemberChange::LastOwner => {
            let (jar, csrf) = csrf_token(jar, &state);
            let page = show_page(
                &state,
                &caller,
                ws,
                csrf,
                InviteInput::default(),
                Some(
                    "A workspace keeps at least one owner: make someone else owner first."
                        .to_owned(),
                ),
            )
            .await?;
            Ok((jar, render(StatusCode::CONFLICT, &page)).into_response())
        }
    }
}

/// `POST /workspaces/{ws}/invitations/{invitation}/remove` (owners).
pub async fn page_remove_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Path((ws, invitation)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    sign_in_enabled(&state).map_err(page_denied)?;
    let ws = ws_id(&ws).map_err(page_denied)?;
    owner_of(&state, &caller, ws).await.map_err(page_denied)?;
    let invitation = ws_id(&invitation).map_err(page_denied)?;
    state.store.remove_invitation(ws, invitation).await?;
    Ok(Redirect::to(&format!("/workspaces/{ws}")).into_response())
}

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
