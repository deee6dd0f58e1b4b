//! Form state: parsing posted strings, one-pass validation, readings.
use super::*;

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn minimal() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "Test"),
        ("region", "eastus"),
        ("currency", "USD"),
        ("workload.write_mb_per_s", "10"),
        ("workload.topics", "4"),
        ("workload.partitions", "16"),
        ("network.availability_zones", "3"),
        ("connectors[0].name", "a"),
        (
            "connectors[0].class",
            "io.debezium.connector.mysql.MySqlConnector",
        ),
        ("connectors[0].direction", "source"),
        ("connectors[0].tasks", "1"),
    ]
}

#[test]
fn a_minimal_form_validates_with_defaults() {
    let (state, action) = FormState::from_pairs(pairs(&minimal()));
    assert_eq!(action, Action::Save);
    let a = state.to_assessment().unwrap();
    assert_eq!(a.workload.write_mb_per_s, 10.0);
    assert_eq!(a.workload.peak_to_average, 1.5);
    assert_eq!(a.connectors.len(), 1);
    assert!(!a.network.private_link);
}

#[test]
fn bad_values_name_the_field_and_keep_the_rest() {
    let mut p = minimal();
    p.push(("workload.retention_hours", "a week"));
    p.push(("connectors[0].tasks", "0"));
    p.push(("workload.peak_to_average", "0.5"));
    let (state, _) = FormState::from_pairs(pairs(&p));
    let errs = state.to_assessment().unwrap_err();
    assert_eq!(
        errs.for_field("workload.retention_hours"),
        Some(
            "\"a week\" is not a number: type digits only, with a point for decimals \
             (e.g. 1500 or 1.5). Allowed: between 1 and 87,600 hours."
        )
    );
    assert!(errs.for_field("connectors[0].tasks").is_some(), "{errs:?}");
    assert!(
        errs.for_field("workload.peak_to_average").is_some(),
        "{errs:?}"
    );
    assert_eq!(state.value("workload.retention_hours"), "a week");
}

#[test]
fn required_fields_say_so() {
    let p: Vec<_> = minimal()
        .into_iter()
        .filter(|(k, _)| *k != "workload.write_mb_per_s")
        .collect();
    let (state, _) = FormState::from_pairs(pairs(&p));
    let errs = state.to_assessment().unwrap_err();
    assert_eq!(
        errs.for_field("workload.write_mb_per_s"),
        Some("is required: type a value greater than 0 and at most 100,000 MB/s.")
    );
}

/// Issue 16: a blank name, partitions below topics and zero tasks used to appear only on
/// the second submit, behind serde's "missing field". One submit names them all.
#[test]
fn one_submit_reports_every_problem_in_the_users_words() {
    let p = vec![
        ("name", ""),
        ("region", "eastus"),
        ("workload.write_mb_per_s", ""),
        ("workload.topics", "8"),
        ("workload.partitions", "4"),
        ("workload.retention_hours", "7 days"),
        ("connectors[0].name", "a"),
        ("connectors[0].class", "x.Y"),
        ("connectors[0].direction", "source"),
        ("connectors[0].tasks", "0"),
    ];
    let (state, _) = FormState::from_pairs(pairs(&p));
    let errs = state.to_assessment().unwrap_err();
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "workload.write_mb_per_s",
            "workload.retention_hours",
            "workload.partitions",
            "connectors[0].tasks"
        ],
        "{errs:?}"
    );
    assert!(
        errs.for_field("workload.partitions")
            .unwrap()
            .contains("(8)")
    );
    assert_eq!(
        errs.for_field("connectors[0].tasks"),
        Some("must be between 1 and 1,000 tasks (got 0)")
    );
    for e in errs.iter() {
        for serde_word in ["missing field", "invalid type", "4294967295", "`"] {
            assert!(!e.message.contains(serde_word), "{e:?}");
        }
    }
}

