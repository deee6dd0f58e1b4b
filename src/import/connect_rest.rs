//! The Kafka Connect REST listing: `GET /connectors?expand=info&expand=status`.
//!
//! Shape: one JSON object keyed by connector name; each value holds `info` (`name`, `config`
//! — a string-to-string map —, `tasks` [{connector, task}], `type`) and `status` (`connector`
//! {state, worker_id}, `tasks` [{id, state, worker_id, trace?}], `type`). Also accepted: a
//! single connector as `GET /connectors/{name}` returns it, and an array of those.
//!
//! The parser walks a `serde_json::Value` by hand so that no shape (wrong types, missing
//! keys, numbers where strings belong) can panic or abort the whole import; a bad entry is
//! skipped with a reason instead.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{
    ConnectorReport, ConnectorState, Import, ImportError, ImportFormat, Level,
    MAX_IMPORT_CONNECTORS, Note, SinkTopics, Skipped, ThroughputOrigin, TypicalThroughput,
    is_java_class_name, name_problem, strip_bom, typical_throughput,
};
use crate::domain::{Connector, DataFormat, Direction, SystemLocation};

/// Every config key the import reads. None of them holds a secret; everything else in a
/// connector's config (passwords, keys, JAAS configs, connection URLs) is never looked at.
pub const KEYS_READ: &[&str] = &[
    "connector.class",
    "tasks.max",
    "topics",
    "topics.regex",
    "exactly.once.support",
    "exactly.once.source.support",
    "transaction.boundary",
    "consumer.override.isolation.level",
    "errors.deadletterqueue.topic.name",
    "value.converter",
    "table.include.list",
    "table.whitelist",
];

/// Parse a REST listing. `typical` gives MB/s per task for a plugin class (see
/// [`super::TypicalThroughput`]).
pub fn parse(bytes: &[u8], typical: TypicalThroughput<'_>) -> Result<Import, ImportError> {
    let bytes = strip_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    // serde_json's error text names line and column only, never the offending content.
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| ImportError::Json(e.to_string()))?;
    let entries = entries(&value)?;
    if entries.is_empty() {
        return Err(ImportError::Nothing(
            "the listing is empty (the cluster runs no connectors)".into(),
        ));
    }
    if entries.len() > MAX_IMPORT_CONNECTORS {
        return Err(ImportError::TooMany {
            found: entries.len(),
            max: MAX_IMPORT_CONNECTORS,
        });
    }
    if entries.iter().all(|e| info_of(e.value).is_none()) {
        return Err(ImportError::Shape(
            "the listing has no connector configs (`info`): fetch it with \
             GET /connectors?expand=info&expand=status"
                .into(),
        ));
    }

    let mut import = Import::new(ImportFormat::ConnectRest);
    let mut names = BTreeSet::new();
    for entry in &entries {
        match read_entry(entry, typical) {
            Ok((connector, report)) => {
                if !names.insert(connector.name.clone()) {
                    import.report.skipped.push(Skipped {
                        name: connector.name,
                        reason: "listed twice; the first entry is imported".into(),
                    });
                    continue;
                }
                import.push(connector, report);
            }
            Err(skipped) => import.report.skipped.push(skipped),
        }
    }
    if import.connectors.is_empty() {
        return Err(ImportError::Nothing(format!(
            "none of the {} entries could be read: {}",
            entries.len(),
            import
                .report
                .skipped
                .iter()
                .take(5)
                .map(|s| format!("{}: {}", s.name, s.reason))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    import.report.notes.extend(overall_notes(&import));
    Ok(import)
}

/// One connector of the listing: the name it is listed under (if any) and its value.
struct Entry<'a> {
    key: Option<&'a str>,
    position: usize,
    value: &'a Value,
}

fn entries(value: &Value) -> Result<Vec<Entry<'_>>, ImportError> {
    match value {
        // A single connector (`GET /connectors/{name}`): it has `config` at the top.
        Value::Object(map) if map.get("config").is_some_and(Value::is_object) => Ok(vec![Entry {
            key: None,
            position: 1,
            value,
        }]),
        Value::Object(map) => Ok(map
            .iter()
            .enumerate()
            .map(|(i, (k, v))| Entry {
                key: Some(k.as_str()),
                position: i + 1,
                value: v,
            })
            .collect()),
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => {
            Err(ImportError::Shape(
                "this is the plain list of connector names (GET /connectors); the import needs \
                 their configs and status: GET /connectors?expand=info&expand=status"
                    .into(),
            ))
        }
        Value::Array(items) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| Entry {
                key: None,
                position: i + 1,
                value: v,
            })
            .collect()),
        _ => Err(ImportError::Shape(
            "expected a JSON object keyed by connector name, as GET \
             /connectors?expand=info&expand=status returns"
                .into(),
        )),
    }
}

