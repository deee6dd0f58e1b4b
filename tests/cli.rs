//! The binary as an operator meets it: start-up failures are refused with a clear message,
//! and the offline verbs (schema, estimate, pricing import) work on the examples.

use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_connect-advisor"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run connect-advisor")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example(name: &str) -> String {
    format!("{}/examples/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_corrupt_price_catalog_refuses_to_start_naming_file_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pricing/eastus.csv"))
        .unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    let broken = lines[3].replacen(",0.", ",zero.", 1);
    lines[3] = &broken;
    std::fs::write(dir.path().join("eastus.csv"), lines.join("\n")).unwrap();
    let db = dir.path().join("db.sqlite");
    let o = run(bin()
        .args(["serve", "--addr", "127.0.0.1:0", "--pricing-dir"])
        .arg(dir.path())
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display())));
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("refusing to start"), "{err}");
    assert!(
        err.contains("eastus.csv:4:") && err.contains("not a decimal number"),
        "{err}"
    );
    assert!(
        !db.exists(),
        "nothing is created before the catalog is known good"
    );
}

#[test]
fn a_missing_or_empty_pricing_dir_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    for path in [dir.path().join("nope"), dir.path().to_path_buf()] {
        let o = run(bin()
            .args(["serve", "--addr", "127.0.0.1:0", "--pricing-dir"])
            .arg(&path));
        assert!(!o.status.success());
        let err = stderr(&o);
        assert!(err.contains("refusing to start"), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
    }
}

#[test]
fn an_unusable_data_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the data directory should be: nothing can be created under it.
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "not a directory").unwrap();
    let url = format!("sqlite://{}/connect-advisor.db", blocker.display());
    let o = run(bin().args(["serve", "--addr", "127.0.0.1:0", "--database-url", &url]));
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("cannot open the database"), "{err}");
    assert!(err.contains(&blocker.display().to_string()), "{err}");
}

#[test]
fn an_unusable_admin_token_file_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.token");
    std::fs::write(&short, "too-short\n").unwrap();
    let missing = dir.path().join("missing.token");
    for (file, reason) in [
        (&short, "at least 32 characters (got 9)"),
        (&missing, "cannot read the admin token file"),
    ] {
        let o = run(bin()
            .args(["serve", "--addr", "127.0.0.1:0", "--admin-token-file"])
            .arg(file));
        assert!(!o.status.success());
        let err = stderr(&o);
        assert!(err.contains("refusing to start"), "{err}");
        assert!(err.contains(reason), "{err}");
        assert!(err.contains(&file.display().to_string()), "{err}");
    }
}

#[test]
fn schema_prints_a_json_schema_of_the_scenario() {
    let o = run(bin().arg("schema"));
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["title"], "Scenario");
    for key in [
        "schema_version",
        "name",
        "region",
        "workload",
        "connectors",
        "network",
        "team",
        "options",
    ] {
        assert!(v["properties"].get(key).is_some(), "{key}");
    }
}

#[test]
fn estimate_prints_json_and_csv_for_an_example() {
    let o = run(bin().args([
        "estimate",
        &example("small-azure-ingestion"),
        "--format",
        "json",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["recommendation"]["platform"], "event_hubs");
    assert_eq!(v["options"].as_array().unwrap().len(), 9);
    let o = run(bin().args([
        "estimate",
        &example("small-azure-ingestion"),
        "--format",
        "csv",
    ]));
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("scenario,region,currency,option_id"));
}

#[test]
fn estimate_rejects_an_invalid_scenario_naming_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, r#"{"schema_version":1,"name":"x","region":"eastus","workload":{"write_mb_per_s":-1,"topics":5,"partitions":2}}"#).unwrap();
    let o = run(bin().arg("estimate").arg(&path));
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("workload.write_mb_per_s"), "{err}");
    assert!(err.contains("workload.partitions"), "{err}");
    let o = run(bin().args(["estimate", "/no/such/file.json"]));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot read /no/such/file.json"));
}

