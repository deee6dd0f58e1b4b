//! Evaluating a stored revision through the report cache: the full report (analysis and
//! charts) once per revision and price choice, and each rendering of it once, compressed.
//! Shared by the report page and its exports, the decision routes, plan vs actual, the
//! comparison page and share links.

use std::sync::Arc;

use serde::Deserialize;
use uuid::Uuid;

use crate::domain::Assessment;
use crate::report::{FullReport, Provenance};
use crate::store::RevisionRecord;
use crate::web::report_cache::{Key, Rendered, Value, View};
use crate::web::{AppState, ReportError};

/// A stored revision's assessment, validated again. Stored scenarios were valid when saved;
/// one that no longer validates (after a rule change) is reported rather than silently
/// evaluated.
fn checked(id: Uuid, revision: &RevisionRecord) -> Result<(Assessment, Provenance), ReportError> {
    let assessment = Assessment::validate(revision.scenario.clone()).map_err(|e| {
        ReportError::Invalid(format!(
            "Revision {} no longer passes validation ({e}); edit the assessment to fix it.",
            revision.revision
        ))
    })?;
    let provenance = Provenance {
        assessment_id: Some(id),
        revision: Some(revision.revision),
        saved_with_pricing_version: revision.pricing_version.clone(),
    };
    Ok((assessment, provenance))
}

/// The key of `view` of `revision` in the report cache. The catalog part names the price
/// choice and the current catalog version: a revision's saved catalogs never change, and a
/// refresh (a new current version) retires every entry, including the pages that say newer
/// prices exist. `actuals` stamps views that show uploaded actual costs, and those that show
/// the decision status (page, JSON, MADR) with its change count: changes are insert-only, so
/// the count names the state.
pub(super) fn cache_key(
    state: &AppState,
    id: Uuid,
    revision: u32,
    choice: Prices,
    view: View,
    actuals: &str,
) -> Key {
    Key {
        assessment: id,
        revision,
        catalog: Arc::from(format!(
            "{}:{}{actuals}",
            choice.as_str(),
            state.books.current_version()
        )),
        view,
    }
}

/// A stamp of the actual costs uploaded for an assessment ("" when none): uploads are
/// insert-only, so their ids name the content.
pub(super) async fn actuals_stamp(state: &AppState, id: Uuid) -> Result<String, ReportError> {
    use sha2::{Digest, Sha256};
    let records = state.store.latest_actuals(id).await?;
    if records.is_empty() {
        return Ok(String::new());
    }
    let mut h = Sha256::new();
    for r in &records {
        h.update(r.id.as_bytes());
    }
    Ok(format!("+a{}", hex::encode(&h.finalize()[..6])))
}

/// The full report (analysis and charts included) of a stored revision: from the cache, or
/// computed on a blocking thread — validation, the Monte Carlo and the charts take
/// milliseconds (seconds for the largest estates) of CPU and must not stall the async
/// workers. Concurrent requests for one revision share one evaluation.
pub async fn full_report(
    state: &AppState,
    id: Uuid,
    revision: &RevisionRecord,
) -> Result<Arc<FullReport>, ReportError> {
    full_report_priced(state, id, revision, Prices::Saved).await
}

/// Which catalogs a stored revision is priced with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prices {
    /// The catalogs it was saved with (the default), when they were kept.
    Saved,
    /// The newest catalogs (`?prices=latest`).
    Latest,
}

impl Prices {
    fn as_str(self) -> &'static str {
        match self {
            Self::Saved => "saved",
            Self::Latest => "latest",
        }
    }
}

/// [`full_report`] with the saved or the newest catalogs, through the cache.
pub async fn full_report_priced(
    state: &AppState,
    id: Uuid,
    revision: &RevisionRecord,
    choice: Prices,
) -> Result<Arc<FullReport>, ReportError> {
    let key = cache_key(state, id, revision.revision, choice, View::Evaluated, "");
    let value = state
        .reports
        .get_or_compute(key, async {
            let prices = match choice {
                Prices::Saved => {
                    state
                        .books
                        .for_version(&state.store, revision.pricing_version.as_deref())
                        .await?
                }
                Prices::Latest => state.books.current(),
            };
            let revision = revision.clone();
            let started = std::time::Instant::now();
            let full = state
                .reports
                .run_blocking(move || {
                    let (assessment, provenance) = checked(id, &revision)?;
                    tracing::debug!(assessment.id = %id, revision = revision.revision, "evaluating report");
                    Ok::<_, ReportError>(FullReport::build(assessment, provenance, &prices))
                })
                .await??;
            state
                .metrics
                .observe_estimate(started.elapsed().as_secs_f64());
            Ok::<_, ReportError>(Value::Evaluated(Arc::new(full)))
        })
        .await?;
    match value {
        Value::Evaluated(full) => Ok(full),
        Value::Rendered(_) => Err(ReportError::Internal(anyhow::anyhow!(
            "report cache: a rendering under an evaluation key"
        ))),
    }
}

/// `view` of a stored revision, rendered by `render` from its full report and compressed:
/// from the cache, or made on a blocking thread.
#[allow(clippy::too_many_arguments)]
pub(super) async fn rendered<F>(
    state: &AppState,
    id: Uuid,
    revision: &RevisionRecord,
    choice: Prices,
    view: View,
    actuals: &str,
    content_type: &'static str,
    render: F,
) -> Result<Arc<Rendered>, ReportError>
where
    F: FnOnce(&FullReport) -> Result<String, ReportError> + Send + 'static,
{
    let key = cache_key(state, id, revision.revision, choice, view, actuals);
    let value = state
        .reports
        .get_or_compute(key, async {
            let full = full_report_priced(state, id, revision, choice).await?;
            let made = state
                .reports
                .run_blocking(move || {
                    let body = render(&full)?;
                    Rendered::compress(body.as_bytes(), content_type)
                        .map_err(|e| ReportError::Internal(e.into()))
                })
                .await??;
            Ok::<_, ReportError>(Value::Rendered(Arc::new(made)))
        })
        .await?;
    match value {
        Value::Rendered(r) => Ok(r),
        Value::Evaluated(_) => Err(ReportError::Internal(anyhow::anyhow!(
            "report cache: an evaluation under a rendering key"
        ))),
    }
}
