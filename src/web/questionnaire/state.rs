//! Form state: the strings the questionnaire's inputs hold, read from a post or a stored
//! scenario, and turned into a validated [`Assessment`] in one pass (every error at once, in
//! the user's words, with the unit and the allowed range).

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::fields::{CONNECTOR_COLUMNS, FieldSpec, Kind, SECTIONS};
use crate::domain::{Assessment, Scenario, ValidationErrors};
use crate::number::{self, NumberError};

/// What the user asked for by pressing a button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Save,
    AddConnector,
    RemoveConnector(usize),
}

/// The posted (or stored) values of the questionnaire, as the strings the inputs hold.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: HashMap<String, String>,
    pub connectors: Vec<HashMap<String, String>>,
}

impl FormState {
    /// A new questionnaire: defaults filled in and one empty connector row.
    pub fn new_assessment() -> Self {
        let template = serde_json::json!({
            "schema_version": 1, "name": "", "region": "eastus",
            "workload": { "write_mb_per_s": 0, "topics": 0, "partitions": 0 },
            // New assessments let the advisor choose the Connect runtime; a stored scenario
            // without the key keeps meaning AKS (the serde default).
            "options": { "connect_runtime": "auto" }
        });
        let mut state = match Scenario::from_value(template) {
            Ok(s) => Self::from_scenario(&s),
            Err(_) => Self::default(),
        };
        for key in [
            "workload.write_mb_per_s",
            "workload.topics",
            "workload.partitions",
        ] {
            state.values.insert(key.to_owned(), String::new());
        }
        state.connectors.push(HashMap::new());
        state
    }

    /// The form values that show a stored scenario.
    pub fn from_scenario(s: &Scenario) -> Self {
        let json = serde_json::to_value(s).unwrap_or(Value::Null);
        let mut values = HashMap::new();
        for spec in SECTIONS.iter().flat_map(|s| s.fields) {
            let value = match (spec.kind, lookup(&json, spec.path)) {
                // A list left out of the JSON means its default; for the object-storage
                // profiles (the only group) that is every profile.
                (Kind::CheckboxGroup(choices), None) => {
                    choices.iter().map(|c| c.0).collect::<Vec<_>>().join(",")
                }
                (Kind::CheckboxGroup(_), Some(Value::Array(items))) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                (_, v) => display(v),
            };
            values.insert(spec.path.to_owned(), value);
        }
        let connectors = json
            .get("connectors")
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        CONNECTOR_COLUMNS
                            .iter()
                            .map(|c| (c.path.to_owned(), display(row.get(c.path))))
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self { values, connectors }
    }