#[test]
fn estimate_renders_focus_adr_and_standalone_html() {
    let o = run(bin().args([
        "estimate",
        &example("debezium-sqlserver-cdc"),
        "--format",
        "focus",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("BilledCost,BillingAccountId"));
    let o = run(bin().args([
        "estimate",
        &example("debezium-sqlserver-cdc"),
        "--format",
        "adr",
    ]));
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("## Considered Options"));
    let o = run(bin().args([
        "estimate",
        &example("small-azure-ingestion"),
        "--format",
        "html",
    ]));
    assert!(o.status.success());
    let html = String::from_utf8_lossy(&o.stdout);
    assert!(
        html.contains("<style>") && !html.contains("/static/app.css"),
        "self-contained"
    );
    assert_eq!(html.matches("<svg").count(), 4);
    assert!(html.contains("Event Hubs Standard"));
}

fn actuals_fixture() -> String {
    format!(
        "{}/tests/fixtures/actuals/focuscost-2026-10.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn actuals_compares_an_azure_focus_export_with_the_estimate() {
    let o = run(bin()
        .arg("actuals")
        .arg(actuals_fixture())
        .arg("--scenario")
        .arg(example("small-azure-ingestion"))
        // The fixture price book the unit goldens use: a `pricing/` refresh moves no figure here.
        .arg("--pricing-dir")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/price-book"
        )));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    // The tags name Event Hubs Standard; its 16 tagged rows cost 1,487.57. The example lets
    // the advisor choose the Connect runtime, which puts Event Hubs' workers on VMs (no AKS
    // cluster, no registry): streaming 508.08 + storage 59.66 (3 OS disks 59.13 + overage
    // 0.53) + network 351.48 + compute 420.48 + Key Vault 0.01 (3 workers × 1,000 reads ÷
    // 10,000 × $0.03) + monitoring (6 − 5 free GB) × 2.76 = 1,342.47; +145.10,
    // 145.10 ÷ 1,342.47 = +10.81 % (src/actuals/tests.rs has the AKS sums).
    let opt = &v["options"][0];
    assert_eq!(opt["option"], "event_hubs.standard");
    assert_eq!(opt["estimate"], 1342.47);
    assert_eq!(opt["actual"], 1487.57);
    assert_eq!(opt["variance"], 145.10);
    assert_eq!(opt["variance_percent"], 10.81);
    let categories: Vec<&str> = opt["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["category"].as_str().unwrap())
        .collect();
    assert_eq!(
        categories,
        ["streaming", "storage", "network", "compute", "monitoring"]
    );
    assert_eq!(v["billing_period"]["start"], "2026-10-01");
    // The Log Analytics row matches the monitoring line: every tagged row matches something.
    assert_eq!(v["unmatched_rows"], serde_json::json!([]));

    // --option and --resource-group: the untagged Key Vault joins Standard; Premium has none.
    let o = run(bin()
        .arg("actuals")
        .arg(actuals_fixture())
        .args([
            "--resource-group",
            "rg-connect-prod",
            "--option",
            "event_hubs.standard",
        ])
        .arg("--scenario")
        .arg(example("small-azure-ingestion")));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    // 1,487.57 + 0.90 = 1,488.47; the Key Vault row now matches the estimate's Key Vault line
    // (the workers' secret reads), so nothing is left unmatched.
    assert_eq!(v["options"][0]["actual"], 1488.47);
    assert_eq!(v["unmatched_rows"], serde_json::json!([]));
}

#[test]
fn actuals_refuses_bad_files_other_currencies_and_unknown_options() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(actuals_fixture()).unwrap();
    let eur = dir.path().join("eur.csv");
    std::fs::write(&eur, text.replace(",USD,", ",EUR,")).unwrap();
    let o = run(bin()
        .arg("actuals")
        .arg(&eur)
        .arg("--scenario")
        .arg(example("small-azure-ingestion")));
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("line 2, column BillingCurrency"), "{err}");
    assert!(err.contains("EUR") && err.contains("USD"), "{err}");

    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, text.replace(",87.60,", ",eighty,")).unwrap();
    let o = run(bin()
        .arg("actuals")
        .arg(&broken)
        .arg("--scenario")
        .arg(example("small-azure-ingestion")));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("line 2, column EffectiveCost"),
        "{}",
        stderr(&o)
    );

    let o = run(bin()
        .arg("actuals")
        .arg(actuals_fixture())
        .args(["--option", "event_hubs.gold"])
        .arg("--scenario")
        .arg(example("small-azure-ingestion")));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("event_hubs.premium"), "{}", stderr(&o));
}

#[test]
fn the_allocator_is_tuned_before_the_first_allocation() {
    // mimalloc lists its options when verbose; `src/allocator.rs` sets two by number, so this
    // also proves the numbers name the options meant, and that the setting precedes `main`.
    let o = run(bin().arg("schema").env("MIMALLOC_VERBOSE", "1"));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("option 'arena_eager_commit': 0"), "{err}");
    assert!(err.contains("option 'purge_delay': 10"), "{err}");
}
