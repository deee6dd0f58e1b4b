//! Importing a connector inventory into an assessment: upload or paste → dry-run preview →
//! confirm (merge or replace) → a new revision.
//!
//! The raw upload is parsed once, in the preview step, and never sent back to the browser:
//! it may hold passwords. The preview carries the *parsed* import (connector rows and the
//! report, which hold no config values) in a hidden field to the confirm step, so the confirm
//! step needs no server-side session and works with JavaScript off.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use uuid::Uuid;

use super::form::{DIRECTION, FORMAT};
use super::pages::{can_edit, check_csrf, csrf_token, parse_id};
use super::templates::render;
use super::{AppState, PageError};
use crate::domain::{Assessment, Connector, Direction, ValidationErrors};
use crate::import::FieldChange;
use crate::import::{
    ConnectorState, Import, ImportError, ImportFormat, Level, MergeMode, MergePlan, Note,
    RowAction, SinkTopics, Skipped, ThroughputOrigin, csv_template, knowledge_base_figures,
    merge_with,
};
use crate::pricing::PriceBook;
use crate::report::{Provenance, Report};
use crate::store::{RevisionRecord, StoreError};

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

const FORBIDDEN_EDIT: &str = "Importing needs this assessment's edit link, which was shown once when it was created. Open that link in this browser first.";

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

/// The dry-run preview page.
#[derive(Template)]
#[template(path = "imports/preview.html")]
pub struct PreviewPage {
    id: String,
    name: String,
    base_revision: u32,
    csrf: String,
    format_label: &'static str,
    import_json: String,
    replace: bool,
    overwrite: bool,
    existing: usize,
    rows: Vec<PreviewRow>,
    facts: Vec<(&'static str, String)>,
    notes: Vec<NoteView>,
    skipped: Vec<Skipped>,
    removed: Vec<String>,
    errors: Vec<String>,
    conflict: Option<u32>,
    /// The recommendation and its monthly total now, and with the import as previewed.
    before: Option<OutcomeView>,
    after: Option<OutcomeView>,
}

/// What the report would say: the recommended option and its monthly total.
pub struct OutcomeView {
    recommendation: String,
    monthly: String,
}

impl OutcomeView {
    /// Evaluate `scenario` as the report would; `None` while it does not validate.
    fn of(scenario: &crate::domain::Scenario, book: &PriceBook) -> Option<Self> {
        let assessment = Assessment::validate(scenario.clone()).ok()?;
        let report = Report::build(assessment, Provenance::default(), book);
        let rec = &report.decision.recommendation;
        let Some(option) = rec.option else {
            return Some(Self {
                recommendation: "No option is viable".into(),
                monthly: "—".into(),
            });
        };
        let monthly = report
            .estimate
            .options
            .iter()
            .find(|o| o.option == option)
            .map_or_else(
                || "—".to_owned(),
                |o| {
                    format!(
                        "{} {} per month",
                        report.estimate.currency,
                        crate::number::money(o.total)
                    )
                },
            );
        Some(Self {
            recommendation: option.label().to_owned(),
            monthly,
        })
    }
}

/// One imported connector as the preview shows it.
pub struct PreviewRow {
    index: usize,
    name: String,
    class: String,
    direction: &'static str,
    tasks: String,
    mb_per_s: String,
    mb_error: Option<String>,
    throughput_hint: String,
    needs_confirming: bool,
    format: &'static str,
    flags: String,
    state: &'static str,
    state_class: &'static str,
    failed: bool,
    failed_tasks: usize,
    topics: String,
    notes: Vec<NoteView>,
    action: &'static str,
    action_class: &'static str,
    /// The user keeps this row in the import (a checkbox in the preview).
    included: bool,
    /// For a row that updates an existing one: each field, old → new.
    changes: Vec<FieldChange>,
}

/// A note with the CSS class of its level.
pub struct NoteView {
    class: &'static str,
    message: String,
}

impl From<&Note> for NoteView {
    fn from(n: &Note) -> Self {
        Self {
            class: match n.level {
                Level::Info => "info",
                Level::Warning => "warning",
                Level::Problem => "problem",
            },
            message: n.message.clone(),
        }
    }
}

/// `GET /assessments/{id}/import`
pub async fn form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let latest = latest_revision(&state, id).await?;
    if !can_edit(&state, &jar, id).await? {
        return Err(PageError::Forbidden(FORBIDDEN_EDIT));
    }
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
    Path(id): Path<String>,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    // Refuse before reading a possibly large body.
    if !can_edit(&state, &jar, id).await? {
        return Err(PageError::Forbidden(FORBIDDEN_EDIT));
    }
    let mut multipart = multipart.map_err(|_| {
        PageError::BadRequest("The import form must be sent as multipart/form-data.".into())
    })?;
    let mut pairs = Vec::new();
    let mut content = String::new();
    let mut file = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| PageError::BadRequest(format!("The upload could not be read: {e}")))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| PageError::BadRequest(format!("The upload could not be read: {e}")))?;
        match name.as_str() {
            "file" => file = bytes.to_vec(),
            "content" => content = String::from_utf8_lossy(&bytes).into_owned(),
            _ => pairs.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
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
    Path(id): Path<String>,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    check_csrf(&jar, &pairs)?;
    if !can_edit(&state, &jar, id).await? {
        return Err(PageError::Forbidden(FORBIDDEN_EDIT));
    }
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
        inputs[i] = raw.clone();
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

fn label(options: &[(&'static str, &'static str)], code: &str) -> &'static str {
    options
        .iter()
        .find(|(k, _)| *k == code)
        .map_or("", |(_, l)| l)
}