    /// Read posted pairs: field values, connector rows (`connectors[3].name`) and the button pressed.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> (Self, Action) {
        let mut values = HashMap::new();
        let mut rows: BTreeMap<usize, HashMap<String, String>> = BTreeMap::new();
        let mut action = Action::Save;
        for (key, value) in pairs {
            if key == "action" {
                action = match value.as_str() {
                    "add_connector" => Action::AddConnector,
                    v => v
                        .strip_prefix("remove_connector:")
                        .and_then(|i| i.parse().ok())
                        .map_or(Action::Save, Action::RemoveConnector),
                };
            } else if let Some((index, column)) = parse_connector_key(&key) {
                rows.entry(index)
                    .or_default()
                    .insert(column.to_owned(), value);
            } else if let Some(spec) = SECTIONS
                .iter()
                .flat_map(|s| s.fields)
                .find(|f| f.path == key)
            {
                if matches!(spec.kind, Kind::CheckboxGroup(_)) {
                    // One pair per ticked box, plus the form's empty hidden pair that says the
                    // group was on the page (so nothing ticked reads as an empty list).
                    let held: &mut String = values.entry(key).or_default();
                    let value = value.trim();
                    if !value.is_empty() {
                        if !held.is_empty() {
                            held.push(',');
                        }
                        held.push_str(value);
                    }
                } else {
                    values.insert(key, value);
                }
            }
        }
        // Rows are kept in index order; gaps left by script-side removal simply close up.
        let connectors = rows.into_values().collect();
        (Self { values, connectors }, action)
    }

    pub fn value(&self, path: &str) -> &str {
        self.values.get(path).map_or("", String::as_str)
    }

    /// Apply an add/remove-row button: nothing typed elsewhere is touched.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::AddConnector => self.connectors.push(HashMap::new()),
            Action::RemoveConnector(i) if i < self.connectors.len() => {
                self.connectors.remove(i);
            }
            _ => {}
        }
    }

    /// Connector rows the user typed something into (blank rows are ignored on save).
    fn filled_connectors(&self) -> impl Iterator<Item = &HashMap<String, String>> {
        self.connectors.iter().filter(|row| {
            CONNECTOR_COLUMNS.iter().any(|c| {
                matches!(
                    c.kind,
                    Kind::Text { .. } | Kind::Number { .. } | Kind::Integer { .. }
                ) && row.get(c.path).is_some_and(|v| !v.trim().is_empty())
            })
        })
    }

    /// Drop blank connector rows so that error paths (`connectors[i]`) match the rows shown.
    pub fn compact(&mut self) {
        let kept: Vec<_> = self.filled_connectors().cloned().collect();
        self.connectors = kept;
    }

    /// Parse every input and validate the scenario, reporting every problem in one pass.
    ///
    /// Errors use the API's field paths. An input that cannot be read (blank where required,
    /// not a number, not a choice) gets a stand-in value so the validator still checks every
    /// other field and the cross-field rules (partitions ≥ topics, connector tasks) on this
    /// same submit; its allowed range comes from the validator itself, so the range in the
    /// message is the one the validator enforces.
    pub fn to_assessment(&self) -> Result<Assessment, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut failed: Vec<(String, Kind, Problem)> = Vec::new();
        let mut root = Value::Object(Map::new());
        insert(
            &mut root,
            "schema_version",
            Value::from(crate::domain::SCHEMA_VERSION),
        );
        for spec in SECTIONS.iter().flat_map(|s| s.fields) {
            // A group the post did not carry at all (not even its hidden pair) keeps its
            // default; one carried with nothing ticked is an empty list.
            if matches!(spec.kind, Kind::CheckboxGroup(_)) && !self.values.contains_key(spec.path) {
                continue;
            }
            match read(spec, self.value(spec.path)) {
                Ok(Some(v)) => insert(&mut root, spec.path, v),
                Ok(None) => {}
                Err(p) => failed.push((spec.path.to_owned(), spec.kind, p)),
            }
        }
        let mut connectors = Vec::new();
        for (i, row) in self.filled_connectors().enumerate() {
            let mut obj = Value::Object(Map::new());
            for c in CONNECTOR_COLUMNS {
                let raw = row.get(c.path).map_or("", String::as_str);
                match read(c, raw) {
                    Ok(Some(v)) => insert(&mut obj, c.path, v),
                    Ok(None) => {}
                    Err(p) => failed.push((format!("connectors[{i}].{}", c.path), c.kind, p)),
                }
            }
            connectors.push(obj);
        }
        insert(&mut root, "connectors", Value::Array(connectors));
        if failed.is_empty() {
            return Assessment::from_value(root).map_err(|e| in_form_order(humanise(e)));
        }

        // Every other rule, on this same submit: the unreadable inputs get harmless stand-ins.
        let mut benign = root.clone();
        for (path, kind, _) in &failed {
            set_path(&mut benign, path, stand_in(&root, path, *kind));
        }
        let failed_paths: Vec<&str> = failed.iter().map(|(p, _, _)| p.as_str()).collect();
        if let Err(more) = Assessment::from_value(benign) {
            for e in humanise(more).0 {
                if !failed_paths.contains(&e.field.as_str()) {
                    errors.0.push(e);
                }
            }
        }
        // The allowed range of each unreadable input, as the validator words it: probe with a
        // value outside every range and keep the rule it states.
        let mut probe = root;
        for (path, kind, _) in &failed {
            if let Some(v) = out_of_range(*kind) {
                set_path(&mut probe, path, v);
            }
        }
        let ranges = Assessment::from_value(probe).err().unwrap_or_default();
        for (path, _, problem) in failed {
            let rule = ranges.for_field(&path).and_then(range_rule);
            errors.push(path.clone(), problem.message(rule.as_deref()));
        }
        Err(in_form_order(errors))
    }
}

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Required,
    NotANumber(NumberError),
    NotAChoice(String),
}

impl Problem {
    /// The message shown next to the field; `rule` is the validator's range ("between 1 and
    /// 87,600 hours").
    fn message(&self, rule: Option<&str>) -> String {
        let allowed = rule.map(|r| format!(" Allowed: {r}.")).unwrap_or_default();
        match self {
            Self::Required => match rule {
                Some(r) => format!("is required: type a value {r}."),
                None => "is required.".to_owned(),
            },
            Self::NotANumber(e) => format!("{e}.{allowed}"),
            Self::NotAChoice(raw) => format!("\"{raw}\" is not one of the choices."),
        }
    }
}

