//! The dry-run preview of an import: what each row becomes, what changes in existing rows,
//! and what the report would say before and after.

use askama::Template;

use crate::domain::{Assessment, Connector, Labelled};
use crate::import::Level;
use crate::import::{
    ConnectorState, FieldChange, Import, MergeMode, MergePlan, Note, RowAction, SinkTopics,
    Skipped, merge_with,
};
use crate::pricing::PriceBook;
use crate::report::{Provenance, Report};
use crate::store::RevisionRecord;

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
    pub(super) rows: Vec<PreviewRow>,
    facts: Vec<(&'static str, String)>,
    notes: Vec<NoteView>,
    skipped: Vec<Skipped>,
    removed: Vec<String>,
    pub(super) errors: Vec<String>,
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
    pub(super) name: String,
    class: String,
    direction: &'static str,
    tasks: String,
    mb_per_s: String,
    pub(super) mb_error: Option<String>,
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

#[expect(
    clippy::too_many_arguments,
    reason = "one call per preview outcome; a struct would only rename the arguments"
)]
pub(super) fn preview_page(
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
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> Self {
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

    pub(super) fn all() -> Self {
        Self(None)
    }

    fn includes(&self, i: usize) -> bool {
        self.0.as_ref().is_none_or(|set| set.contains(&i))
    }
}

/// The merge the preview shows and the confirm saves: the rows the user kept, each updating
/// only the fields its source states.
pub(super) fn plan(
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
        direction: c.direction.label(),
        tasks,
        mb_per_s: input.cloned().unwrap_or_else(|| c.mb_per_s.to_string()),
        mb_error: None,
        throughput_hint: r.throughput.describe(),
        needs_confirming: r.throughput.needs_confirming(),
        format: c.format.label(),
        flags: crate::web::show_page::connector_flags(c),
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