fn code_of<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call per preview outcome; a struct would only rename the arguments"
)]
fn preview_page(
    base: &RevisionRecord,
    import: &Import,
    mode: MergeMode,
    csrf: String,
    inputs: &[String],
    conflict: Option<u32>,
    errors: Vec<String>,
    choice: &RowChoice,
    book: &PriceBook,
) -> PreviewPage {
    let plan = plan(&base.scenario, import, mode, choice);
    let rows = import
        .connectors
        .iter()
        .zip(&import.report.connectors)
        .zip(&plan.rows)
        .enumerate()
        .map(|(index, ((c, r), outcome))| {
            let mut row = preview_row(index, c, r, outcome.action, inputs.get(index));
            row.changes.clone_from(&outcome.changes);
            // An updated row keeps its own MB/s unless the import states one: show that figure.
            if outcome.action == RowAction::Replace
                && !r.carries("mb_per_s")
                && inputs.get(index).is_none()
                && let Some(old) = base
                    .scenario
                    .connectors
                    .iter()
                    .find(|old| old.name.trim() == c.name.trim())
            {
                row.mb_per_s = old.mb_per_s.to_string();
                row.needs_confirming = false;
            }
            row
        })
        .collect();
    let report = &import.report;
    let mut facts = vec![
        ("Connectors read", import.connectors.len().to_string()),
        ("To add", plan.count(RowAction::Add).to_string()),
        ("To update", plan.count(RowAction::Replace).to_string()),
        (
            "Excluded by you",
            plan.count(RowAction::Excluded).to_string(),
        ),
        (
            "Skipped: name exists",
            plan.count(RowAction::Skip).to_string(),
        ),
        (
            "Throughput to confirm",
            report.throughput_to_confirm().to_string(),
        ),
        ("Failed", report.failed().to_string()),
        (
            "Rows after import",
            plan.scenario.connectors.len().to_string(),
        ),
    ];
    if matches!(mode, MergeMode::Replace) {
        facts.push(("Existing rows removed", plan.removed.len().to_string()));
    }
    let (replace, overwrite) = match mode {
        MergeMode::Replace => (true, false),
        MergeMode::Merge {
            overwrite_same_named,
        } => (false, overwrite_same_named),
    };
    PreviewPage {
        id: base.assessment_id.to_string(),
        name: base.scenario.name.clone(),
        base_revision: base.revision,
        csrf,
        format_label: report.format.label(),
        // Serialising plain data cannot fail; an empty field only makes confirm ask to restart.
        import_json: serde_json::to_string(import).unwrap_or_default(),
        replace,
        overwrite,
        existing: base.scenario.connectors.len(),
        rows,
        facts,
        notes: report.notes.iter().map(NoteView::from).collect(),
        skipped: report.skipped.clone(),
        before: OutcomeView::of(&base.scenario, book),
        after: OutcomeView::of(&plan.scenario, book),
        removed: plan.removed,
        errors,
        conflict,
    }
}

