//! Putting imported connectors into an existing scenario: merge or replace.

use serde::{Deserialize, Serialize};

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
    /// Replaces the existing row of the same name.
    Replace,
    /// Not imported: a row of that name exists and overwriting was not asked for.
    Skip,
}

impl RowAction {
    /// A label for the preview.
    pub fn label(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Replace => "replace",
            Self::Skip => "skip: name exists",
        }
    }
}

/// One imported row's fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowOutcome {
    /// The imported connector's name.
    pub name: String,
    /// What happens to it.
    pub action: RowAction,
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

/// Apply `imported` to a copy of `existing`. Names compare after trimming, as validation does.
/// Everything outside `connectors` is left as it is.
pub fn merge(existing: &Scenario, imported: &[Connector], mode: MergeMode) -> MergePlan {
    let mut scenario = existing.clone();
    let same = |a: &Connector, b: &Connector| a.name.trim() == b.name.trim();
    match mode {
        MergeMode::Replace => {
            let removed = existing
                .connectors
                .iter()
                .filter(|old| !imported.iter().any(|new| same(old, new)))
                .map(|old| old.name.clone())
                .collect();
            let rows = imported
                .iter()
                .map(|new| RowOutcome {
                    name: new.name.clone(),
                    action: if existing.connectors.iter().any(|old| same(old, new)) {
                        RowAction::Replace
                    } else {
                        RowAction::Add
                    },
                })
                .collect();
            scenario.connectors = imported.to_vec();
            MergePlan {
                scenario,
                rows,
                removed,
            }
        }
        MergeMode::Merge {
            overwrite_same_named,
        } => {
            let mut rows = Vec::with_capacity(imported.len());
            for new in imported {
                let action = match scenario.connectors.iter_mut().find(|old| same(old, new)) {
                    // In place, so the inventory keeps its order.
                    Some(old) if overwrite_same_named => {
                        *old = new.clone();
                        RowAction::Replace
                    }
                    Some(_) => RowAction::Skip,
                    None => {
                        scenario.connectors.push(new.clone());
                        RowAction::Add
                    }
                };
                rows.push(RowOutcome {
                    name: new.name.clone(),
                    action,
                });
            }
            MergePlan {
                scenario,
                rows,
                removed: Vec::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Direction, Scenario};

    fn connector(name: &str, tasks: u32) -> Connector {
        Connector {
            name: name.into(),
            class: "a.B".into(),
            direction: Direction::Source,
            tasks,
            mb_per_s: 1.0,
            system_location: Default::default(),
            exactly_once: false,
            format: Default::default(),
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
}