/// The `info` part of an entry: `{info: {...}}`, or the entry itself when it has `config`.
fn info_of(value: &Value) -> Option<&Map<String, Value>> {
    let obj = value.as_object()?;
    match obj.get("info") {
        Some(Value::Object(info)) => Some(info),
        _ if obj.get("config").is_some_and(Value::is_object) => Some(obj),
        _ => None,
    }
}

fn status_of(value: &Value) -> Option<&Map<String, Value>> {
    value.as_object()?.get("status")?.as_object()
}

/// A config value by key. Config values are strings, but hand-edited files carry numbers
/// and booleans too; anything else counts as absent.
fn config_value(config: &Map<String, Value>, key: &str) -> Option<String> {
    debug_assert!(KEYS_READ.contains(&key), "config key {key} is not declared");
    match config.get(key)? {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn read_entry(
    entry: &Entry<'_>,
    typical: TypicalThroughput<'_>,
) -> Result<(Connector, ConnectorReport), Skipped> {
    let listed_name = entry
        .value
        .get("info")
        .and_then(|i| i.get("name"))
        .or_else(|| entry.value.get("name"))
        .or_else(|| entry.value.get("status").and_then(|s| s.get("name")))
        .and_then(Value::as_str);
    let raw_name = entry.key.or(listed_name).unwrap_or("");
    let skip = |reason: &str| Skipped {
        name: if name_problem(raw_name).is_none() {
            raw_name.trim().to_owned()
        } else {
            format!("entry {}", entry.position)
        },
        reason: reason.to_owned(),
    };
    if let Some(problem) = name_problem(raw_name) {
        return Err(skip(problem));
    }
    let name = raw_name.trim().to_owned();
    let Some(info) = info_of(entry.value) else {
        return Err(skip(
            "no config in the listing (`info` missing): fetch with expand=info&expand=status",
        ));
    };
    let Some(config) = info.get("config").and_then(Value::as_object) else {
        return Err(skip("`info.config` is missing or not an object"));
    };
    let status = status_of(entry.value);

    let mut report = ConnectorReport::new(&name);
    if let (Some(key), Some(listed)) = (entry.key, listed_name)
        && key.trim() != listed.trim()
    {
        report.warn("listed under one name but `info.name` says another; the listing key is used");
    }

    let Some(class) = config_value(config, "connector.class") else {
        return Err(skip("no connector.class in its config"));
    };
    if !is_java_class_name(&class) {
        return Err(skip("connector.class is not a Java class name"));
    }

    let type_str = info
        .get("type")
        .or_else(|| status.and_then(|s| s.get("type")))
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    let direction = match type_str.as_deref() {
        Some("source") => Direction::Source,
        Some("sink") => Direction::Sink,
        _ => match direction_from_class(&class) {
            Some(d) => {
                report.info("the listing does not say source or sink; guessed from the class name");
                d
            }
            None => {
                return Err(skip(
                    "neither the listing nor the class name says whether it is a source or a sink",
                ));
            }
        },
    };

    let tasks = read_tasks(config, info, status, &mut report);
    let (exactly_once, dead_letter_queue) = read_guarantees(config, direction, &mut report);
    let format = read_format(config, &mut report);
    let topics_created = match direction {
        Direction::Sink => {
            report.sink_topics = sink_topics(config, &mut report);
            0
        }
        Direction::Source => source_topics_created(config, &mut report),
    };
    read_state(status, &mut report);

    let (mb_per_s, origin) = typical_throughput(&class, tasks, typical);
    report.throughput = origin;
    // What a listing states; location, isolation and (unless measured) throughput it cannot
    // show, so overwriting an existing row keeps those.
    for field in ["class", "direction", "tasks", "topics_created"] {
        report.carry(field);
    }
    if origin == ThroughputOrigin::Given {
        report.carry("mb_per_s");
    }
    if config_value(config, "value.converter").is_some() {
        report.carry("format");
    }
    let guarantee_keys = [
        "exactly.once.support",
        "exactly.once.source.support",
        "transaction.boundary",
        "consumer.override.isolation.level",
    ];
    if guarantee_keys
        .iter()
        .any(|k| config_value(config, k).is_some())
    {
        report.carry("exactly_once");
    }
    if direction == Direction::Sink {
        // A sink without a DLQ topic name states that it has none.
        report.carry("dead_letter_queue");
    }

    let connector = Connector {
        name,
        class,
        direction,
        tasks,
        mb_per_s,
        // Not in the listing: the default, named in the overall notes.
        system_location: SystemLocation::default(),
        exactly_once,
        format,
        dead_letter_queue,
        // Worker-pool isolation is a deployment choice the listing cannot show.
        isolated: false,
        topics_created,
    };
    Ok((connector, report))
}

/// `…SinkConnector` / `…SourceConnector`, and MirrorMaker 2's connectors (all sources).
fn direction_from_class(class: &str) -> Option<Direction> {
    let simple = class.rsplit('.').next().unwrap_or(class);
    if simple.contains("Sink") {
        Some(Direction::Sink)
    } else if simple.contains("Source") || simple.starts_with("Mirror") {
        Some(Direction::Source)
    } else {
        None
    }
}

fn read_tasks(
    config: &Map<String, Value>,
    info: &Map<String, Value>,
    status: Option<&Map<String, Value>>,
    report: &mut ConnectorReport,
) -> u32 {
    let listed = info
        .get("tasks")
        .and_then(Value::as_array)
        .or_else(|| {
            status
                .and_then(|s| s.get("tasks"))
                .and_then(Value::as_array)
        })
        .map(|t| u32::try_from(t.len()).unwrap_or(u32::MAX));
    report.tasks_listed = listed;
    let configured = match config_value(config, "tasks.max") {
        None => None,
        Some(raw) => {
            if let Ok(n) = crate::number::parse_whole(&raw) {
                Some(u32::try_from(n).unwrap_or(u32::MAX))
            } else {
                report.warn("tasks.max is not a whole number; the listed task count is used");
                None
            }
        }
    };
    report.tasks_max = configured;
    let tasks = match (configured, listed) {
        (Some(max), Some(n)) if n > 0 && n < max => {
            report.info(format!(
                "tasks.max is {max} but {n} task{} run{}: the plugin uses fewer; sizing uses tasks.max",
                plural(n),
                if n == 1 { "s" } else { "" }
            ));
            max
        }
        (Some(max), _) => max,
        (None, Some(n)) if n > 0 => n,
        (None, _) => {
            report.info("tasks.max is not set: Kafka Connect's default of 1 applies");
            1
        }
    };
    if tasks == 0 {
        report.warn("tasks.max is 0; counted as 1 task");
        1
    } else if tasks > 1_000 {
        report.warn(format!(
            "tasks.max is {tasks}; counted as 1000, the most one scenario row takes"
        ));
        1_000
    } else {
        tasks
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// (exactly-once, dead-letter queue).
fn read_guarantees(
    config: &Map<String, Value>,
    direction: Direction,
    report: &mut ConnectorReport,
) -> (bool, bool) {
    let is = |key: &str, values: &[&str]| {
        config_value(config, key).is_some_and(|v| values.iter().any(|w| v.eq_ignore_ascii_case(w)))
    };
    let exactly_once = match direction {
        Direction::Source => {
            let eos = is("exactly.once.support", &["required", "requested"])
                || is("exactly.once.source.support", &["enabled", "required"])
                || config_value(config, "transaction.boundary").is_some();
            if eos {
                report.info("exactly-once source (KIP-618): needs transactions on the platform");
            }
            eos
        }
        Direction::Sink => {
            let eos = is("consumer.override.isolation.level", &["read_committed"]);
            if eos {
                report.info("reads with isolation.level=read_committed (transactional reads)");
            }
            eos
        }
    };
    let dlq_named = config_value(config, "errors.deadletterqueue.topic.name").is_some();
    let dead_letter_queue = match direction {
        Direction::Sink => dlq_named,
        Direction::Source => {
            if dlq_named {
                report.warn(
                    "a dead-letter queue is configured, but Kafka Connect uses it for sinks only; ignored",
                );
            }
            false
        }
    };
    (exactly_once, dead_letter_queue)
}

fn read_format(config: &Map<String, Value>, report: &mut ConnectorReport) -> DataFormat {
    let Some(converter) = config_value(config, "value.converter") else {
        report.info(
            "value.converter is not set on the connector: the worker's default applies; format assumed json",
        );
        return DataFormat::Json;
    };
    format_of_converter(&converter).unwrap_or_else(|| {
        report.warn("value.converter is not a converter this import knows; format assumed json");
        DataFormat::Json
    })
}

/// The record format a converter class writes, by its simple class name so that both
/// Confluent's and Apicurio's converters are recognised.
pub fn format_of_converter(class: &str) -> Option<DataFormat> {
    let simple = class.rsplit('.').next().unwrap_or(class);
    Some(match simple {
        s if s.ends_with("JsonSchemaConverter") => DataFormat::JsonSchema,
        s if s.ends_with("AvroConverter") => DataFormat::Avro,
        s if s.ends_with("ProtobufConverter") => DataFormat::Protobuf,
        s if s.ends_with("JsonConverter") => DataFormat::Json,
        s if s.ends_with("StringConverter") => DataFormat::String,
        s if s.ends_with("ByteArrayConverter") || s.ends_with("ByteBufferConverter") => {
            DataFormat::Bytes
        }
        _ => return None,
    })
}

fn sink_topics(config: &Map<String, Value>, report: &mut ConnectorReport) -> SinkTopics {
    if let Some(list) = config_value(config, "topics") {
        let distinct: BTreeSet<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let n = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
        report.info(format!("reads {n} topic{}", plural(n)));
        SinkTopics::Listed(n)
    } else if config_value(config, "topics.regex").is_some() {
        report.warn(
            "reads topics by pattern (topics.regex): how many topics match cannot be told from the config",
        );
        SinkTopics::Regex
    } else {
        report.warn("neither topics nor topics.regex is set");
        SinkTopics::Missing
    }
}

/// Topics a source creates, when its config names them: one per captured table for
/// Debezium (`table.include.list`) and the JDBC source (`table.whitelist`). Lists holding
/// patterns cannot be counted.
fn source_topics_created(config: &Map<String, Value>, report: &mut ConnectorReport) -> u32 {
    let Some(list) = config_value(config, "table.include.list")
        .or_else(|| config_value(config, "table.whitelist"))
    else {
        return 0;
    };
    let tables: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    let plain = tables.iter().all(|t| {
        t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '"' | '`'))
    });
    if plain {
        let n = u32::try_from(tables.len()).unwrap_or(u32::MAX).min(100_000);
        report.info(format!(
            "captures {n} table{}: counted as {n} topic{} created",
            plural(n),
            plural(n)
        ));
        n
    } else {
        report.warn(
            "captures tables by pattern: the topics it creates cannot be counted; set topics created",
        );
        0
    }
}

fn read_state(status: Option<&Map<String, Value>>, report: &mut ConnectorReport) {
    let Some(status) = status else {
        report.info("no status in the listing (fetch with expand=status to see states)");
        return;
    };
    let state = status
        .get("connector")
        .and_then(|c| c.get("state"))
        .and_then(Value::as_str)
        .map(ConnectorState::parse);
    report.state = state;
    match state {
        Some(ConnectorState::Failed) => report.problem("the connector is FAILED"),
        Some(ConnectorState::Paused) => {
            report.warn("PAUSED: it moves no data now; size it for when it resumes");
        }
        Some(ConnectorState::Stopped) => report
            .warn("STOPPED: it moves no data and has no tasks now; size it for when it resumes"),
        Some(ConnectorState::Unassigned) => {
            report.warn("UNASSIGNED: no worker runs it at the moment");
        }
        Some(ConnectorState::Restarting) => report.info("RESTARTING when the listing was taken"),
        Some(ConnectorState::Unknown) => {
            report.warn("its state is not one Kafka Connect documents");
        }
        Some(ConnectorState::Running) | None => {}
    }
    let tasks = status
        .get("tasks")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut failed = BTreeSet::new();
    let mut other = BTreeSet::new();
    for (i, task) in tasks.iter().enumerate() {
        let id = task
            .get("id")
            .and_then(Value::as_u64)
            .and_then(|id| u32::try_from(id).ok())
            .unwrap_or(u32::try_from(i).unwrap_or(u32::MAX));
        match task
            .get("state")
            .and_then(Value::as_str)
            .map(ConnectorState::parse)
        {
            Some(ConnectorState::Failed) => {
                failed.insert(id);
            }
            Some(ConnectorState::Running) | None => {}
            Some(s) => {
                other.insert((id, s));
            }
        }
    }
    if !failed.is_empty() {
        let ids: Vec<String> = failed.iter().map(u32::to_string).collect();
        // The task trace is deliberately not copied: stack traces quote connection strings.
        report.problem(format!(
            "task{} {} FAILED; see GET /connectors/{}/status on the cluster for the trace",
            if failed.len() == 1 { "" } else { "s" },
            ids.join(", "),
            report.name
        ));
        report.failed_tasks = failed.into_iter().collect();
    }
    for (id, s) in other {
        if Some(s) != state {
            report.info(format!("task {id} is {}", s.as_str()));
        }
    }
}

fn overall_notes(import: &Import) -> Vec<Note> {
    let mut notes = vec![
        Note::new(
            Level::Warning,
            "Throughput is not in the REST listing: each connector's MB/s is pre-filled from typical \
             figures per task. Confirm or correct them.",
        ),
        Note::new(
            Level::Info,
            "Where each external system lives is not in the listing either: rows default to Azure \
             VNet. Worker-pool isolation defaults to no.",
        ),
    ];
    let failed = import.report.failed();
    if failed > 0 {
        notes.push(Note::new(
            Level::Problem,
            format!(
                "{failed} connector{} FAILED or ha{} FAILED tasks.",
                if failed == 1 { " is" } else { "s are" },
                if failed == 1 { "s" } else { "ve" }
            ),
        ));
    }
    notes
}

#[cfg(test)]
#[path = "connect_rest_tests.rs"]
mod tests;
