//! Putting imported connectors into an existing scenario: merge or replace.

use serde::{Deserialize, Serialize};

use serde_json::Value;

use crate::domain::{Connector, Scenario};

/// How imported rows meet the assessment's current list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum MergeMode {
    /// Keep every existing row; add the imported ones. A same-named imported row replaces
    /// the existing row only when `overwrite_same_named` is set, and is skipped otherwise.
    Merge {
        /// Replace same-named existing rows instead of skipping the imported ones.
        overwrite_same_named: bool,
    },
    /// The imported rows become the list (the previous revision keeps the old one).
    Replace,
}

/// What happens to one imported row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A new row.
    Add,
    /// Updates the existing row of the same name (the fields the import states).
    Replace,
    /// Not imported: a row of that name exists and overwriting was not asked for.
    Skip,
    /// Left out by the user in the preview.
    Excluded,
}

impl RowAction {
    /// A label for the preview.
    pub fn label(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Replace => "update",
            Self::Skip => "skip: name exists",
            Self::Excluded => "excluded",
        }
    }
}

/// One field of an existing row that an import changes: old → new, as the scenario writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The scenario key (`tasks`, `system_location` …).
    pub field: String,
    pub old: String,
    pub new: String,
}

/// One imported row's fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowOutcome {
    /// The imported connector's name.
    pub name: String,
    /// What happens to it.
    pub action: RowAction,
    /// For an updated row: each field whose value changes.
    pub changes: Vec<FieldChange>,
}

/// The scenario after the import, and what changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergePlan {
    /// The scenario to save: the existing one with the new connector list.
    pub scenario: Scenario,
    /// One per imported row, in import order.
    pub rows: Vec<RowOutcome>,
    /// Existing rows that a replace drops (they stay in the previous revision).
    pub removed: Vec<String>,
}

