//! HTML pages: the assessment list, the questionnaire (new/edit), and an assessment's overview
//! (drawn by `show_page`).

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use uuid::Uuid;

use super::audit::{Done, record_by};
use super::dates::format_time;
use super::decision_panel::DecisionFormState;
use super::extract::{
    AssessmentId, Caller, CsrfForm, EditAccess, ReadAccess, csrf_token, key_cookie, list_readable,
};
use super::form::{Action, FormState};
use super::limits::ClientAddr;
use super::questionnaire::render::ErrorLink;
use super::questionnaire::render::FormPage;
use super::security::{looks_like_token, secret_matches};
use super::show_page::show_page;
use super::templates::render;
use super::{AppState, PageError};
use crate::domain::{ValidationErrors, region_display_name};
use crate::store::StoreError;

const PAGE_SIZE: u32 = 25;

pub struct ListItem {
    pub id: String,
    pub name: String,
    pub region: String,
    pub revision: u32,
    pub updated: String,
}

#[derive(askama::Template)]
#[template(path = "assessments/list.html")]
pub struct ListPage {
    pub items: Vec<ListItem>,
    pub total: u64,
    pub page: u32,
    pub prev_page: Option<u32>,
    pub next_page: Option<u32>,
}

#[derive(askama::Template)]
#[template(path = "assessments/created.html")]
pub struct CreatedPage {
    pub id: String,
    pub name: String,
    pub edit_link: String,
}

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
}

/// `GET /`: the assessments this browser holds edit keys for (every one for the admin token).
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    let (rows, total) = list_readable(&state, &caller, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let items = rows
        .into_iter()
        .map(|r| ListItem {
            id: r.id.to_string(),
            region: region_display_name(&r.region).map_or_else(|| r.region.clone(), str::to_owned),
            name: r.name,
            revision: r.latest_revision,
            updated: format_time(r.updated_at),
        })
        .collect();
    let next_page = (u64::from(page) * u64::from(PAGE_SIZE) < total).then_some(page + 1);
    let prev_page = (page > 1).then_some(page - 1);
    Ok(render(
        StatusCode::OK,
        &ListPage {
            items,
            total,
            page,
            prev_page,
            next_page,
        },
    ))
}

fn form_page(
    csrf: String,
    state: &FormState,
    errors: &ValidationErrors,
    existing: Option<(Uuid, u32)>,
) -> FormPage {
    match existing {
        None => FormPage::build(
            "New assessment".into(),
            "/assessments".into(),
            "/".into(),
            csrf,
            state,
            errors,
            None,
        ),
        Some((id, base)) => FormPage::build(
            format!("Edit assessment (revision {base})"),
            format!("/assessments/{id}"),
            format!("/assessments/{id}"),
            csrf,
            state,
            errors,
            Some(base),
        ),
    }
}

