//! The report's downloads: JSON, line-item CSV, FOCUS, the MADR decision record and each
//! chart, rendered from the cached full report and served with a content-hash ETag.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use uuid::Uuid;

use super::{REPORT_CACHE_CONTROL, RevisionQuery};
use crate::report::FullReport;
use crate::report::html::Chart;
use crate::web::decision_panel::DecisionState;
use crate::web::evaluate::{Prices, actuals_stamp, cache_key, full_report_priced, rendered};
use crate::web::extract::ReadAccess;
use crate::web::report_cache::{Rendered, Value, View};
use crate::web::{AppState, ReportError};

/// Which rendering of the report an export route returns.
#[derive(Debug, Clone, Copy)]
pub enum Export {
    Json,
    Csv,
    Focus,
    Adr,
    Chart(Chart),
}

impl Export {
    fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv | Self::Focus => "text/csv; charset=utf-8",
            Self::Adr => "text/markdown; charset=utf-8",
            Self::Chart(_) => "image/svg+xml",
        }
    }

    fn file_name(self) -> String {
        match self {
            Self::Json => "report.json".into(),
            Self::Csv => "line-items.csv".into(),
            Self::Focus => "focus.csv".into(),
            Self::Adr => "decision-record.md".into(),
            Self::Chart(c) => format!("{}.svg", c.slug()),
        }
    }

    /// The cache view of this export on `today`.
    fn view(self, today: time::Date) -> View {
        match self {
            Self::Json => View::Json,
            Self::Csv => View::Csv,
            Self::Focus => View::Focus(today.replace_day(1).unwrap_or(today)),
            Self::Adr => View::Adr(today),
            Self::Chart(c) => View::Chart(c.slug()),
        }
    }

    fn render(
        self,
        full: &FullReport,
        today: time::Date,
        public_url: Option<&str>,
        actuals: &[crate::actuals::Comparison],
        decision: Option<&DecisionState>,
    ) -> Result<String, ReportError> {
        let revision = full.report.provenance.revision.unwrap_or(1);
        Ok(match self {
            Self::Json => {
                // The report JSON carries plan vs actual per stored billing period, and the
                // decision recorded for the revision.
                let mut value = serde_json::to_value(full.json())?;
                if let Some(o) = value.as_object_mut() {
                    o.insert("actuals".into(), serde_json::to_value(actuals)?);
                    if let Some(d) = decision {
                        o.insert(
                            "decision".into(),
                            serde_json::to_value(d.json(revision, Some(&full.report)))?,
                        );
                    }
                }
                serde_json::to_string_pretty(&value)?
            }
            Self::Csv => crate::report::line_items_csv(&full.report),
            Self::Focus => full.focus_csv(today.replace_day(1).unwrap_or(today)),
            Self::Adr => crate::report::madr_with_decision(
                &full.report,
                today,
                public_url,
                decision.map(|d| d.recorded(revision)).as_ref(),
            ),
            Self::Chart(c) => c.svg(full).to_owned(),
        })
    }
}

/// An export of the report of `id` at `revision`, as a download.
pub async fn export_for(
    state: &AppState,
    id: Uuid,
    revision: Option<u32>,
    export: Export,
    choice: Prices,
    headers: &HeaderMap,
) -> Result<Response, crate::web::ApiError> {
    use crate::web::ApiError;
    let record = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let today = time::OffsetDateTime::now_utc().date();
    let number = revision.unwrap_or(record.latest_revision);
    let disposition = |revision: u32| {
        let filename = format!("connect-advisor-{id}-r{revision}-{}", export.file_name());
        match export {
            Export::Json | Export::Chart(_) => format!("inline; filename=\"{filename}\""),
            _ => format!("attachment; filename=\"{filename}\""),
        }
    };
    // The ETag is a hash of the content: a new revision, a catalog update or a new day (for
    // the dated exports) gives a new tag, and nothing else does.
    let respond = |body: &Rendered, revision: u32| {
        let mut resp = body.respond(headers, REPORT_CACHE_CONTROL);
        if let Ok(v) = HeaderValue::from_str(&disposition(revision)) {
            resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
        resp
    };
    // Only the report JSON carries the uploaded actual costs; it and the decision record
    // carry the decision status.
    let actuals = if matches!(export, Export::Json) {
        actuals_stamp(state, id).await?
    } else {
        String::new()
    };
    let decision = if matches!(export, Export::Json | Export::Adr) {
        Some(DecisionState::load(state, id).await?)
    } else {
        None
    };
    let actuals = match &decision {
        Some(d) => format!("{actuals}{}", d.stamp()),
        None => actuals,
    };
    // A hit needs no revision row (see `render_for`).
    if (1..=record.latest_revision).contains(&number)
        && let Some(Value::Rendered(body)) = state.reports.get(&cache_key(
            state,
            id,
            number,
            choice,
            export.view(today),
            &actuals,
        ))
    {
        return Ok(respond(&body, number));
    }
    let rev = state
        .store
        .get_revision(id, revision)
        .await?
        .ok_or(ApiError::NotFound)?;
    let public_url = state.settings.public_url.clone();
    let comparisons = if matches!(export, Export::Json) && !actuals.is_empty() {
        let full = full_report_priced(state, id, &rev, choice).await?;
        crate::web::plan_vs_actual::stored_comparisons(state, id, &full).await?
    } else {
        Vec::new()
    };
    let body = rendered(
        state,
        id,
        &rev,
        choice,
        export.view(today),
        &actuals,
        export.content_type(),
        move |full| {
            export.render(
                full,
                today,
                public_url.as_deref(),
                &comparisons,
                decision.as_ref(),
            )
        },
    )
    .await?;
    Ok(respond(&body, rev.revision))
}

macro_rules! api_export {
    ($name:ident, $export:expr) => {
        /// A report export of an assessment (latest revision, or `?revision=N`).
        pub async fn $name(
            State(state): State<AppState>,
            access: ReadAccess,
            Query(q): Query<RevisionQuery>,
            headers: HeaderMap,
        ) -> Result<Response, crate::web::ApiError> {
            let revision = access.revision(&state, q.revision).await?;
            export_for(
                &state,
                access.id,
                revision,
                $export,
                q.prices.unwrap_or(Prices::Saved),
                &headers,
            )
            .await
        }
    };
}

api_export!(api_json, Export::Json);
api_export!(api_csv, Export::Csv);
api_export!(api_focus, Export::Focus);
api_export!(api_adr, Export::Adr);

/// `GET /api/assessments/{id}/report/charts/{name}.svg`: one chart of the report.
pub async fn api_chart(
    State(state): State<AppState>,
    access: ReadAccess,
    Path((_, name)): Path<(String, String)>,
    Query(q): Query<RevisionQuery>,
    headers: HeaderMap,
) -> Result<Response, crate::web::ApiError> {
    let chart = Chart::from_file(&name).ok_or(crate::web::ApiError::NotFound)?;
    let revision = access.revision(&state, q.revision).await?;
    export_for(
        &state,
        access.id,
        revision,
        Export::Chart(chart),
        q.prices.unwrap_or(Prices::Saved),
        &headers,
    )
    .await
}
