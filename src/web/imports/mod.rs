//! Importing a connector inventory into an assessment: upload or paste → dry-run preview →
//! confirm (merge or replace) → a new revision.
//!
//! The raw upload is parsed once, in the preview step, and never sent back to the browser:
//! it may hold passwords. The preview carries the *parsed* import (connector rows and the
//! report, which hold no config values) in a hidden field to the confirm step, so the confirm
//! step needs no server-side session and works with JavaScript off.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use uuid::Uuid;

use super::audit::{Done, record_by};
use super::extract::{CsrfForm, EditAccess, MultipartForm, check_csrf, csrf_token};
use super::templates::render;
use super::{AppState, PageError};
use crate::domain::{Assessment, ValidationErrors};
use crate::import::{
    Import, ImportError, ImportFormat, MergeMode, MergePlan, ThroughputOrigin, csv_template,
    knowledge_base_figures,
};
use crate::store::{RevisionRecord, StoreError};

mod preview;

use preview::{RowChoice, plan, preview_page};

/// What each template column means, shown next to the download link.
const COLUMN_HELP: &[(&str, &str)] = &[
    ("name", "Required. Unique connector name."),
    (
        "class",
        "Required. connector.class, e.g. io.debezium.connector.mysql.MySqlConnector.",
    ),
    ("direction", "Required. source or sink."),
    ("tasks", "tasks.max; blank = 1."),
    (
        "mb_per_s",
        "Average MB/s; blank = a typical figure per task, flagged for confirming.",
    ),
    (
        "system_location",
        "azure_vnet, azure_paas, on_premises, other_cloud or internet_saas; blank = azure_vnet.",
    ),
    ("exactly_once", "true/false (yes/no, 1/0); blank = false."),
    (
        "format",
        "avro, json_schema, protobuf, json, string or bytes; blank = json.",
    ),
    ("dead_letter_queue", "true/false; sinks only."),
    ("isolated", "true/false: runs on its own worker pool."),
    (
        "topics_created",
        "Topics it creates, e.g. one per captured table; blank = 0.",
    ),
];

/// The upload page.
#[derive(Template)]
#[template(path = "imports/upload.html")]
pub struct UploadPage {
    id: String,
    name: String,
    revision: u32,
    csrf: String,
    /// Pasted CSV to show again after an error (never a JSON listing: it may hold secrets).
    content: String,
    content_withheld: bool,
    error_title: String,
    errors: Vec<String>,
    replace: bool,
    overwrite: bool,
    columns: &'static [(&'static str, &'static str)],
}

/// `GET /assessments/{id}/import`
pub async fn form(
    State(state): State<AppState>,
    EditAccess { id }: EditAccess,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let latest = latest_revision(&state, id).await?;
    let (jar, csrf) = csrf_token(jar, &state);
    let page = upload_page(&latest, csrf);
    Ok((jar, render(StatusCode::OK, &page)).into_response())
}

fn upload_page(latest: &RevisionRecord, csrf: String) -> UploadPage {
    UploadPage {
        id: latest.assessment_id.to_string(),
        name: latest.scenario.name.clone(),
        revision: latest.revision,
        csrf,
        content: String::new(),
        content_withheld: false,
        error_title: String::new(),
        errors: Vec::new(),
        replace: false,
        overwrite: false,
        columns: COLUMN_HELP,
    }
}

/// `POST /assessments/{id}/import` (multipart): parse the upload and show the dry run.
pub async fn preview(
    State(state): State<AppState>,
    // Checked before a possibly large body is read.
    EditAccess { id }: EditAccess,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let mut form = MultipartForm::read(multipart, "import").await?;
    let mut content = form.take("content");
    let MultipartForm {
        file,
        fields: pairs,
    } = form;
    check_csrf(&jar, &pairs)?;
    let (jar, csrf) = csrf_token(jar, &state);
    let mode = mode_from(&pairs);
    let latest = latest_revision(&state, id).await?;

    // A chosen file wins over pasted text; browsers send an empty part when none is chosen.
    let input: &[u8] = if file.is_empty() {
        content.as_bytes()
    } else {
        &file
    };
    match crate::import::parse(input, &knowledge_base_figures) {
        Ok(import) => {
            let page = preview_page(
                &latest,
                &import,
                mode,
                csrf,
                &[],
                None,
                Vec::new(),
                &RowChoice::all(),
                &state.books.current(),
            );
            Ok((jar, render(StatusCode::OK, &page)).into_response())
        }
        Err(error) => {
            let mut page = upload_page(&latest, csrf);
            // Pasted CSV is shown again for fixing; anything that may be a listing (say, with
            // curl's response headers in front) is not, since listings carry passwords.
            let pasted_csv = file.is_empty()
                && crate::import::detect(input) == ImportFormat::Csv
                && !content.contains('{');
            if pasted_csv {
                content.truncate(content.len().min(512 * 1024));
                page.content = content;
            } else {
                page.content_withheld = file.is_empty() && !content.trim().is_empty();
            }
            (page.replace, page.overwrite) = match mode {
                MergeMode::Replace => (true, false),
                MergeMode::Merge {
                    overwrite_same_named,
                } => (false, overwrite_same_named),
            };
            (page.error_title, page.errors) = describe(&error);
            Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)).into_response())
        }
    }
}

/// A heading and one line per problem.
fn describe(error: &ImportError) -> (String, Vec<String>) {
    match error {
        ImportError::Cells(cells) => (
            format!(
                "{} problem{} in the CSV file",
                cells.len(),
                if cells.len() == 1 { "" } else { "s" }
            ),
            cells.iter().map(ToString::to_string).collect(),
        ),
        other => ("Nothing could be imported".into(), vec![other.to_string()]),
    }
}

