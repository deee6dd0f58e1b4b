//! The workspaces JSON API under `/api/workspaces` and `/api/me`.

use super::*;

#[derive(Serialize)]
pub(super) struct WorkspaceBody {
    pub(super) id: Uuid,
    pub(super) name: String,
    pub(super) role: Role,
}

#[derive(Serialize)]
struct MeBody {
    signed_in: bool,
    email: Option<String>,
    name: Option<String>,
    workspaces: Vec<WorkspaceBody>,
}

pub(super) async fn my_workspaces(
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

pub(super) fn ws_id(raw: &str) -> Result<Uuid, Denied> {
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
