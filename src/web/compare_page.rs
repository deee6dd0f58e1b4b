//! Comparing two assessments, or two revisions of one, side by side.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use std::sync::Arc;

use super::evaluate::full_report;
use super::extract::{Caller, parse_id};
use super::templates::render;
use super::{ApiError, AppState, PageError, ReportError};
use crate::decision::Verdict;
use crate::domain::Labelled;
use crate::number::money;
use crate::report::compare::{Comparison, compare};
use crate::report::{FullReport, Report};

#[derive(Debug, Deserialize)]
pub struct CompareQuery {
    a: String,
    ra: Option<u32>,
    b: String,
    rb: Option<u32>,
}

/// One side: the report and how to name it.
struct Side {
    full: Arc<FullReport>,
    title: String,
    link: String,
}

impl Side {
    fn report(&self) -> &Report {
        &self.full.report
    }
}

/// One side, if `caller` may read it (else `404`, as if it did not exist).
async fn side(
    state: &AppState,
    caller: &Caller,
    raw_id: &str,
    revision: Option<u32>,
) -> Result<Side, ReportError> {
    let id = parse_id(raw_id).ok_or(ReportError::NotFound)?;
    let revision = caller
        .read(state, id)
        .await?
        .revision(state, revision)
        .await?;
    let rev = state
        .store
        .get_revision(id, revision)
        .await?
        .ok_or(ReportError::NotFound)?;
    // Through the report cache, evaluated off the async workers, priced with the catalogs
    // the revision was saved with: the same entry the report page and the exports use.
    let full = full_report(state, id, &rev).await?;
    Ok(Side {
        title: format!("{} (revision {})", rev.scenario.name.trim(), rev.revision),
        link: format!("/assessments/{id}/report?revision={}", rev.revision),
        full,
    })
}

fn verdict_text(v: Option<Verdict>) -> &'static str {
    v.map_or("—", Labelled::label)
}

pub struct InputRow {
    pub field: String,
    pub left: String,
    pub right: String,
}

pub struct OptionRow {
    pub label: &'static str,
    pub left_verdict: &'static str,
    pub right_verdict: &'static str,
    pub verdict_changed: bool,
    pub left_total: String,
    pub right_total: String,
    pub delta: String,
    pub delta_class: &'static str,
    pub delta_percent: String,
    pub rules_added: String,
    pub rules_removed: String,
}

#[derive(Template)]
#[template(path = "reports/compare.html")]
pub struct ComparePage {
    pub left_title: String,
    pub left_link: String,
    pub right_title: String,
    pub right_link: String,
    pub currency: String,
    pub left_recommendation: String,
    pub right_recommendation: String,
    pub recommendation_changed: bool,
    pub inputs: Vec<InputRow>,
    pub options: Vec<OptionRow>,
    /// Options compared on one side only.
    pub notes: Vec<String>,
}

fn page(left: &Side, right: &Side, c: &Comparison) -> ComparePage {
    let name = |o: Option<crate::domain::PlatformOption>| {
        o.map_or("No option is viable", |o| o.label()).to_owned()
    };
    ComparePage {
        left_title: left.title.clone(),
        left_link: left.link.clone(),
        right_title: right.title.clone(),
        right_link: right.link.clone(),
        currency: left.report().estimate.currency.clone(),
        left_recommendation: name(c.left_recommendation),
        right_recommendation: name(c.right_recommendation),
        recommendation_changed: c.recommendation_changed,
        inputs: c
            .inputs
            .iter()
            .map(|i| InputRow {
                field: i.field.clone(),
                left: i.left.clone().unwrap_or_else(|| "—".into()),
                right: i.right.clone().unwrap_or_else(|| "—".into()),
            })
            .collect(),
        options: c
            .options
            .iter()
            .map(|o| OptionRow {
                label: o.label,
                left_verdict: verdict_text(o.left_verdict),
                right_verdict: verdict_text(o.right_verdict),
                verdict_changed: o.left_verdict != o.right_verdict,
                left_total: money(o.left_total),
                right_total: money(o.right_total),
                delta: if o.delta.is_sign_positive() && !o.delta.is_zero() {
                    format!("+{}", money(o.delta))
                } else {
                    money(o.delta)
                },
                delta_class: if o.delta.is_zero() {
                    "same"
                } else if o.delta.is_sign_positive() {
                    "up"
                } else {
                    "down"
                },
                delta_percent: o
                    .delta_percent
                    .map_or_else(String::new, |p| format!("{p:+.1} %")),
                rules_added: o.rules_added.join(", "),
                rules_removed: o.rules_removed.join(", "),
            })
            .collect(),
        notes: c.notes.clone(),
    }
}

/// `GET /compare?a=ID&ra=N&b=ID&rb=N`.
pub async fn html(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CompareQuery>,
) -> Result<Response, PageError> {
    let left = side(&state, &caller, &q.a, q.ra).await?;
    let right = side(&state, &caller, &q.b, q.rb).await?;
    // Comparing two large estates line by line is CPU work too.
    let view = state
        .reports
        .run_blocking(move || {
            let c = compare(left.report(), right.report());
            page(&left, &right, &c)
        })
        .await?;
    Ok(render(StatusCode::OK, &view))
}

/// `GET /api/compare?a=ID&ra=N&b=ID&rb=N`.
pub async fn json(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CompareQuery>,
) -> Result<Response, ApiError> {
    let left = side(&state, &caller, &q.a, q.ra).await?;
    let right = side(&state, &caller, &q.b, q.rb).await?;
    let body = state
        .reports
        .run_blocking(move || serde_json::to_vec(&compare(left.report(), right.report())))
        .await?
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response())
}