impl MergePlan {
    /// Rows of the given action.
    pub fn count(&self, action: RowAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
}

/// Apply `imported` to a copy of `existing`, every imported field taken as stated.
pub fn merge(existing: &Scenario, imported: &[Connector], mode: MergeMode) -> MergePlan {
    merge_with(existing, imported, mode, &|_, _| true, &|_| true)
}

/// Apply an import to a copy of `existing`: rows the user excluded (`included(i)` false) are
/// left out, and a same-named existing row takes only the fields the import states
/// (`carries(i, field)`), keeping its location, isolation, throughput … when the source
/// cannot show them.
pub fn merge_with(
    existing: &Scenario,
    imported: &[Connector],
    mode: MergeMode,
    carries: &dyn Fn(usize, &str) -> bool,
    included: &dyn Fn(usize) -> bool,
) -> MergePlan {
    let mut scenario = existing.clone();
    let same = |a: &Connector, b: &Connector| a.name.trim() == b.name.trim();
    let mut rows = Vec::with_capacity(imported.len());
    let mut list: Vec<Connector> = match mode {
        MergeMode::Replace => Vec::new(),
        MergeMode::Merge { .. } => existing.connectors.clone(),
    };
    for (i, new) in imported.iter().enumerate() {
        let outcome = |action, changes| RowOutcome {
            name: new.name.clone(),
            action,
            changes,
        };
        if !included(i) {
            rows.push(outcome(RowAction::Excluded, Vec::new()));
            continue;
        }
        let old = existing.connectors.iter().find(|old| same(old, new));
        let overwrite = match mode {
            MergeMode::Replace => true,
            MergeMode::Merge {
                overwrite_same_named,
            } => overwrite_same_named,
        };
        match old {
            Some(_) if !overwrite => rows.push(outcome(RowAction::Skip, Vec::new())),
            Some(old) => {
                let updated = overlay(old, new, &|field| carries(i, field));
                let changes = changes(old, &updated);
                match mode {
                    // In place, so the inventory keeps its order.
                    MergeMode::Merge { .. } => {
                        if let Some(slot) = list.iter_mut().find(|c| same(c, new)) {
                            *slot = updated;
                        }
                    }
                    MergeMode::Replace => list.push(updated),
                }
                rows.push(outcome(RowAction::Replace, changes));
            }
            None => {
                list.push(new.clone());
                rows.push(outcome(RowAction::Add, Vec::new()));
            }
        }
    }
    let removed = match mode {
        MergeMode::Replace => existing
            .connectors
            .iter()
            .filter(|old| !list.iter().any(|new| same(old, new)))
            .map(|old| old.name.clone())
            .collect(),
        MergeMode::Merge { .. } => Vec::new(),
    };
    scenario.connectors = list;
    MergePlan {
        scenario,
        rows,
        removed,
    }
}

/// `old` with the fields `carries` names taken from `new`.
fn overlay(old: &Connector, new: &Connector, carries: &dyn Fn(&str) -> bool) -> Connector {
    let (Ok(Value::Object(mut merged)), Ok(Value::Object(fresh))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return new.clone();
    };
    for (field, value) in fresh {
        if carries(&field) {
            merged.insert(field, value);
        }
    }
    serde_json::from_value(Value::Object(merged)).unwrap_or_else(|_| new.clone())
}

/// Each field whose value differs between two rows, in the scenario's key order.
fn changes(old: &Connector, new: &Connector) -> Vec<FieldChange> {
    let (Ok(Value::Object(a)), Ok(Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    a.iter()
        .filter_map(|(field, before)| {
            let after = b.get(field)?;
            (after != before).then(|| FieldChange {
                field: field.clone(),
                old: shown(before),
                new: shown(after),
            })
        })
        .collect()
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DataFormat, Direction, Scenario, SystemLocation};

    fn connector(name: &str, tasks: u32) -> Connector {
        Connector {
            name: name.into(),
            class: "a.B".into(),
            direction: Direction::Source,
            tasks,
            mb_per_s: 1.0,
            system_location: SystemLocation::default(),
            exactly_once: false,
            format: DataFormat::default(),
            dead_letter_queue: false,
            isolated: false,
            topics_created: 0,
        }
    }

    fn scenario(connectors: Vec<Connector>) -> Scenario {
        let mut s: Scenario = serde_json::from_value(serde_json::json!({
            "schema_version": 1, "name": "s", "region": "eastus",
            "workload": { "write_mb_per_s": 1, "topics": 1, "partitions": 1 }
        }))
        .unwrap();
        s.connectors = connectors;
        s
    }

    #[test]
    fn merge_skips_same_named_unless_overwriting() {
        let existing = scenario(vec![connector("a", 1), connector("b", 1)]);
        let imported = [connector("b", 5), connector("c", 2)];
        let plan = merge(
            &existing,
            &imported,
            MergeMode::Merge {
                overwrite_same_named: false,
            },
        );
        let names: Vec<_> = plan
            .scenario
            .connectors
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(plan.scenario.connectors[1].tasks, 1);
        assert_eq!(plan.count(RowAction::Skip), 1);

        let plan = merge(
            &existing,
            &imported,
            MergeMode::Merge {
                overwrite_same_named: true,
            },
        );
        assert_eq!(plan.scenario.connectors[1].tasks, 5);
        assert_eq!(plan.count(RowAction::Replace), 1);
        assert_eq!(plan.count(RowAction::Add), 1);
    }

    #[test]
    fn replace_lists_what_is_dropped() {
        let existing = scenario(vec![connector("a", 1), connector("b", 1)]);
        let plan = merge(&existing, &[connector("b", 3)], MergeMode::Replace);
        assert_eq!(plan.scenario.connectors.len(), 1);
        assert_eq!(plan.removed, ["a"]);
        assert_eq!(plan.rows[0].action, RowAction::Replace);
        assert_eq!(plan.scenario.name, existing.name);
    }

    /// Issue 16: overwriting a row with a listing's row replaced its location, throughput,
    /// format and exactly-once with the listing's defaults. Only what the listing states changes.
    #[test]
    fn overwriting_keeps_every_field_the_import_does_not_state() {
        let mut mine = connector("b", 1);
        mine.system_location = crate::domain::SystemLocation::OnPremises;
        mine.mb_per_s = 7.5;
        mine.exactly_once = true;
        mine.format = crate::domain::DataFormat::Avro;
        mine.isolated = true;
        let existing = scenario(vec![connector("a", 1), mine.clone()]);
        let listed = connector("b", 4);
        let states = |_: usize, f: &str| matches!(f, "name" | "class" | "direction" | "tasks");
        for mode in [
            MergeMode::Merge {
                overwrite_same_named: true,
            },
            MergeMode::Replace,
        ] {
            let plan = merge_with(
                &existing,
                std::slice::from_ref(&listed),
                mode,
                &states,
                &|_| true,
            );
            let b = plan
                .scenario
                .connectors
                .iter()
                .find(|c| c.name == "b")
                .unwrap();
            assert_eq!(b.tasks, 4, "{mode:?}");
            assert_eq!(
                (
                    b.system_location,
                    b.mb_per_s,
                    b.exactly_once,
                    b.format,
                    b.isolated
                ),
                (mine.system_location, 7.5, true, mine.format, true),
                "{mode:?}"
            );
            assert_eq!(
                plan.rows[0].changes,
                [FieldChange {
                    field: "tasks".into(),
                    old: "1".into(),
                    new: "4".into()
                }]
            );
        }
    }

    #[test]
    fn excluded_rows_change_nothing() {
        let existing = scenario(vec![connector("a", 1)]);
        let plan = merge_with(
            &existing,
            &[connector("a", 9), connector("c", 2)],
            MergeMode::Merge {
                overwrite_same_named: true,
            },
            &|_, _| true,
            &|i| i == 1,
        );
        assert_eq!(plan.scenario.connectors[0].tasks, 1);
        assert_eq!(plan.scenario.connectors.len(), 2);
        assert_eq!(plan.rows[0].action, RowAction::Excluded);
    }
}