/// `1,5` MB/s once saved 15 MB/s. A decimal comma reads as a decimal; an ambiguous one is
/// refused with both readings; nothing is ever scaled.
#[test]
fn a_comma_is_never_scaled() {
    let mut p = minimal();
    p.retain(|(k, _)| *k != "workload.write_mb_per_s");
    p.push(("workload.write_mb_per_s", "1,5"));
    p.push(("workload.read_fanout", "2 consumer groups"));
    let (state, _) = FormState::from_pairs(pairs(&p));
    let a = state.to_assessment().unwrap();
    assert_eq!(a.workload.write_mb_per_s, 1.5);
    assert_eq!(a.workload.read_fanout, 2.0);

    let mut p = minimal();
    p.retain(|(k, _)| *k != "workload.write_mb_per_s");
    p.push(("workload.write_mb_per_s", "1,500"));
    let (state, _) = FormState::from_pairs(pairs(&p));
    let errs = state.to_assessment().unwrap_err();
    let m = errs.for_field("workload.write_mb_per_s").unwrap();
    assert!(m.contains("could mean 1,500 or 1.5"), "{m}");
    assert!(m.contains("at most 100,000 MB/s"), "{m}");
}

#[test]
fn the_reading_shows_the_value_with_its_unit() {
    let spec = SECTIONS[1].fields[0];
    assert_eq!(spec.path, "workload.write_mb_per_s");
    assert_eq!(reading(&spec, "1 500").as_deref(), Some("1,500 MB/s"));
    assert_eq!(reading(&spec, "1,5").as_deref(), Some("1.5 MB/s"));
    assert_eq!(reading(&spec, "1,500"), None);
    assert_eq!(reading(&spec, ""), None);
}

#[test]
fn add_and_remove_rows_keep_typed_values() {
    let mut p = minimal();
    p.push(("connectors[1].name", "b"));
    p.push(("connectors[1].class", "x.Y"));
    p.push(("action", "remove_connector:0"));
    let (mut state, action) = FormState::from_pairs(pairs(&p));
    state.apply(action);
    assert_eq!(state.connectors.len(), 1);
    assert_eq!(state.connectors[0]["name"], "b");
    assert_eq!(state.value("name"), "Test");
    state.apply(Action::AddConnector);
    assert_eq!(state.connectors.len(), 2);
    // A blank row is ignored on save.
    let a = state.to_assessment();
    assert!(a.is_err() || a.unwrap().connectors.len() == 1);
}

#[test]
fn scenario_round_trips_through_the_form() {
    for file in [
        "small-azure-ingestion",
        "debezium-sqlserver-cdc",
        "large-multi-team-estate",
    ] {
        let path = format!("{}/examples/{file}.json", env!("CARGO_MANIFEST_DIR"));
        let a = Assessment::parse_json(&std::fs::read(path).unwrap()).unwrap();
        let state = FormState::from_scenario(a.scenario());
        let back = state
            .to_assessment()
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(back.scenario(), a.scenario(), "{file}");
    }
}

#[test]
fn the_analysis_section_survives_an_edit() {
    let path = format!(
        "{}/examples/small-azure-ingestion.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v["analysis"] = serde_json::json!({
        "horizon_months": 24, "samples": 2000, "seed": 18_446_744_073_709_551_000_u64,
        "write_mb_per_s": { "low": 2.5, "high": 9 }, "retention_hours": { "high": 168 }
    });
    let a = Assessment::from_value(v).unwrap();
    let back = FormState::from_scenario(a.scenario())
        .to_assessment()
        .unwrap();
    assert_eq!(back.scenario(), a.scenario());
}

/// Every leaf of the scenario format has an input, so saving the form can never drop a
/// value the API or an import stored.
#[test]
fn every_scenario_field_has_an_input() {
    let path = format!(
        "{}/examples/large-multi-team-estate.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let a = Assessment::parse_json(&std::fs::read(path).unwrap()).unwrap();
    let mut full = serde_json::to_value(a.scenario()).unwrap();
    // Serialisation leaves the analysis section out when it holds defaults: put it back.
    full["analysis"] = serde_json::to_value(crate::domain::AnalysisOptions::default()).unwrap();
    full["analysis"]["write_mb_per_s"] = serde_json::json!({ "low": 1, "high": 2 });
    full["analysis"]["read_fanout"] = serde_json::json!({ "low": 1, "high": 2 });
    full["analysis"]["retention_hours"] = serde_json::json!({ "low": 1, "high": 2 });
    let mut leaves = Vec::new();
    fn walk(v: &Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(child, &p, out);
                }
            }
            _ => out.push(prefix.to_owned()),
        }
    }
    walk(&full, "", &mut leaves);
    let inputs: Vec<&str> = SECTIONS
        .iter()
        .flat_map(|s| s.fields)
        .map(|f| f.path)
        .collect();
    for leaf in leaves {
        if leaf == "schema_version" || leaf == "connectors" {
            continue;
        }
        assert!(inputs.contains(&leaf.as_str()), "no form input for {leaf}");
    }
    let connector = serde_json::to_value(&a.connectors[0]).unwrap();
    for key in connector.as_object().unwrap().keys() {
        assert!(
            CONNECTOR_COLUMNS.iter().any(|c| c.path == key),
            "no connector column for {key}"
        );
    }
}

