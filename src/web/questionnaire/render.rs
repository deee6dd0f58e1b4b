//! Drawing the questionnaire: view models for each input (value, error, the value it reads
//! as) and the form page that renders them.

use askama::Template;

use super::fields::{
    CONNECTOR_COLUMNS, FieldSpec, Kind, SECTIONS, currency_label, region_label, region_options,
};
use super::state::{FormState, group_values, reading};
use crate::domain::{DataFormat, Direction, FieldError, Named, SystemLocation, ValidationErrors};

/// How an input is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Number,
    Checkbox,
    Select,
    /// Several checkboxes under one name (a fieldset).
    CheckboxGroup,
}

/// One box of a checkbox group.
pub struct ChoiceView {
    pub value: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub id: String,
    pub checked: bool,
}

/// One input, ready to draw: its current value and any error.
pub struct FieldView {
    pub name: String,
    pub id: String,
    pub label: &'static str,
    pub help: &'static str,
    pub unit: &'static str,
    pub input: InputKind,
    pub value: String,
    pub checked: bool,
    pub options: Vec<(String, String, bool)>,
    /// The boxes of a checkbox group (empty for every other input).
    pub choices: Vec<ChoiceView>,
    pub error: Option<String>,
    pub required: bool,
    /// What a typed number reads as, with its unit ("1,500 MB/s"), shown beside the input so
    /// nothing is scaled unseen.
    pub reading: Option<String>,
}