/// "must be between 1 and 87,600 hours (got 4294967295)" → "between 1 and 87,600 hours".
fn range_rule(message: &str) -> Option<String> {
    let rule = message.strip_prefix("must be ")?;
    let rule = rule.split(" (got ").next().unwrap_or(rule);
    Some(rule.to_owned())
}

/// Turn one posted string into a JSON value; `Ok(None)` leaves the key out (defaults apply).
fn read(spec: &FieldSpec, raw: &str) -> Result<Option<Value>, Problem> {
    let raw = raw.trim();
    match spec.kind {
        // Left out: the default applies.
        Kind::Text { required: false } | Kind::BigInteger if raw.is_empty() => Ok(None),
        Kind::Text { .. } | Kind::Region => Ok(Some(Value::from(raw))),
        Kind::Select(options) => {
            if raw.is_empty() {
                return Ok(None);
            }
            if !options().iter().any(|(v, _)| *v == raw) {
                return Err(Problem::NotAChoice(raw.to_owned()));
            }
            // Numeric selects (availability zones) are numbers in JSON.
            Ok(Some(
                raw.parse::<u64>()
                    .map_or_else(|_| Value::from(raw), Value::from),
            ))
        }
        Kind::CheckboxGroup(choices) => {
            let mut picked = Vec::new();
            for v in group_values(raw) {
                if !choices.iter().any(|c| c.0 == v) {
                    return Err(Problem::NotAChoice(v.to_owned()));
                }
                picked.push(Value::from(v));
            }
            Ok(Some(Value::Array(picked)))
        }
        Kind::Checkbox => Ok(Some(Value::Bool(matches!(
            raw,
            "true" | "on" | "1" | "yes"
        )))),
        Kind::Number { required } | Kind::Integer { required } if raw.is_empty() => {
            if required {
                Err(Problem::Required)
            } else {
                Ok(None)
            }
        }
        Kind::OptionalInteger if raw.is_empty() => Ok(Some(Value::Null)),
        Kind::Number { .. } => {
            let d = number::parse(strip_unit(raw, spec.unit)).map_err(Problem::NotANumber)?;
            let x = rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN);
            Ok(serde_json::Number::from_f64(x).map(Value::Number))
        }
        Kind::Integer { .. } | Kind::OptionalInteger | Kind::BigInteger => {
            let n = number::parse_whole(strip_unit(raw, spec.unit)).map_err(Problem::NotANumber)?;
            Ok(Some(Value::from(n)))
        }
    }
}

/// The values a checkbox group holds (`"warpstream,redpanda"`), in the order held.
pub fn group_values(raw: &str) -> Vec<&str> {
    raw.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// "10 MB/s" in a field whose unit is MB/s reads as 10; "12 %" as 12.
fn strip_unit<'a>(raw: &'a str, unit: &str) -> &'a str {
    let unit = unit.trim();
    if unit.is_empty() || raw.len() <= unit.len() {
        return raw;
    }
    let cut = raw.len() - unit.len();
    match (raw.get(..cut), raw.get(cut..)) {
        (Some(head), Some(tail)) if tail.eq_ignore_ascii_case(unit) => head.trim_end(),
        _ => raw,
    }
}

/// The value an input reads as, with its unit, for display next to the field ("1,500 MB/s");
/// `None` when it is empty, not a number field, or cannot be read.
pub fn reading(spec: &FieldSpec, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let text = match spec.kind {
        Kind::Number { .. } => number::quantity(number::parse(strip_unit(raw, spec.unit)).ok()?),
        Kind::Integer { .. } | Kind::OptionalInteger => {
            number::int(number::parse_whole(strip_unit(raw, spec.unit)).ok()?)
        }
        _ => return None,
    };
    Some(if spec.unit.is_empty() {
        text
    } else {
        format!("{text} {}", spec.unit)
    })
}