/// `POST /assessments/{id}/import/confirm`: update the preview, or save it as a revision.
pub async fn confirm(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    EditAccess { id }: EditAccess,
    jar: CookieJar,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (jar, csrf) = csrf_token(jar, &state);
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let stale = || {
        PageError::BadRequest(
            "The preview form is incomplete or was altered; start the import again.".into(),
        )
    };
    let base: u32 = value("base_revision")
        .and_then(|v| v.parse().ok())
        .ok_or_else(stale)?;
    let mut import: Import = value("import_json")
        .and_then(|v| serde_json::from_str(v).ok())
        .filter(Import::is_consistent)
        .ok_or_else(stale)?;
    let mode = mode_from(&pairs);
    let (inputs, mb_errors) = apply_throughput(&mut import, &pairs);
    let choice = RowChoice::from_pairs(&pairs);
    let book = state.books.current();
    let confirming = value("action") == Some("confirm");

    let latest = latest_revision(&state, id).await?;
    if !confirming || !mb_errors.is_empty() {
        // Recomputed against the latest revision, which the next confirm is based on.
        let conflict = (latest.revision != base).then_some(base);
        let mut page = preview_page(
            &latest,
            &import,
            mode,
            csrf,
            &inputs,
            conflict,
            Vec::new(),
            &choice,
            &book,
        );
        let status = if mb_errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        for (i, message) in mb_errors {
            if let Some(row) = page.rows.get_mut(i) {
                page.errors.push(format!("{}: MB/s {message}", row.name));
                row.mb_error = Some(message);
            }
        }
        return Ok((jar, render(status, &page)).into_response());
    }

    let based_on = state
        .store
        .get_revision(id, Some(base))
        .await?
        .ok_or_else(stale)?;
    let plan = plan(&based_on.scenario, &import, mode, &choice);
    if let Err(errors) = Assessment::validate(plan.scenario.clone()) {
        let messages = validation_messages(&errors, &plan);
        let page = preview_page(
            &based_on, &import, mode, csrf, &inputs, None, messages, &choice, &book,
        );
        return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)).into_response());
    }
    match state
        .store
        .update_assessment(
            id,
            base,
            &plan.scenario,
            state.revision_meta(state.author(&headers).as_deref()),
        )
        .await
    {
        Ok(revision) => {
            record_by(&state, &headers, id, Done::Edited(revision)).await;
            Ok(Redirect::to(&format!("/assessments/{id}?saved={revision}")).into_response())
        }
        Err(StoreError::Conflict { current }) => {
            // Someone saved first: nothing is overwritten; the preview is kept, recomputed
            // against what is now the latest revision, so the next confirm is deliberate.
            let latest = state
                .store
                .get_revision(id, Some(current))
                .await?
                .ok_or(PageError::NotFound)?;
            let page = preview_page(
                &latest,
                &import,
                mode,
                csrf,
                &inputs,
                Some(base),
                Vec::new(),
                &choice,
                &book,
            );
            Ok((jar, render(StatusCode::CONFLICT, &page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /connectors-template.csv`
pub async fn csv_template_file() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"connectors-template.csv\"",
            ),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        csv_template::TEMPLATE,
    )
}

async fn latest_revision(state: &AppState, id: Uuid) -> Result<RevisionRecord, PageError> {
    state
        .store
        .get_revision(id, None)
        .await?
        .ok_or(PageError::NotFound)
}

fn mode_from(pairs: &[(String, String)]) -> MergeMode {
    let has = |k: &str, v: &str| pairs.iter().any(|(pk, pv)| pk == k && pv == v);
    if has("mode", "replace") {
        MergeMode::Replace
    } else {
        MergeMode::Merge {
            overwrite_same_named: has("overwrite", "true"),
        }
    }
}

/// Apply the MB/s the user confirmed or typed (`mb_per_s.{i}`). Returns the raw inputs (to
/// show again) and the rows whose input is not a valid figure.
fn apply_throughput(
    import: &mut Import,
    pairs: &[(String, String)],
) -> (Vec<String>, Vec<(usize, String)>) {
    let mut inputs: Vec<String> = import
        .connectors
        .iter()
        .map(|c| c.mb_per_s.to_string())
        .collect();
    let mut errors = Vec::new();
    for (key, raw) in pairs {
        let Some(i) = key
            .strip_prefix("mb_per_s.")
            .and_then(|i| i.parse::<usize>().ok())
        else {
            continue;
        };
        let (Some(connector), Some(report)) = (
            import.connectors.get_mut(i),
            import.report.connectors.get_mut(i),
        ) else {
            continue;
        };
        inputs[i].clone_from(raw);
        let read = crate::number::parse(raw)
            .map(|d| rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN));
        match read {
            Ok(v) if v.is_finite() && (0.0..=10_000.0).contains(&v) => {
                if (v - connector.mb_per_s).abs() > 1e-9 {
                    connector.mb_per_s = v;
                    report.throughput = ThroughputOrigin::Given;
                    report.carry("mb_per_s");
                }
            }
            Ok(_) => errors.push((i, "must be between 0 and 10,000 MB/s".to_owned())),
            Err(e) => errors.push((i, format!("{e}; must be between 0 and 10,000 MB/s"))),
        }
    }
    (inputs, errors)
}

/// Field errors of the merged scenario, with connector rows named rather than numbered.
fn validation_messages(errors: &ValidationErrors, plan: &MergePlan) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let named = e.field.strip_prefix("connectors[").and_then(|rest| {
                let (i, field) = rest.split_once("].")?;
                let c = plan.scenario.connectors.get(i.parse::<usize>().ok()?)?;
                Some(format!("connector \"{}\", {field}", c.name))
            });
            format!(
                "{}: {}",
                named.unwrap_or_else(|| e.field.clone()),
                e.message
            )
        })
        .collect()
}
