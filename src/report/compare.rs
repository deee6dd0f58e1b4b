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
    }
}

/// The scenario as `path → JSON text`, connectors keyed by name so a reordered inventory
/// does not show as a change of every row.
fn flatten_scenario(report: &Report) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(mut v) = serde_json::to_value(report.assessment.scenario()) else {
        return out;
    };
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
}