/// A harmless value for an input that could not be read, so the rest is validated.
fn stand_in(root: &Value, path: &str, kind: Kind) -> Value {
    let parsed = |p: &str| lookup(root, p).and_then(Value::as_u64).unwrap_or(1).max(1);
    match (path, kind) {
        // Partitions that satisfy every partition rule for the topics actually typed.
        ("workload.partitions", _) => {
            Value::from(parsed("workload.topics") * parsed("workload.max_partitions_per_topic"))
        }
        (_, Kind::Number { .. } | Kind::Integer { .. } | Kind::BigInteger) => Value::from(1),
        (p, Kind::Select(options)) if p.ends_with(".direction") => {
            Value::from(options().first().map_or("source", |o| o.0))
        }
        // Optional integers, text and the rest: nothing.
        _ => Value::Null,
    }
}

/// A value outside every range the validator allows for a field of this kind.
fn out_of_range(kind: Kind) -> Option<Value> {
    match kind {
        Kind::Integer { .. } | Kind::OptionalInteger => Some(Value::from(u32::MAX)),
        Kind::Number { .. } => serde_json::Number::from_f64(-1e20).map(Value::Number),
        _ => None,
    }
}

/// Put `value` at `path` (`workload.topics`, `connectors[2].tasks`); `Null` removes the key,
/// so the scenario's default applies.
fn set_path(root: &mut Value, path: &str, value: Value) {
    if let Some(rest) = path.strip_prefix("connectors[")
        && let Some((i, column)) = rest.split_once("].")
        && let Ok(i) = i.parse::<usize>()
    {
        if let Some(row) = root
            .get_mut("connectors")
            .and_then(|c| c.get_mut(i))
            .and_then(Value::as_object_mut)
        {
            if value.is_null() {
                row.remove(column);
            } else {
                row.insert(column.to_owned(), value);
            }
        }
        return;
    }
    if value.is_null() {
        if let Some((parent, key)) = path.rsplit_once('.') {
            if let Some(obj) = lookup_mut(root, parent).and_then(Value::as_object_mut) {
                obj.remove(key);
            }
        } else if let Some(obj) = root.as_object_mut() {
            obj.remove(path);
        }
    } else {
        insert(root, path, value);
    }
}

fn lookup_mut<'a>(json: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.').try_fold(json, |v, part| v.get_mut(part))
}

/// Errors from the deserialiser (none are expected from the form, which sends only values it
/// has read) never reach the page in serde's words.
fn humanise(errors: ValidationErrors) -> ValidationErrors {
    ValidationErrors(
        errors
            .0
            .into_iter()
            .map(|mut e| {
                if e.message.contains("missing field") || e.message == "must not be empty" {
                    "is required.".clone_into(&mut e.message);
                } else if e.message.contains("invalid type") || e.message.contains("invalid value")
                {
                    "could not be read: check the value.".clone_into(&mut e.message);
                }
                e
            })
            .collect(),
    )
}

/// Where a field sits on the page: the error summary lists problems top to bottom.
fn page_position(path: &str) -> (usize, usize, usize) {
    // Connectors are drawn after the second section.
    if let Some(rest) = path.strip_prefix("connectors[") {
        let (i, column) = rest.split_once("].").unwrap_or((rest, ""));
        let col = CONNECTOR_COLUMNS
            .iter()
            .position(|c| c.path == column)
            .unwrap_or(0);
        return (2, i.parse().unwrap_or(0), col);
    }
    SECTIONS
        .iter()
        .enumerate()
        .find_map(|(si, s)| {
            let fi = s.fields.iter().position(|f| path.starts_with(f.path))?;
            let page = if si < 2 { si } else { si + 1 };
            Some((page, 0, fi))
        })
        .unwrap_or((usize::MAX, 0, 0))
}

fn in_form_order(mut errors: ValidationErrors) -> ValidationErrors {
    errors.0.sort_by_key(|e| page_position(&e.field));
    errors
}

fn parse_connector_key(key: &str) -> Option<(usize, &str)> {
    let rest = key.strip_prefix("connectors[")?;
    let (index, column) = rest.split_once("].")?;
    let index: usize = index.parse().ok()?;
    // Bound the row index so a crafted post cannot allocate an absurd table.
    (index < 100_000 && CONNECTOR_COLUMNS.iter().any(|c| c.path == column))
        .then_some((index, column))
}

fn insert(root: &mut Value, path: &str, value: Value) {
    let mut cur = root;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(obj) = cur.as_object_mut() else {
            return;
        };
        if parts.peek().is_none() {
            obj.insert(part.to_owned(), value);
            return;
        }
        cur = obj
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

fn lookup<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(json, |v, part| v.get(part))
}

fn display(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::Bool(b)) => {
            if *b {
                "true".into()
            } else {
                String::new()
            }
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            _ => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
