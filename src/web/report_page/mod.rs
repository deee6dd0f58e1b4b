//! The decision report page's handlers. The page itself is the view model of
//! `report::html`; this module finds the revision, evaluates it through the report cache
//! (`web::evaluate`), adds what only the server knows (the decision panel from
//! `decision_panel`, plan vs actual from `plan_vs_actual`, asset URLs) and answers with a
//! compressed, revalidatable rendering. Downloads are in `exports`.

mod exports;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::dates::format_time;
use super::decision_panel::{DecisionState, report_panel};
use super::evaluate::{Prices, actuals_stamp, cache_key, full_report_priced, rendered};
use super::extract::ReadAccess;
use super::plan_vs_actual::stored_comparisons;
use super::report_cache::{Value, View};
use super::{AppState, PageError};
use crate::report::html::chrome::{script_url, stylesheet_url};
use crate::report::html::{PageContext, view};
use crate::store::RevisionRecord;

pub use self::exports::{Export, api_adr, api_chart, api_csv, api_focus, api_json, export_for};

/// The page context of a stored revision as the server shows it.
fn served_context(id: Uuid, revision: &RevisionRecord, latest: u32, shared: bool) -> PageContext {
    PageContext {
        id: Some(id),
        revision: revision.revision,
        latest_revision: latest,
        saved: format_time(revision.created_at),
        shared,
        standalone: false,
    }
}

/// How long browsers and proxies may keep a report: privately, and only after asking whether it
/// changed (a `304` costs a few hundred bytes). A share link is checked on every view, so
/// revoking it takes effect at once.
pub(super) const REPORT_CACHE_CONTROL: &str = "private, no-cache";

#[derive(Deserialize)]
pub struct RevisionQuery {
    pub(super) revision: Option<u32>,
    /// `latest`: re-price with the newest catalogs instead of those the revision was saved with.
    pub(super) prices: Option<Prices>,
}

/// `GET /assessments/{id}/report`.
pub async fn page(
    State(state): State<AppState>,
    access: ReadAccess,
    Query(q): Query<RevisionQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let revision = access.revision(&state, q.revision).await?;
    render_for(
        &state,
        access.id,
        revision,
        access.is_shared(),
        q.prices.unwrap_or(Prices::Saved),
        &headers,
    )
    .await
}

/// The report of `id` at `revision` (latest when `None`), as a page for a request with
/// `headers` (compression, revalidation).
pub async fn render_for(
    state: &AppState,
    id: Uuid,
    revision: Option<u32>,
    shared: bool,
    choice: Prices,
    headers: &HeaderMap,
) -> Result<Response, PageError> {
    let record = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(PageError::NotFound)?;
    let view_key = View::Page {
        shared,
        latest_revision: record.latest_revision,
    };
    // A hit needs no revision row: revisions are immutable, and reading one means parsing its
    // whole scenario, the costliest part of a cached page view.
    let number = revision.unwrap_or(record.latest_revision);
    let actuals = actuals_stamp(state, id).await?;
    // The page shows the decision: its stamp is part of the key, so a status change is seen.
    let decision = DecisionState::load(state, id).await?;
    let stamp = format!("{actuals}{}", decision.stamp());
    if (1..=record.latest_revision).contains(&number)
        && let Some(Value::Rendered(page)) = state.reports.get(&cache_key(
            state,
            id,
            number,
            choice,
            view_key.clone(),
            &stamp,
        ))
    {
        return Ok(with_robots(
            page.respond(headers, REPORT_CACHE_CONTROL),
            shared,
        ));
    }
    let rev = state
        .store
        .get_revision(id, revision)
        .await?
        .ok_or(PageError::NotFound)?;
    let ctx = served_context(id, &rev, record.latest_revision, shared);
    let comparisons = if actuals.is_empty() {
        Vec::new()
    } else {
        let full = full_report_priced(state, id, &rev, choice).await?;
        stored_comparisons(state, id, &full).await?
    };
    let current = state.books.current_version().to_owned();
    let revision_number = rev.revision;
    let page = rendered(
        state,
        id,
        &rev,
        choice,
        view_key,
        &stamp,
        "text/html; charset=utf-8",
        move |full| {
            let mut page = view(full, &ctx);
            page.stylesheet_url = stylesheet_url().to_string();
            page.script_url = script_url().to_string();
            page.decision =
                report_panel(decision.block(id, revision_number, &full.report, shared))?;
            if choice == Prices::Saved && full.report.estimate.pricing.version != current {
                page.newer_catalog = current;
                page.latest_prices_url = format!("?revision={revision_number}&prices=latest");
            }
            page.plan_vs_actual = super::plan_vs_actual::section(&comparisons)?;
            Ok(page.render()?)
        },
    )
    .await?;
    Ok(with_robots(
        page.respond(headers, REPORT_CACHE_CONTROL),
        shared,
    ))
}

/// A share link's page asks search engines to keep out.
fn with_robots(mut resp: Response, shared: bool) -> Response {
    if shared {
        resp.headers_mut().insert(
            "x-robots-tag",
            HeaderValue::from_static("noindex, nofollow"),
        );
    }
    resp
}