#[derive(Deserialize)]
pub struct NewFormQuery {
    /// Preselect this workspace (the workspace page's "New assessment" link).
    workspace: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<NewFormQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = csrf_token(jar, &state);
    let mut page = form_page(
        csrf,
        &FormState::new_assessment(),
        &ValidationErrors::default(),
        None,
    );
    page.workspaces =
        super::workspaces::choices_for_new(&state, &caller, q.workspace.as_deref()).await?;
    Ok((jar, render(StatusCode::OK, &page)).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    client: ClientAddr,
    caller: Caller,
    headers: axum::http::HeaderMap,
    jar: CookieJar,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (jar, csrf) = csrf_token(jar, &state);
    let requested_workspace = pairs
        .iter()
        .find(|(k, _)| k == "workspace")
        .map(|(_, v)| v.clone());
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "workspace")
        .collect();
    let (mut form, action) = FormState::from_pairs(pairs);
    // Read once: the choices to show again and the check of the chosen workspace.
    let roles = caller.workspace_roles(&state).await?;
    let choices =
        super::workspaces::choices_among(&state, &roles, requested_workspace.as_deref()).await?;
    // The form again, with the user's input and workspace choice kept.
    let again = |csrf: String, form: &FormState, errors: &ValidationErrors| {
        let mut page = form_page(csrf, form, errors, None);
        page.workspaces.clone_from(&choices);
        page
    };
    if action != Action::Save {
        form.apply(action);
        let page = again(csrf, &form, &ValidationErrors::default());
        return Ok((jar, render(StatusCode::OK, &page)).into_response());
    }
    form.compact();
    let assessment = match form.to_assessment() {
        Ok(a) => a,
        Err(errors) => {
            let page = again(csrf, &form, &errors);
            return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)).into_response());
        }
    };
    let workspace = match super::workspaces::pick_for_new(&roles, requested_workspace.as_deref()) {
        Ok(w) => w,
        Err(super::workspaces::WorkspaceChoiceError::Invalid(message)) => {
            let mut page = again(csrf, &form, &ValidationErrors::default());
            page.error_links.push(ErrorLink {
                // The form has a workspace select only for someone who may create in one; an
                // anonymous form names the field without a link to nowhere.
                anchor: if choices.is_empty() {
                    String::new()
                } else {
                    "f-workspace".to_owned()
                },
                field: "Workspace".to_owned(),
                message,
            });
            return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
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
    let page = CreatedPage {
        id: created.id.to_string(),
        name: assessment.name.trim().to_owned(),
        edit_link: format!("{base}/assessments/{}/edit?key={key}", created.id),
    };
    let jar = jar.add(key_cookie(created.id, &key, &state));
    // The page shows the edit key: no cache may keep it.
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        jar,
        render(StatusCode::CREATED, &page),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct ShowQuery {
    revision: Option<u32>,
    saved: Option<u32>,
}

pub async fn show(
    State(state): State<AppState>,
    access: ReadAccess,
    Query(q): Query<ShowQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, mut page) = show_page(
        &state,
        &access,
        q.revision,
        jar,
        DecisionFormState::default(),
    )
    .await?;
    page.saved = q.saved.is_some();
    Ok((jar, render(StatusCode::OK, &page)).into_response())
}

#[derive(Deserialize)]
pub struct EditQuery {
    key: Option<String>,
}

pub async fn edit_form(
    State(state): State<AppState>,
    AssessmentId(id): AssessmentId,
    caller: Caller,
    Query(q): Query<EditQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    if let Some(key) = q.key {
        // An edit link: keep the key in an HttpOnly cookie and drop it from the address bar.
        // A wrong key answers like an unknown assessment.
        let hash = state.edit_key_hash(id).await?.ok_or(PageError::NotFound)?;
        if !looks_like_token(&key) || !secret_matches(&key, &hash) {
            return Err(PageError::NotFound);
        }
        let jar = jar.add(key_cookie(id, &key, &state));
        return Ok((
            [(header::CACHE_CONTROL, "no-store")],
            jar,
            Redirect::to(&format!("/assessments/{id}/edit")),
        )
            .into_response());
    }
    caller.edit(&state, id).await?;
    let revision = state
        .store
        .get_revision(id, None)
        .await?
        .ok_or(PageError::NotFound)?;
    let (jar, csrf) = csrf_token(jar, &state);
    let form = FormState::from_scenario(&revision.scenario);
    let page = form_page(
        csrf,
        &form,
        &ValidationErrors::default(),
        Some((id, revision.revision)),
    );
    Ok((jar, render(StatusCode::OK, &page)).into_response())
}

pub async fn update(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    EditAccess { id }: EditAccess,
    jar: CookieJar,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let base = pairs
        .iter()
        .find(|(k, _)| k == "base_revision")
        .and_then(|(_, v)| v.trim().parse::<u64>().ok())
        .ok_or_else(|| {
            PageError::BadRequest(
                "The form lacks the revision it was based on; reload the edit page.".into(),
            )
        })?;
    // Any number is a revision the form may claim; one that cannot be the latest (no revision
    // follows u32::MAX) is a stale form like any other.
    let base = u32::try_from(base).unwrap_or(u32::MAX);
    let (jar, csrf) = csrf_token(jar, &state);
    let (mut form, action) = FormState::from_pairs(pairs);
    if action != Action::Save {
        form.apply(action);
        let page = form_page(csrf, &form, &ValidationErrors::default(), Some((id, base)));
        return Ok((jar, render(StatusCode::OK, &page)).into_response());
    }
    form.compact();
    let assessment = match form.to_assessment() {
        Ok(a) => a,
        Err(errors) => {
            let page = form_page(csrf, &form, &errors, Some((id, base)));
            return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)).into_response());
        }
    };
    let author = state.author(&headers);
    let saved = if base == u32::MAX {
        let current = state
            .store
            .get_assessment(id)
            .await?
            .ok_or(PageError::NotFound)?
            .latest_revision;
        Err(StoreError::Conflict { current })
    } else {
        state
            .store
            .update_assessment(
                id,
                base,
                assessment.scenario(),
                state.revision_meta(author.as_deref()),
            )
            .await
    };
    match saved {
        Ok(revision) => {
            record_by(&state, &headers, id, Done::Edited(revision)).await;
            Ok(Redirect::to(&format!("/assessments/{id}?saved={revision}")).into_response())
        }
        Err(StoreError::Conflict { current }) => {
            // Someone saved first: keep everything this user typed and say what happened.
            // The next save is based on the revision now current, so it is a deliberate choice.
            let mut page = form_page(
                csrf,
                &form,
                &ValidationErrors::default(),
                Some((id, current)),
            );
            page.conflict = Some(base);
            Ok((jar, render(StatusCode::CONFLICT, &page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn not_found() -> PageError {
    PageError::NotFound
}
