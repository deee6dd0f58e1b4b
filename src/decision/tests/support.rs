//! Test helpers: small scenarios from JSON patches, synthetic costs, and lookups.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::decision::{Decision, Effect, OptionCost, Reason, evaluate};
use crate::domain::{Assessment, ConnectRuntime, PlatformOption};
use crate::estate::EstateFacts;
use crate::knowledge::ConnectorKb;

pub const STD: PlatformOption = PlatformOption::EVENT_HUBS_STANDARD;
pub const PREM: PlatformOption = PlatformOption::EVENT_HUBS_PREMIUM;
pub const DED: PlatformOption = PlatformOption::EVENT_HUBS_DEDICATED;
pub const OBJ: PlatformOption = PlatformOption::KAFKA_COMPATIBLE;

/// Self-managed Kafka on AKS, the default runtime.
pub fn self_aks() -> PlatformOption {
    PlatformOption::self_managed(ConnectRuntime::Aks)
}

/// A small, clean estate that hits no hard limit; tests patch what they need.
pub fn base() -> Value {
    json!({
        "schema_version": 1,
        "name": "rule test",
        "region": "eastus",
        "workload": {
            "write_mb_per_s": 1,
            "peak_to_average": 1,
            "max_record_bytes": 65536,
            "retention_hours": 72,
            "topics": 2,
            "partitions": 4
        }
    })
}

/// RFC 7386-style merge: objects merge recursively, everything else replaces.
pub fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                merge(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// The base scenario with a patch applied, validated.
pub fn scenario(patch: &Value) -> Assessment {
    let mut v = base();
    merge(&mut v, patch);
    match Assessment::from_value(v) {
        Ok(a) => a,
        Err(e) => panic!("test scenario is invalid: {e:?}"),
    }
}

/// Synthetic costs in `PlatformOption::all` order: (monthly total, fully priced). Five
/// totals name the options before the tiered-storage variant existed: it is then left out of
/// the comparison as an option that cannot deliver (a lower bound, disqualified by CAP-LB), so
/// those tests keep deciding among the five they were written for. Five or six totals name one
/// object-storage option, as before vendor profiles: it is the default profile (WarpStream)
/// and the other profiles are left out the same way.
pub fn costs(a: &Assessment, totals: &[(i64, bool)]) -> Vec<OptionCost> {
    let mut totals = totals.to_vec();
    let legacy = totals.len() == 5;
    if legacy {
        totals.insert(4, totals[3]);
    }
    let one_profile = totals.len() == 6;
    if one_profile {
        let obj = totals[5];
        totals.extend([obj; 3]);
    }
    PlatformOption::all(a.options.connect_runtime)
        .iter()
        .zip(totals)
        .map(|(&option, (total, fully_priced))| OptionCost {
            option,
            monthly_total: Decimal::from(total),
            fully_priced,
            lower_bound: (legacy && option.variant.is_tiered())
                || (one_profile
                    && option.object_storage_profile().is_some()
                    && option != PlatformOption::KAFKA_COMPATIBLE),
            monthly_total_with_people: Decimal::from(total),
            units_needed: None,
            connect_workers: 2,
            awaiting_licence: false,
        })
        .collect()
}

/// Fully priced synthetic costs.
pub fn priced(a: &Assessment, totals: [i64; 5]) -> Vec<OptionCost> {
    let t: Vec<(i64, bool)> = totals.iter().map(|&x| (x, true)).collect();
    costs(a, &t)
}

pub fn decide(a: &Assessment, costs: &[OptionCost]) -> Decision {
    let facts = EstateFacts::derive(a, ConnectorKb::embedded());
    evaluate(a, &facts, costs)
}

/// The reasons a rule gave for an option.
pub fn reasons<'d>(d: &'d Decision, option: PlatformOption, rule: &str) -> Vec<&'d Reason> {
    d.options
        .iter()
        .filter(|v| v.option == option)
        .flat_map(|v| v.reasons.iter())
        .filter(|r| r.rule == rule)
        .collect()
}

pub fn fired(d: &Decision, option: PlatformOption, rule: &str) -> bool {
    !reasons(d, option, rule).is_empty()
}

/// Options with at least one disqualifying reason.
pub fn disqualified(d: &Decision) -> Vec<PlatformOption> {
    d.options
        .iter()
        .filter(|v| v.reasons.iter().any(|r| r.effect == Effect::Disqualify))
        .map(|v| v.option)
        .collect()
}

/// A connector JSON object.
pub fn connector(name: &str, class: &str, direction: &str, extra: Value) -> Value {
    let mut c = json!({ "name": name, "class": class, "direction": direction });
    merge(&mut c, &extra);
    c
}