impl FieldView {
    fn new(spec: &FieldSpec, name: String, value: &str, errors: &ValidationErrors) -> Self {
        let id = format!("f-{}", name.replace(['.', '[', ']'], "-"));
        let (input, options, required) = match spec.kind {
            Kind::Text { required } => (InputKind::Text, vec![], required),
            Kind::Number { required } | Kind::Integer { required } => {
                (InputKind::Number, vec![], required)
            }
            Kind::OptionalInteger | Kind::BigInteger => (InputKind::Number, vec![], false),
            Kind::Checkbox => (InputKind::Checkbox, vec![], false),
            Kind::Select(choices) => (
                InputKind::Select,
                choices()
                    .into_iter()
                    .map(|(v, l)| {
                        let label = if name == "currency" {
                            currency_label(v)
                        } else {
                            l.to_owned()
                        };
                        (v.to_owned(), label, v == value)
                    })
                    .collect(),
                false,
            ),
            Kind::CheckboxGroup(_) => (InputKind::CheckboxGroup, vec![], false),
            Kind::Region => (
                InputKind::Select,
                region_options()
                    .map(|(v, l)| (v.to_owned(), region_label(v, l), v == value))
                    .collect(),
                false,
            ),
        };
        let choices = match spec.kind {
            Kind::CheckboxGroup(choices) => {
                let ticked = group_values(value);
                choices
                    .iter()
                    .map(|&(v, label, help)| ChoiceView {
                        value: v,
                        label,
                        help,
                        id: format!("{id}-{v}"),
                        checked: ticked.contains(&v),
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        // A list's error may name one entry (`options.object_storage_profiles[1]`): it is
        // shown on the list's input.
        let error = errors.for_field(&name).map(str::to_owned).or_else(|| {
            matches!(spec.kind, Kind::CheckboxGroup(_))
                .then(|| {
                    errors
                        .iter()
                        .find(|e| {
                            e.field
                                .strip_prefix(name.as_str())
                                .is_some_and(|rest| rest.starts_with('['))
                        })
                        .map(|e| e.message.clone())
                })
                .flatten()
        });
        Self {
            reading: reading(spec, value),
            error,
            choices,
            name,
            id,
            label: spec.label,
            help: spec.help,
            unit: spec.unit,
            input,
            checked: value == "true",
            value: value.to_owned(),
            options,
            required,
        }
    }

    pub fn has_error(&self) -> bool {
        self.error.is_some()
    }
}

pub struct SectionView {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub collapsed: bool,
    pub fields: Vec<FieldView>,
    pub error_count: usize,
}

pub struct ConnectorRowView {
    pub index: usize,
    pub cells: Vec<FieldView>,
}

pub struct ColumnHead {
    pub label: &'static str,
    pub help: &'static str,
}

/// An error in the summary at the top of the form, linking to its input.
pub struct ErrorLink {
    /// The id to jump to; empty when the field is not on the form (named without a link).
    pub anchor: String,
    pub field: String,
    pub message: String,
}

/// The questionnaire page (new and edit).
#[derive(Template)]
#[template(path = "assessments/form.html")]
pub struct FormPage {
    pub title: String,
    pub action_url: String,
    pub csrf: String,
    pub sections: Vec<SectionView>,
    pub connectors: Vec<ConnectorRowView>,
    pub template_row: ConnectorRowView,
    pub columns: Vec<ColumnHead>,
    pub error_links: Vec<ErrorLink>,
    pub base_revision: Option<u32>,
    pub conflict: Option<u32>,
    pub cancel_url: String,
    /// The workspaces a new assessment may go into (signed-in editors only; empty otherwise).
    pub workspaces: Vec<crate::web::workspaces::WorkspaceChoice>,
}

impl FormPage {
    pub fn build(
        title: String,
        action_url: String,
        cancel_url: String,
        csrf: String,
        state: &FormState,
        errors: &ValidationErrors,
        base_revision: Option<u32>,
    ) -> Self {
        let sections: Vec<SectionView> = SECTIONS
            .iter()
            .map(|s| {
                let fields: Vec<FieldView> = s
                    .fields
                    .iter()
                    .map(|spec| {
                        FieldView::new(spec, spec.path.to_owned(), state.value(spec.path), errors)
                    })
                    .collect();
                SectionView {
                    id: s.id,
                    title: s.title,
                    intro: s.intro,
                    // An advanced section with an error opens, so the error is seen.
                    collapsed: s.collapsed && fields.iter().all(|f| f.error.is_none()),
                    error_count: fields.iter().filter(|f| f.error.is_some()).count(),
                    fields,
                }
            })
            .collect();
        let row = |index: usize, values: Option<&std::collections::HashMap<String, String>>| {
            ConnectorRowView {
                index,
                cells: CONNECTOR_COLUMNS
                    .iter()
                    .map(|c| {
                        let value = values
                            .and_then(|v| v.get(c.path))
                            .map_or_else(|| default_cell(c).to_owned(), Clone::clone);
                        FieldView::new(c, format!("connectors[{index}].{}", c.path), &value, errors)
                    })
                    .collect(),
            }
        };
        let connectors: Vec<ConnectorRowView> = state
            .connectors
            .iter()
            .enumerate()
            .map(|(i, v)| row(i, Some(v)))
            .collect();
        // The script clones this row; `__i__` is replaced by a fresh index.
        let mut template_row = row(0, None);
        for cell in &mut template_row.cells {
            cell.name = cell.name.replacen("[0]", "[__i__]", 1);
            cell.id = cell.id.replacen("-0-", "-__i__-", 1);
        }
        // Every link lands on an input that exists; an error without one (a whole-table rule)
        // lands on its section.
        let ids: std::collections::HashSet<&str> = sections
            .iter()
            .flat_map(|s: &SectionView| &s.fields)
            .chain(connectors.iter().flat_map(|r: &ConnectorRowView| &r.cells))
            .map(|f| f.id.as_str())
            .collect();
        let error_links = errors
            .iter()
            .map(|FieldError { field, message }| {
                let id = format!("f-{}", field.replace(['.', '[', ']'], "-"));
                let anchor = if ids.contains(id.as_str()) {
                    id
                } else if field.starts_with("connectors") {
                    "connectors".to_owned()
                } else {
                    section_of(field).to_owned()
                };
                ErrorLink {
                    anchor,
                    field: field_label(field),
                    message: message.clone(),
                }
            })
            .collect();
        Self {
            title,
            action_url,
            csrf,
            sections,
            connectors,
            template_row,
            columns: CONNECTOR_COLUMNS
                .iter()
                .map(|c| ColumnHead {
                    label: c.label,
                    help: c.help,
                })
                .collect(),
            error_links,
            base_revision,
            conflict: None,
            cancel_url,
            workspaces: Vec::new(),
        }
    }
}

/// The section holding `path` (by its prefix), or the top of the form.
fn section_of(path: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|s| {
            s.fields.iter().any(|f| {
                path.starts_with(f.path.rsplit_once('.').map_or(f.path, |(head, _)| head))
                    && f.path.contains('.')
            })
        })
        .map_or("error-summary", |s| s.id)
}

/// What a new connector row starts with: the scenario's defaults (a source connector).
fn default_cell(spec: &FieldSpec) -> &'static str {
    match spec.path {
        "tasks" => "1",
        "direction" => Direction::Source.key(),
        "system_location" => SystemLocation::default().key(),
        "format" => DataFormat::default().key(),
        _ => "",
    }
}

/// "workload.write_mb_per_s" → "Average write throughput"; "connectors[2].tasks" → "Connector 3: Tasks".
fn field_label(path: &str) -> String {
    if let Some(spec) = SECTIONS
        .iter()
        .flat_map(|s| s.fields)
        .find(|f| f.path == path)
    {
        return spec.label.to_owned();
    }
    if let Some(rest) = path.strip_prefix("connectors[")
        && let Some((i, col)) = rest.split_once("].")
        && let Ok(i) = i.parse::<usize>()
        && let Some(spec) = CONNECTOR_COLUMNS.iter().find(|c| c.path == col)
    {
        return format!("Connector {}: {}", i + 1, spec.label);
    }
    path.to_owned()
}
