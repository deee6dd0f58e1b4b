//! Page templates (askama) and the view models they render.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub use super::questionnaire::render::FormPage;

/// Render a template into a response with `status`, or a logged 500.
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => super::PageError::from(e).into_response(),
    }
}

pub struct ListItem {
    pub id: String,
    pub name: String,
    pub region: String,
    pub revision: u32,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "assessments/list.html")]
pub struct ListPage {
    pub items: Vec<ListItem>,
    pub total: u64,
    pub page: u32,
    pub prev_page: Option<u32>,
    pub next_page: Option<u32>,
}

#[derive(Template)]
#[template(path = "assessments/created.html")]
pub struct CreatedPage {
    pub id: String,
    pub name: String,
    pub edit_link: String,
}

pub struct RevisionView {
    pub revision: u32,
    pub created: String,
    pub author: String,
    pub name: String,
    pub current: bool,
    /// Its decision status: proposed, accepted, rejected, superseded.
    pub status: &'static str,
}

/// Key facts of a revision, as label/value pairs.
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

pub struct ConnectorSummary {
    pub name: String,
    pub class: String,
    pub direction: &'static str,
    pub tasks: u32,
    pub mb_per_s: String,
    pub location: &'static str,
    pub flags: String,
}

#[derive(Template)]
#[template(path = "assessments/show.html")]
pub struct ShowPage {
    pub id: String,
    pub name: String,
    pub revision: u32,
    pub latest_revision: u32,
    pub updated: String,
    pub saved: bool,
    /// Opened through a share link: show nothing that edits or links to editing.
    pub shared: bool,
    /// Present when this browser holds the edit key.
    pub owner: Option<OwnerView>,
    pub facts: Vec<Fact>,
    pub connectors: Vec<ConnectorSummary>,
    pub revisions: Vec<RevisionView>,
}

/// What only the holder of the edit key sees: share links and the forms to manage them.
pub struct OwnerView {
    pub csrf: String,
    pub shares: Vec<ShareRow>,
    /// The shown revision's decision status and the form that changes it.
    pub decision: super::decisions::DecisionPanel,
}

pub struct ShareRow {
    pub id: String,
    pub label: String,
    pub revision: String,
    pub created: String,
    pub expires: String,
    pub status: &'static str,
}
