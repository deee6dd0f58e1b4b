//! Side-by-side comparison of two reports (two assessments, or two revisions of one):
//! which inputs differ, which verdicts changed, and how each option's cost moved.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use super::Report;
use crate::decision::Verdict;
use crate::domain::PlatformOption;

/// One input whose value differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputChange {
    /// Path in the scenario, e.g. `workload.retention_hours` or `connectors[orders-cdc].tasks`.
    pub field: String,
    /// The value on the left, as JSON text; absent when the field only exists on the right.
    pub left: Option<String>,
    pub right: Option<String>,
}

/// How one option fared on each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionChange {
    #[serde(flatten)]
    pub option: PlatformOption,
    pub label: &'static str,
    pub left_verdict: Option<Verdict>,
    pub right_verdict: Option<Verdict>,
    #[serde(with = "rust_decimal::serde::float")]
    pub left_total: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub right_total: Decimal,
    /// right − left.
    #[serde(with = "rust_decimal::serde::float")]
    pub delta: Decimal,
    /// Relative change, percent of the left total; absent when the left total is zero.
    pub delta_percent: Option<f64>,
    /// Rules that fired on one side only for this option.
    pub rules_added: Vec<String>,
    pub rules_removed: Vec<String>,
}

/// The comparison of two reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub inputs: Vec<InputChange>,
    pub options: Vec<OptionChange>,
    pub left_recommendation: Option<PlatformOption>,
    pub right_recommendation: Option<PlatformOption>,
    pub recommendation_changed: bool,
    /// Options compared on one side only (the two scenarios pick different object-storage
    /// profiles, `options.object_storage_profiles`), in words; they have no row above.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Compare `left` with `right`.
pub fn compare(left: &Report, right: &Report) -> Comparison {
    let l = flatten_scenario(left);
    let r = flatten_scenario(right);
    let mut inputs = Vec::new();
    let keys: std::collections::BTreeSet<&String> = l.keys().chain(r.keys()).collect();
    for k in keys {
        let (a, b) = (l.get(k), r.get(k));
        if a != b {
            inputs.push(InputChange {
                field: k.clone(),
                left: a.cloned(),
                right: b.cloned(),
            });
        }
    }
    let options = left
        .options()
        .filter_map(|(le, lv)| {
            let (re, rv) = right.options().find(|(e, _)| e.option == le.option)?;
            let rules = |v: Option<&crate::decision::OptionVerdict>| -> Vec<String> {
                let mut r: Vec<String> = v
                    .map(|v| v.reasons.iter().map(|x| x.rule.clone()).collect())
                    .unwrap_or_default();
                r.sort();
                r.dedup();
                r
            };
            let (lr, rr) = (rules(lv), rules(rv));
            let delta = re.total - le.total;
            let delta_percent = if le.total.is_zero() {
                None
            } else {
                (delta / le.total * Decimal::from(100))
                    .round_dp(1)
                    .try_into()
                    .ok()
            };
            Some(OptionChange {
                option: le.option,
                label: le.option.label(),
                left_verdict: lv.map(|v| v.verdict),
                right_verdict: rv.map(|v| v.verdict),
                left_total: le.total,
                right_total: re.total,
                delta,
                delta_percent,
                rules_added: rr.iter().filter(|x| !lr.contains(x)).cloned().collect(),
                rules_removed: lr.iter().filter(|x| !rr.contains(x)).cloned().collect(),
            })
        })
        .collect();
    let (lo, ro) = (
        left.decision.recommendation.option,
        right.decision.recommendation.option,
    );
    Comparison {
        inputs,
        options,
        left_recommendation: lo,
        right_recommendation: ro,
        recommendation_changed: lo != ro,
        notes: one_sided(left, right),
    }
}

/// "Compared on the left only: …" for the options one report compares and the other does not.
fn one_sided(left: &Report, right: &Report) -> Vec<String> {
    let only = |a: &Report, b: &Report| -> Vec<&'static str> {
        a.options()
            .filter(|(e, _)| b.options().all(|(f, _)| f.option != e.option))
            .map(|(e, _)| e.option.label())
            .collect()
    };
    [("left", only(left, right)), ("right", only(right, left))]
        .into_iter()
        .filter(|(_, labels)| !labels.is_empty())
        .map(|(side, labels)| {
            format!(
                "Compared on the {side} only (options.object_storage_profiles differs): {}.",
                labels.join(", ")
            )
        })
        .collect()
}

