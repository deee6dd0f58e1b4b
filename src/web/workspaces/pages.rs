//! The workspace pages under `/workspaces` (forms; no JavaScript needed).

use super::*;

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