/// Which imported rows the user keeps. The preview's checkboxes are posted with a marker, so
/// "no box ticked" differs from "no boxes shown yet" (the first preview keeps every row).
pub struct RowChoice(Option<std::collections::HashSet<usize>>);

impl RowChoice {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        if !pairs.iter().any(|(k, _)| k == "rows_chosen") {
            return Self(None);
        }
        Self(Some(
            pairs
                .iter()
                .filter_map(|(k, _)| k.strip_prefix("include.")?.parse().ok())
                .collect(),
        ))
    }

    fn all() -> Self {
        Self(None)
    }

    fn includes(&self, i: usize) -> bool {
        self.0.as_ref().is_none_or(|set| set.contains(&i))
    }
}

/// The merge the preview shows and the confirm saves: the rows the user kept, each updating
/// only the fields its source states.
fn plan(
    existing: &crate::domain::Scenario,
    import: &Import,
    mode: MergeMode,
    choice: &RowChoice,
) -> MergePlan {
    merge_with(
        existing,
        &import.connectors,
        mode,
        &|i, field| {
            import
                .report
                .connectors
                .get(i)
                .is_none_or(|r| r.carries(field))
        },
        &|i| choice.includes(i),
    )
}

fn preview_row(
    index: usize,
    c: &Connector,
    r: &crate::import::ConnectorReport,
    action: RowAction,
    input: Option<&String>,
) -> PreviewRow {
    let mut flags = Vec::new();
    if c.exactly_once {
        flags.push("exactly-once");
    }
    if c.dead_letter_queue {
        flags.push("DLQ");
    }
    if c.isolated {
        flags.push("isolated");
    }
    let tasks = match (r.tasks_listed, c.direction) {
        (Some(0), _) => format!("{} (none running)", c.tasks),
        (Some(n), _) if n != c.tasks => format!("{} ({n} running)", c.tasks),
        _ => c.tasks.to_string(),
    };
    let (state, state_class) = match r.state {
        None => ("—", "none"),
        // FAILED tasks of a running connector get a badge of their own.
        Some(ConnectorState::Running) => ("RUNNING", "ok"),
        Some(ConnectorState::Failed) => ("FAILED", "bad"),
        Some(s) => (s.as_str(), "warn"),
    };
    let topics = match r.sink_topics {
        SinkTopics::NotApplicable => "—".to_owned(),
        SinkTopics::Listed(n) => n.to_string(),
        SinkTopics::Regex => "pattern (uncounted)".to_owned(),
        SinkTopics::Missing => "none set".to_owned(),
    };
    let (action_label, action_class) = match action {
        RowAction::Add => ("Add", "add"),
        RowAction::Replace => ("Update", "replace"),
        RowAction::Skip => ("Skip: exists", "skipped"),
        RowAction::Excluded => ("Excluded", "skipped"),
    };
    PreviewRow {
        index,
        name: c.name.clone(),
        class: c.class.clone(),
        direction: label(
            DIRECTION,
            if c.direction == Direction::Source {
                "source"
            } else {
                "sink"
            },
        ),
        tasks,
        mb_per_s: input.cloned().unwrap_or_else(|| c.mb_per_s.to_string()),
        mb_error: None,
        throughput_hint: r.throughput.describe(),
        needs_confirming: r.throughput.needs_confirming(),
        format: label(FORMAT, &code_of(c.format)),
        flags: flags.join(", "),
        state,
        state_class,
        failed: r.has_failure(),
        failed_tasks: r.failed_tasks.len(),
        topics,
        notes: r.notes.iter().map(NoteView::from).collect(),
        action: action_label,
        action_class,
        included: action != RowAction::Excluded,
        changes: Vec::new(),
    }
}
