//! Imports of a connector inventory: the Kafka Connect REST listing
//! (`GET /connectors?expand=info&expand=status`) and the CSV template.
//!
//! Pure: bytes in, [`Import`] out. No file, network or database access, so the web page, the
//! CLI and property tests all drive the same code.
//!
//! An import produces scenario [`Connector`] rows plus an [`ImportReport`] of what was seen on
//! the way (state, failed tasks, sink topics, guesses that need confirming). The report lives
//! next to the scenario, never inside it: the scenario format stays what users write by hand.
//!
//! **Secrets.** Connector configs are full of them (`database.password`, account keys,
//! `sasl.jaas.config`, credentials inside `connection.url`). The REST parser reads only the
//! keys listed in [`connect_rest::KEYS_READ`], none of which holds a secret, and notes never
//! quote config values; task traces (which can contain connection strings) are never copied.

pub mod connect_rest;
pub mod csv_template;
mod merge;

use serde::{Deserialize, Serialize};

use crate::domain::{Connector, Direction, SCHEMA_VERSION, Scenario, Workload, is_java_class_name};

pub use merge::{FieldChange, MergeMode, MergePlan, RowAction, RowOutcome, merge, merge_with};

/// Throughput a connector task typically moves when the source says nothing (MB/s per task).
///
/// Used until a knowledge-base figure for the plugin class is plugged in through a
/// [`TypicalThroughput`] provider.
pub const DEFAULT_MB_PER_S_PER_TASK: f64 = 1.0;

/// Most connectors one import may hold; matches the scenario's own limit.
pub const MAX_IMPORT_CONNECTORS: usize = 5_000;

/// "Typical MB/s per task" for a plugin class, `None` when unknown.
///
/// A parameter rather than a lookup inside the parsers so the connector knowledge base can be
/// plugged in later without the parsers depending on its internals.
pub type TypicalThroughput<'a> = &'a dyn Fn(&str) -> Option<f64>;

/// A provider that knows no plugin: every connector gets [`DEFAULT_MB_PER_S_PER_TASK`].
pub fn no_typical_figures(_class: &str) -> Option<f64> {
    None
}

/// The connector knowledge base's typical MB/s per task for a plugin class.
pub fn knowledge_base_figures(class: &str) -> Option<f64> {
    crate::knowledge::ConnectorKb::embedded()
        .lookup(class.trim())
        .map(|p| p.mb_per_s_per_task)
        .filter(|v| v.is_finite() && *v > 0.0)
}

/// What an import read: connector rows and the report about them.
///
/// `report.connectors[i]` describes `connectors[i]`; the two are built together and stay
/// aligned (see [`Import::is_consistent`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Import {
    /// Rows ready to go into a scenario.
    pub connectors: Vec<Connector>,
    /// Observations made while reading them.
    pub report: ImportReport,
}

impl Import {
    fn new(format: ImportFormat) -> Self {
        Self {
            connectors: Vec::new(),
            report: ImportReport {
                format,
                connectors: Vec::new(),
                skipped: Vec::new(),
                notes: Vec::new(),
            },
        }
    }

    fn push(&mut self, connector: Connector, report: ConnectorReport) {
        self.connectors.push(connector);
        self.report.connectors.push(report);
    }

    /// Whether rows and their reports line up one to one, by position and name. An import
    /// that went through a browser round trip is checked before use.
    pub fn is_consistent(&self) -> bool {
        self.connectors.len() == self.report.connectors.len()
            && self
                .connectors
                .iter()
                .zip(&self.report.connectors)
                .all(|(c, r)| c.name == r.name)
    }
}

/// Where an import came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// The Kafka Connect REST listing, `GET /connectors?expand=info&expand=status`.
    ConnectRest,
    /// The CSV template.
    Csv,
}

impl ImportFormat {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ConnectRest => "Kafka Connect REST listing",
            Self::Csv => "CSV file",
        }
    }
}

/// Everything the import noticed, per connector and overall. Holds no config values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Which parser read it.
    pub format: ImportFormat,
    /// One entry per imported connector, in the order of `Import::connectors`.
    pub connectors: Vec<ConnectorReport>,
    /// Entries of the source that did not become a row, and why.
    pub skipped: Vec<Skipped>,
    /// Observations about the whole import.
    pub notes: Vec<Note>,
}

impl ImportReport {
    /// Connectors with at least one FAILED task, or FAILED themselves.
    pub fn failed(&self) -> usize {
        self.connectors.iter().filter(|c| c.has_failure()).count()
    }

    /// Connectors whose throughput is a typical figure the user should confirm.
    pub fn throughput_to_confirm(&self) -> usize {
        self.connectors
            .iter()
            .filter(|c| c.throughput.needs_confirming())
            .count()
    }
}