/// The scenario as `path → JSON text`, connectors keyed by name so a reordered inventory
/// does not show as a change of every row.
fn flatten_scenario(report: &Report) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(mut v) = serde_json::to_value(report.assessment.scenario()) else {
        return out;
    };
    // Written only when it is not every profile; compared as what it means, so a side that
    // compares all four shows the four, not "absent".
    if let Some(o) = v.get_mut("options").and_then(Value::as_object_mut) {
        o.entry("object_storage_profiles").or_insert_with(|| {
            serde_json::to_value(&report.assessment.options.object_storage_profiles)
                .unwrap_or(Value::Null)
        });
    }
    if let Some(Value::Array(connectors)) = v.as_object_mut().and_then(|o| o.remove("connectors")) {
        for c in connectors {
            let name = c
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            flatten(&c, &format!("connectors[{name}]"), &mut out);
        }
    }
    flatten(&v, "", &mut out);
    out
}

fn flatten(v: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(child, &path, out);
            }
        }
        other => {
            out.insert(prefix.to_owned(), other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Assessment;
    use crate::report::Provenance;

    fn report(json: &str) -> Report {
        let a = Assessment::parse_json(json.as_bytes()).unwrap();
        Report::build(a, Provenance::default(), crate::test_support::price_book())
    }

    fn small() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/small-azure-ingestion.json"
        ))
        .unwrap()
    }

    #[test]
    fn identical_reports_have_no_differences() {
        let c = compare(&report(&small()), &report(&small()));
        assert!(c.inputs.is_empty());
        assert!(!c.recommendation_changed);
        assert!(
            c.options
                .iter()
                .all(|o| o.delta.is_zero() && o.rules_added.is_empty())
        );
    }

    #[test]
    fn longer_retention_shows_as_an_input_a_verdict_and_a_cost_change() {
        let longer = small().replacen("\"retention_hours\": 72", "\"retention_hours\": 720", 1);
        let c = compare(&report(&small()), &report(&longer));
        assert_eq!(c.inputs.len(), 1);
        assert_eq!(c.inputs[0].field, "workload.retention_hours");
        assert_eq!(c.inputs[0].left.as_deref(), Some("72"));
        assert_eq!(c.inputs[0].right.as_deref(), Some("720"));
        let std = &c.options[0];
        assert_eq!(std.right_verdict, Some(Verdict::Disqualified));
        assert!(
            std.rules_added.contains(&"R7-STD".to_owned()),
            "{:?}",
            std.rules_added
        );
        assert!(c.recommendation_changed);
        let self_managed = c
            .options
            .iter()
            .find(|o| o.option.platform == crate::domain::Platform::SelfManagedKafka)
            .unwrap();
        assert!(self_managed.delta > Decimal::ZERO);
        assert_eq!(
            self_managed.delta,
            self_managed.right_total - self_managed.left_total
        );
    }

    #[test]
    fn connectors_are_matched_by_name() {
        let reordered: Value = {
            let mut v: Value = serde_json::from_str(&small()).unwrap();
            let list = v["connectors"].as_array_mut().unwrap();
            list.reverse();
            list[0]["tasks"] = Value::from(2);
            v
        };
        let c = compare(&report(&small()), &report(&reordered.to_string()));
        let fields: Vec<&str> = c.inputs.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["connectors[store-inventory-http].tasks"]);
    }

    #[test]
    fn options_compared_on_one_side_only_are_named_not_dropped_silently() {
        let mut two: Value = serde_json::from_str(&small()).unwrap();
        two["options"]["object_storage_profiles"] = serde_json::json!(["warpstream", "redpanda"]);
        let c = compare(&report(&small()), &report(&two.to_string()));
        assert_eq!(c.inputs.len(), 1);
        assert_eq!(c.inputs[0].field, "options.object_storage_profiles");
        assert_eq!(
            c.inputs[0].left.as_deref(),
            Some(r#"["warpstream","automq","automq_open_source","redpanda"]"#)
        );
        assert_eq!(
            c.inputs[0].right.as_deref(),
            Some(r#"["warpstream","redpanda"]"#)
        );
        // Seven options on both sides; the two AutoMQ profiles only on the left.
        assert_eq!(c.options.len(), 7);
        assert_eq!(
            c.notes,
            [
                "Compared on the left only (options.object_storage_profiles differs): AutoMQ BYOC on Blob, AutoMQ open source on Blob."
            ]
        );
        let back = compare(&report(&two.to_string()), &report(&small()));
        assert!(back.notes[0].starts_with("Compared on the right only"));
        assert!(
            compare(&report(&small()), &report(&small()))
                .notes
                .is_empty()
        );
    }
}