#[test]
fn crafted_keys_are_ignored() {
    let mut p = minimal();
    p.push(("connectors[99999999999].name", "x"));
    p.push(("connectors[5].evil", "x"));
    p.push(("workload.unknown", "1"));
    let (state, _) = FormState::from_pairs(pairs(&p));
    assert_eq!(state.connectors.len(), 1);
    assert!(state.to_assessment().is_ok());
}

#[test]
fn unknown_select_values_are_rejected() {
    let mut p = minimal();
    p.push(("workload.compression", "brotli"));
    let (state, _) = FormState::from_pairs(pairs(&p));
    let errs = state.to_assessment().unwrap_err();
    assert!(errs.for_field("workload.compression").is_some());
}

#[test]
fn a_new_assessment_lets_the_advisor_choose_the_connect_runtime() {
    let f = FormState::new_assessment();
    assert_eq!(
        f.values.get("options.connect_runtime").map(String::as_str),
        Some("auto")
    );
}

#[test]
fn the_profile_checkboxes_read_as_a_list_and_nothing_ticked_is_an_empty_list() {
    use crate::domain::ObjectStorageProfile as P;
    const KEY: &str = "options.object_storage_profiles";
    // Two boxes ticked (after the form's empty hidden pair).
    let mut p = minimal();
    p.extend([(KEY, ""), (KEY, "redpanda"), (KEY, "warpstream")]);
    let (state, _) = FormState::from_pairs(pairs(&p));
    assert_eq!(state.value(KEY), "redpanda,warpstream");
    let a = state.to_assessment().unwrap();
    assert_eq!(
        a.options.object_storage_profiles,
        [P::Redpanda, P::WarpStream]
    );
    // Nothing ticked: the hidden pair alone is an empty list, not the default.
    let mut p = minimal();
    p.push((KEY, ""));
    let (state, _) = FormState::from_pairs(pairs(&p));
    let a = state.to_assessment().unwrap();
    assert!(a.options.object_storage_profiles.is_empty());
    // A post without the group at all keeps the default: every profile.
    let (state, _) = FormState::from_pairs(pairs(&minimal()));
    let a = state.to_assessment().unwrap();
    assert_eq!(a.options.object_storage_profiles, P::ALL);
}

#[test]
fn a_forged_profile_is_not_a_choice_and_the_ticked_ones_are_kept() {
    const KEY: &str = "options.object_storage_profiles";
    let mut p = minimal();
    p.extend([(KEY, ""), (KEY, "automq"), (KEY, "ufox")]);
    p.push(("workload.retention_hours", "a week"));
    let (state, _) = FormState::from_pairs(pairs(&p));
    let errs = state.to_assessment().unwrap_err();
    assert_eq!(
        errs.for_field(KEY),
        Some("\"ufox\" is not one of the choices.")
    );
    assert!(errs.for_field("workload.retention_hours").is_some());
    // Re-rendered, the boxes the user ticked stay ticked.
    let page = super::super::render::FormPage::build(
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        &state,
        &errs,
        None,
    );
    let field = page
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .find(|f| f.name == KEY)
        .unwrap();
    let ticked: Vec<&str> = field
        .choices
        .iter()
        .filter(|c| c.checked)
        .map(|c| c.value)
        .collect();
    assert_eq!(ticked, ["automq"]);
    assert!(field.error.is_some());
}

#[test]
fn a_stored_scenario_shows_its_profiles_ticked() {
    use crate::domain::ObjectStorageProfile as P;
    const KEY: &str = "options.object_storage_profiles";
    let (state, _) = FormState::from_pairs(pairs(&minimal()));
    let mut s = state.to_assessment().unwrap().into_scenario();
    // Every profile is left out of the JSON; the form still shows all four ticked.
    assert_eq!(
        FormState::from_scenario(&s).value(KEY),
        "warpstream,automq,automq_open_source,redpanda"
    );
    s.options.object_storage_profiles = vec![P::AutoMq];
    assert_eq!(FormState::from_scenario(&s).value(KEY), "automq");
    s.options.object_storage_profiles = vec![];
    assert_eq!(FormState::from_scenario(&s).value(KEY), "");
}