/// What the import saw of one connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectorReport {
    /// The connector's name, as in the imported row.
    pub name: String,
    /// The connector's state in the listing; `None` when the listing had no status (or CSV).
    pub state: Option<ConnectorState>,
    /// `tasks.max` as configured, when stated.
    pub tasks_max: Option<u32>,
    /// Tasks the cluster actually runs (the listing's task list), when listed.
    pub tasks_listed: Option<u32>,
    /// Ids of tasks in state FAILED.
    pub failed_tasks: Vec<u32>,
    /// Topics a sink reads, as far as they can be counted.
    pub sink_topics: SinkTopics,
    /// Where the MB/s figure came from.
    pub throughput: ThroughputOrigin,
    /// Per-connector observations and warnings, in the order they were made.
    pub notes: Vec<Note>,
    /// The connector fields (scenario keys: `tasks`, `format` …) the source actually stated.
    /// Overwriting an existing row changes only these; the rest of the row is kept. `None`
    /// (an import made before this was recorded) means every field.
    #[serde(default)]
    pub carried: Option<Vec<String>>,
}

impl ConnectorReport {
    /// Whether the source stated `field` (see [`ConnectorReport::carried`]).
    pub fn carries(&self, field: &str) -> bool {
        self.carried
            .as_ref()
            .is_none_or(|c| c.iter().any(|f| f == field))
    }

    /// Record that the source (or the user, in the preview) stated `field`.
    pub fn carry(&mut self, field: &str) {
        let carried = self.carried.get_or_insert_with(Vec::new);
        if !carried.iter().any(|f| f == field) {
            carried.push(field.to_owned());
        }
    }

    fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            state: None,
            tasks_max: None,
            tasks_listed: None,
            failed_tasks: Vec::new(),
            sink_topics: SinkTopics::NotApplicable,
            throughput: ThroughputOrigin::Given,
            notes: Vec::new(),
            carried: Some(vec!["name".to_owned()]),
        }
    }

    /// The connector or one of its tasks is FAILED.
    pub fn has_failure(&self) -> bool {
        self.state == Some(ConnectorState::Failed) || !self.failed_tasks.is_empty()
    }

    fn info(&mut self, message: impl Into<String>) {
        self.notes.push(Note::new(Level::Info, message));
    }

    fn warn(&mut self, message: impl Into<String>) {
        self.notes.push(Note::new(Level::Warning, message));
    }

    fn problem(&mut self, message: impl Into<String>) {
        self.notes.push(Note::new(Level::Problem, message));
    }
}

/// Kafka Connect connector and task states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConnectorState {
    /// Running normally.
    Running,
    /// Paused by an operator: no data moves, tasks stay assigned.
    Paused,
    /// Stopped by an operator (Kafka 3.5+): no data moves and no tasks exist.
    Stopped,
    /// Failed; its trace is on the cluster (never copied here).
    Failed,
    /// Not yet assigned to a worker.
    Unassigned,
    /// Being restarted when the listing was taken.
    Restarting,
    /// A state this build does not know (the value itself is not kept).
    Unknown,
}

impl ConnectorState {
    /// Read a state as the REST API spells it; anything else is `Unknown`.
    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_uppercase().as_str() {
            "RUNNING" => Self::Running,
            "PAUSED" => Self::Paused,
            "STOPPED" => Self::Stopped,
            "FAILED" => Self::Failed,
            "UNASSIGNED" => Self::Unassigned,
            "RESTARTING" => Self::Restarting,
            _ => Self::Unknown,
        }
    }

    /// As the REST API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "RUNNING",
            Self::Paused => "PAUSED",
            Self::Stopped => "STOPPED",
            Self::Failed => "FAILED",
            Self::Unassigned => "UNASSIGNED",
            Self::Restarting => "RESTARTING",
            Self::Unknown => "unknown",
        }
    }
}

/// How many topics a sink reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "count")]
pub enum SinkTopics {
    /// A source connector, or a CSV row.
    NotApplicable,
    /// `topics` lists this many distinct topics.
    Listed(u32),
    /// `topics.regex`: the matching topics cannot be counted from the config.
    Regex,
    /// Neither `topics` nor `topics.regex` is set.
    Missing,
}

/// Where a connector's MB/s figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ThroughputOrigin {
    /// Stated by the user (a CSV cell, or edited in the preview).
    Given,
    /// Typical figure of the plugin class × tasks: needs confirming.
    Typical {
        /// MB/s per task.
        per_task: f64,
    },
    /// No figure known for the class: the default per task × tasks; needs confirming.
    Default {
        /// MB/s per task.
        per_task: f64,
    },
}

impl ThroughputOrigin {
    /// The figure is a guess the user should confirm.
    pub fn needs_confirming(self) -> bool {
        !matches!(self, Self::Given)
    }

