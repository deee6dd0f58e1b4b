//! Property tests: neither parser panics on any input, and whatever they accept is a
//! consistent import whose connectors pass scenario validation.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::*;
use crate::domain::Assessment;

fn check_accepted(import: &Import) -> Result<(), TestCaseError> {
    prop_assert!(import.is_consistent());
    prop_assert!(!import.connectors.is_empty());
    let validated = Assessment::validate(new_scenario("prop", import));
    prop_assert!(validated.is_ok(), "{:?}", validated.err());
    Ok(())
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::from),
        "(source|sink|SOURCE|FAILED|RUNNING|PAUSED|[0-9]{1,5}|a\\.B(Sink|Source)?Connector)"
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A config: the keys the import reads (and a secret) with arbitrary values.
fn config() -> impl Strategy<Value = Value> {
    let keys = prop::sample::subsequence(
        connect_rest::KEYS_READ
            .iter()
            .chain(&["database.password"])
            .copied()
            .collect::<Vec<_>>(),
        0..=connect_rest::KEYS_READ.len() + 1,
    );
    (keys, prop::collection::vec(json_value(), 13)).prop_map(|(keys, values)| {
        let map: Map<String, Value> = keys
            .into_iter()
            .zip(values)
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        Value::Object(map)
    })
}

/// Listing-shaped JSON whose every leaf may be of the wrong type.
fn listing() -> impl Strategy<Value = Value> {
    let entry = (
        config(),
        json_value(),
        json_value(),
        json_value(),
        prop::option::of(json_value()),
        any::<bool>(),
    )
        .prop_map(|(config, typ, tasks, state, status_tasks, with_status)| {
            let mut entry = serde_json::json!({
                "info": { "config": config, "type": typ, "tasks": tasks }
            });
            if with_status {
                entry["status"] = serde_json::json!({
                    "connector": { "state": state },
                    "tasks": status_tasks,
                });
            }
            entry
        });
    prop::collection::btree_map("[a-z \\t]{0,6}", entry, 0..8)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn rest_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(import) = connect_rest::parse(&bytes, &no_typical_figures) {
            check_accepted(&import)?;
        }
    }

    #[test]
    fn rest_never_panics_on_any_json(value in json_value()) {
        if let Ok(import) = connect_rest::parse(value.to_string().as_bytes(), &no_typical_figures) {
            check_accepted(&import)?;
        }
    }

    #[test]
    fn rest_never_panics_on_listing_shaped_json(value in listing()) {
        let typical = |c: &str| c.len().is_multiple_of(2).then_some(f64::from(u32::try_from(c.len()).unwrap_or(0)));
        if let Ok(import) = connect_rest::parse(value.to_string().as_bytes(), &typical) {
            check_accepted(&import)?;
            let json = serde_json::to_string(&import).unwrap_or_default();
            prop_assert!(!json.contains("database.password"));
        }
    }

    #[test]
    fn csv_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(import) = csv_template::parse(&bytes, &no_typical_figures) {
            check_accepted(&import)?;
        }
    }

    #[test]
    fn csv_never_panics_on_template_like_text(
        header in prop::sample::subsequence(csv_template::COLUMNS.to_vec(), 0..=csv_template::COLUMNS.len()),
        body in "([a-zA-Z0-9 .,;\"\\-]{0,12}[,\\r\\n]){0,40}",
        bom in any::<bool>(),
    ) {
        let text = format!("{}{}\n{body}", if bom { "\u{feff}" } else { "" }, header.join(","));
        if let Ok(import) = csv_template::parse(text.as_bytes(), &no_typical_figures) {
            check_accepted(&import)?;
        }
    }
}