    /// A short explanation for the preview.
    pub fn describe(self) -> String {
        match self {
            Self::Given => "as given".to_owned(),
            Self::Typical { per_task } => format!("typical {per_task} MB/s per task × tasks"),
            Self::Default { per_task } => {
                format!("no figure known for this plugin: {per_task} MB/s per task × tasks")
            }
        }
    }
}

/// How serious a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// For information.
    Info,
    /// Worth checking before relying on the import.
    Warning,
    /// Something is broken in the running estate (e.g. a FAILED task).
    Problem,
}

impl Level {
    /// CSS-friendly name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Problem => "problem",
        }
    }
}

/// One observation. Messages never quote config values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// How serious it is.
    pub level: Level,
    /// The observation, for people.
    pub message: String,
}

impl Note {
    fn new(level: Level, message: impl Into<String>) -> Self {
        Self {
            level,
            message: message.into(),
        }
    }
}

/// An entry of the source that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The connector name, or a position such as "entry 4" when there is no usable name.
    pub name: String,
    /// Why it was not imported.
    pub reason: String,
}

/// One bad CSV cell (or row, when `column` is `None`). Rows are numbered as a spreadsheet
/// shows them: the header is row 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellError {
    /// Spreadsheet row number (header = 1).
    pub row: u64,
    /// The template column, or `None` for a problem with the whole row.
    pub column: Option<String>,
    /// What is wrong, without quoting the cell.
    pub message: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(col) => write!(f, "row {}, column {col}: {}", self.row, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// Why nothing could be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Nothing but whitespace (or a byte-order mark).
    #[error("the input is empty: paste or upload a Kafka Connect REST listing or a CSV file")]
    Empty,
    /// Not valid JSON; the message names line and column (never the content).
    #[error("not valid JSON: {0}")]
    Json(String),
    /// Valid JSON of the wrong shape.
    #[error("{0}")]
    Shape(String),
    /// The CSV header is wrong.
    #[error("{}", header_message(missing, unknown, duplicate))]
    Header {
        /// Required columns that are absent.
        missing: Vec<String>,
        /// Header cells that are no template column.
        unknown: Vec<String>,
        /// Columns named twice.
        duplicate: Vec<String>,
    },
    /// Bad CSV rows and cells; every one is listed.
    #[error("{} problem{} in the CSV file: {}", .0.len(), if .0.len() == 1 { "" } else { "s" }, join_cells(.0))]
    Cells(Vec<CellError>),
    /// More connectors than one scenario may hold.
    #[error("{found} connectors is more than one import takes ({max})")]
    TooMany {
        /// Connectors found (at least).
        found: usize,
        /// The limit.
        max: usize,
    },
    /// The input parsed but holds no importable connector; the message says why.
    #[error("there is no connector to import: {0}")]
    Nothing(String),
}

fn header_message(missing: &[String], unknown: &[String], duplicate: &[String]) -> String {
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!(
            "missing required column(s): {}",
            missing.join(", ")
        ));
    }
    if !unknown.is_empty() {
        parts.push(format!("unknown column(s): {}", unknown.join(", ")));
    }
    if !duplicate.is_empty() {
        parts.push(format!("column(s) given twice: {}", duplicate.join(", ")));
    }
    format!(
        "the CSV header is not the template's: {}. Expected columns: {}",
        parts.join("; "),
        csv_template::COLUMNS.join(",")
    )
}

fn join_cells(cells: &[CellError]) -> String {
    cells
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Guess the format of pasted or uploaded bytes: JSON starts with `{` or `[`.
pub fn detect(bytes: &[u8]) -> ImportFormat {
    let text = strip_bom(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => ImportFormat::ConnectRest,
        _ => ImportFormat::Csv,
    }
}

/// Parse either format, chosen by [`detect`].
pub fn parse(bytes: &[u8], typical: TypicalThroughput<'_>) -> Result<Import, ImportError> {
    match detect(bytes) {
        ImportFormat::ConnectRest => connect_rest::parse(bytes, typical),
        ImportFormat::Csv => csv_template::parse(bytes, typical),
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The MB/s of a connector whose throughput nobody stated: a typical figure per task × tasks.
fn typical_throughput(
    class: &str,
    tasks: u32,
    typical: TypicalThroughput<'_>,
) -> (f64, ThroughputOrigin) {
    let (per_task, origin) = match typical(class).filter(|v| v.is_finite() && *v > 0.0) {
        Some(v) => (v, ThroughputOrigin::Typical { per_task: v }),
        None => (
            DEFAULT_MB_PER_S_PER_TASK,
            ThroughputOrigin::Default {
                per_task: DEFAULT_MB_PER_S_PER_TASK,
            },
        ),
    };
    // Three decimals keep float noise (0.1 × 3) out of the preview; the cap is the
    // scenario's own upper bound, so the figure always validates.
    let mb = (per_task * f64::from(tasks) * 1000.0).round() / 1000.0;
    (mb.min(10_000.0), origin)
}

/// A connector name the scenario accepts: non-empty, at most 200 characters, no control chars.
fn name_problem(name: &str) -> Option<&'static str> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        Some("the name is empty")
    } else if trimmed.chars().count() > 200 {
        Some("the name is longer than 200 characters")
    } else if trimmed.chars().any(char::is_control) {
        Some("the name contains control characters")
    } else {
        None
    }
}

/// A new scenario around imported connectors, for the CLI: the workload figures are
/// placeholders derived from the connectors, which the caller must say so.
///
/// Write throughput is the larger of what sources write and what sinks read (at least
/// 0.1, at most 100,000 MB/s); topics are the counted sink topics (at least 1), one partition each.
pub fn new_scenario(name: &str, import: &Import) -> Scenario {
    let sum = |d: Direction| -> f64 {
        import
            .connectors
            .iter()
            .filter(|c| c.direction == d)
            .map(|c| c.mb_per_s)
            .sum()
    };
    let write = sum(Direction::Source)
        .max(sum(Direction::Sink))
        .clamp(0.1, 100_000.0);
    let topics: u32 = import
        .report
        .connectors
        .iter()
        .map(|r| match r.sink_topics {
            SinkTopics::Listed(n) => n,
            _ => 0,
        })
        .fold(0u32, u32::saturating_add)
        .clamp(1, 100_000);
    Scenario {
        schema_version: SCHEMA_VERSION,
        name: name.to_owned(),
        region: "eastus".to_owned(),
        currency: "USD".to_owned(),
        workload: Workload {
            write_mb_per_s: (write * 1000.0).round() / 1000.0,
            peak_to_average: 1.5,
            avg_record_bytes: 1_024,
            max_record_bytes: 262_144,
            read_fanout: 1.0,
            retention_hours: 168,
            topics,
            partitions: topics,
            max_partitions_per_topic: None,
            compression: crate::domain::Compression::default(),
            growth_percent_per_month: 0.0,
        },
        connectors: import.connectors.clone(),
        network: crate::domain::Network::default(),
        team: crate::domain::Team::default(),
        options: crate::domain::PricingOptions::default(),
        analysis: crate::domain::AnalysisOptions::default(),
    }
}

/// The report as plain text lines, for the CLI's standard error.
pub fn report_lines(report: &ImportReport) -> Vec<String> {
    let mut lines = Vec::new();
    for n in &report.notes {
        lines.push(format!("{}: {}", n.level.as_str(), n.message));
    }
    for c in &report.connectors {
        let state = c.state.map_or("", ConnectorState::as_str);
        lines.push(format!(
            "{}{}{}: MB/s {}",
            c.name,
            if state.is_empty() { "" } else { " " },
            state,
            c.throughput.describe()
        ));
        for n in &c.notes {
            lines.push(format!("  {}: {}", n.level.as_str(), n.message));
        }
    }
    for s in &report.skipped {
        lines.push(format!("skipped {}: {}", s.name, s.reason));
    }
    lines
}

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod proptests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_json_and_csv() {
        assert_eq!(detect(b"  \n{\"a\":1}"), ImportFormat::ConnectRest);
        assert_eq!(detect(b"\xEF\xBB\xBF[1]"), ImportFormat::ConnectRest);
        assert_eq!(detect(b"name,class"), ImportFormat::Csv);
        assert_eq!(detect(b""), ImportFormat::Csv);
    }

    #[test]
    fn typical_throughput_uses_the_provider_then_the_default() {
        let known = |c: &str| (c == "a.B").then_some(2.5);
        assert_eq!(
            typical_throughput("a.B", 4, &known),
            (10.0, ThroughputOrigin::Typical { per_task: 2.5 })
        );
        assert_eq!(
            typical_throughput("x.Y", 3, &known),
            (3.0, ThroughputOrigin::Default { per_task: 1.0 })
        );
        let broken = |_: &str| Some(f64::NAN);
        assert_eq!(typical_throughput("x.Y", 1, &broken).0, 1.0);
        let huge = |_: &str| Some(1e9);
        assert_eq!(typical_throughput("x.Y", 1000, &huge).0, 10_000.0);
    }

    #[test]
    fn cell_errors_name_row_and_column() {
        let e = CellError {
            row: 7,
            column: Some("tasks".into()),
            message: "must be a whole number".into(),
        };
        assert_eq!(e.to_string(), "row 7, column tasks: must be a whole number");
    }
}
