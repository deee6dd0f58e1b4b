//! The parsers against realistic listings and files in `tests/fixtures/`.

use super::*;
use crate::domain::{Assessment, DataFormat, Direction};

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/",
            $path
        ))
        .as_slice()
    };
}

const REST_FIXTURES: &[(&str, &[u8])] = &[
    ("debezium", fixture!("connect-rest/debezium.json")),
    ("jdbc", fixture!("connect-rest/jdbc.json")),
    (
        "sinks-topics-regex",
        fixture!("connect-rest/sinks-topics-regex.json"),
    ),
    ("mirrormaker2", fixture!("connect-rest/mirrormaker2.json")),
    (
        "failed-paused-stopped",
        fixture!("connect-rest/failed-paused-stopped.json"),
    ),
];

fn rest(bytes: &[u8]) -> Import {
    connect_rest::parse(bytes, &no_typical_figures).unwrap_or_else(|e| panic!("{e}"))
}

fn by_name<'a>(import: &'a Import, name: &str) -> (&'a Connector, &'a ConnectorReport) {
    let i = import
        .connectors
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} not imported"));
    (&import.connectors[i], &import.report.connectors[i])
}

fn notes_text(r: &ConnectorReport) -> String {
    r.notes
        .iter()
        .map(|n| n.message.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Every fixture secret contains this marker, so one search proves none leaked.
const SECRET_MARKER: &str = "s3cr3t";

#[test]
fn secrets_never_reach_the_scenario_or_the_report() {
    for (name, bytes) in REST_FIXTURES {
        let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        assert!(
            text.contains(SECRET_MARKER),
            "{name}: fixture has no secret"
        );
        let import = rest(bytes);
        let outputs = [
            serde_json::to_string(&new_scenario("x", &import)).unwrap(),
            serde_json::to_string(&import.report).unwrap(),
            serde_json::to_string(&import).unwrap(),
            report_lines(&import.report).join("\n"),
            format!("{import:?}"),
        ];
        for out in outputs {
            assert!(
                !out.to_ascii_lowercase().contains(SECRET_MARKER),
                "{name}: a secret leaked into {out}"
            );
            // Hosts and users from connection URLs are not copied either.
            assert!(!out.contains("corp.example"), "{name}: {out}");
        }
    }
}

#[test]
fn every_fixture_becomes_a_valid_scenario() {
    for (name, bytes) in REST_FIXTURES {
        let import = rest(bytes);
        assert!(import.is_consistent(), "{name}");
        assert!(
            import.report.skipped.is_empty(),
            "{name}: {:?}",
            import.report.skipped
        );
        if let Err(e) = Assessment::validate(new_scenario("Imported", &import)) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn debezium_mysql_and_sql_server() {
    let import = rest(fixture!("connect-rest/debezium.json"));
    let (mysql, report) = by_name(&import, "mysql-inventory-cdc");
    assert_eq!(mysql.class, "io.debezium.connector.mysql.MySqlConnector");
    assert_eq!(mysql.direction, Direction::Source);
    assert_eq!((mysql.tasks, mysql.format), (1, DataFormat::Avro));
    assert_eq!(mysql.topics_created, 3, "one topic per captured table");
    assert!(!mysql.exactly_once && !mysql.dead_letter_queue);
    assert_eq!(report.state, Some(ConnectorState::Running));
    assert_eq!(report.sink_topics, SinkTopics::NotApplicable);
    assert_eq!(
        report.throughput,
        ThroughputOrigin::Default { per_task: 1.0 }
    );

    let (sql, _) = by_name(&import, "sqlserver-payments-cdc");
    assert!(sql.exactly_once, "exactly.once.support=required");
    assert_eq!(sql.format, DataFormat::JsonSchema);
    assert_eq!(sql.topics_created, 4);
    assert!(
        import
            .report
            .notes
            .iter()
            .any(|n| n.message.contains("Throughput is not in the REST listing"))
    );
}

#[test]
fn jdbc_source_and_sink() {
    let import = rest(fixture!("connect-rest/jdbc.json"));
    let (source, report) = by_name(&import, "jdbc-erp-source");
    assert_eq!((source.tasks, source.format), (4, DataFormat::Json));
    assert_eq!(source.topics_created, 2);
    assert_eq!((report.tasks_max, report.tasks_listed), (Some(4), Some(2)));
    assert!(
        notes_text(report).contains("4 but 2 tasks run"),
        "{}",
        notes_text(report)
    );

    let (sink, report) = by_name(&import, "jdbc-warehouse-sink");
    assert_eq!(sink.direction, Direction::Sink);
    assert_eq!(sink.format, DataFormat::Protobuf);
    assert!(sink.dead_letter_queue);
    assert!(
        sink.exactly_once,
        "consumer.override.isolation.level=read_committed"
    );
    assert_eq!(report.sink_topics, SinkTopics::Listed(3));
}

#[test]
fn sinks_with_topic_patterns_are_flagged() {
    let import = rest(fixture!("connect-rest/sinks-topics-regex.json"));
    let (blob, report) = by_name(&import, "blob-archive-sink");
    assert_eq!((blob.tasks, blob.mb_per_s), (6, 6.0));
    assert_eq!(report.sink_topics, SinkTopics::Regex);
    assert!(notes_text(report).contains("cannot be told"));
    let (cosmos, _) = by_name(&import, "cosmos-events-sink");
    assert_eq!(cosmos.format, DataFormat::String);
    let (adls, report) = by_name(&import, "adls-gen2-sink");
    assert_eq!(adls.format, DataFormat::Bytes);
    assert_eq!(
        report.sink_topics,
        SinkTopics::Listed(2),
        "dedup and blanks"
    );
}

#[test]
fn mirrormaker2_three_connectors() {
    let import = rest(fixture!("connect-rest/mirrormaker2.json"));
    assert_eq!(import.connectors.len(), 3);
    assert!(
        import
            .connectors
            .iter()
            .all(|c| c.direction == Direction::Source && c.format == DataFormat::Bytes)
    );
    let (source, _) = by_name(&import, "mm2-source");
    assert_eq!(source.tasks, 8);
    assert!(source.exactly_once);
    assert_eq!(
        source.topics_created, 0,
        "the `topics` of a source is not counted"
    );
}

#[test]
fn failed_paused_and_stopped_are_reported() {
    let import = rest(fixture!("connect-rest/failed-paused-stopped.json"));
    let (_, report) = by_name(&import, "orders-pg-sink");
    assert_eq!(report.failed_tasks, [1, 2]);
    assert!(report.has_failure());
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.level == Level::Problem && n.message.contains("tasks 1, 2 FAILED"))
    );
    let (_, report) = by_name(&import, "legacy-ftp-source");
    assert_eq!(report.state, Some(ConnectorState::Paused));
    assert!(notes_text(report).contains("PAUSED"));
    let (search, report) = by_name(&import, "search-sink");
    assert_eq!(report.state, Some(ConnectorState::Stopped));
    assert_eq!(search.tasks, 2, "a stopped connector keeps its tasks.max");
    let (_, report) = by_name(&import, "broken-connector");
    assert_eq!(report.state, Some(ConnectorState::Failed));
    assert_eq!(import.report.failed(), 2);
    assert!(
        import
            .report
            .notes
            .iter()
            .any(|n| n.level == Level::Problem)
    );
}

#[test]
fn malformed_json_is_a_clear_error() {
    let e = connect_rest::parse(fixture!("connect-rest/malformed.json"), &no_typical_figures)
        .unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with("not valid JSON"), "{msg}");
    assert!(msg.contains("line"), "{msg}");
    assert!(!msg.contains(SECRET_MARKER), "{msg}");
    // `parse` picks the JSON parser for it too.
    assert!(matches!(
        parse(fixture!("connect-rest/malformed.json"), &no_typical_figures),
        Err(ImportError::Json(_))
    ));
}

#[test]
fn a_typical_figure_provider_prefills_throughput() {
    let typical = |class: &str| class.contains("Blob").then_some(2.5);
    let import =
        connect_rest::parse(fixture!("connect-rest/sinks-topics-regex.json"), &typical).unwrap();
    let (blob, report) = by_name(&import, "blob-archive-sink");
    assert_eq!(blob.mb_per_s, 15.0);
    assert_eq!(
        report.throughput,
        ThroughputOrigin::Typical { per_task: 2.5 }
    );
    assert_eq!(import.report.throughput_to_confirm(), 3);
}

/// A generated listing of `n` connectors in the REST shape, with a secret in every config.
pub(super) fn big_listing(n: usize) -> String {
    let mut map = serde_json::Map::new();
    for i in 0..n {
        let name = format!("connector-{i:04}");
        let sink = i % 3 == 0;
        let typ = if sink { "sink" } else { "source" };
        let mut config = serde_json::json!({
            "connector.class": if sink { "io.confluent.connect.jdbc.JdbcSinkConnector" } else { "io.debezium.connector.postgresql.PostgresConnector" },
            "tasks.max": (i % 7 + 1).to_string(),
            "database.password": format!("s3cr3t-{i}"),
            "value.converter": "io.confluent.connect.avro.AvroConverter",
            "name": name,
        });
        if sink {
            config["topics"] = serde_json::json!(format!("t{i},u{i}"));
        }
        let tasks = i % 7 + 1;
        map.insert(
            name.clone(),
            serde_json::json!({
                "info": {
                    "name": name, "config": config, "type": typ,
                    "tasks": (0..tasks).map(|t| serde_json::json!({"connector": name, "task": t})).collect::<Vec<_>>(),
                },
                "status": {
                    "name": name, "type": typ,
                    "connector": {"state": "RUNNING", "worker_id": "w:8083"},
                    "tasks": (0..tasks).map(|t| serde_json::json!({"id": t, "state": if i % 100 == 0 && t == 0 { "FAILED" } else { "RUNNING" }, "worker_id": "w:8083"})).collect::<Vec<_>>(),
                }
            }),
        );
    }
    serde_json::Value::Object(map).to_string()
}

#[test]
fn a_thousand_connector_listing_imports() {
    let listing = big_listing(1_000);
    let import = rest(listing.as_bytes());
    assert_eq!(import.connectors.len(), 1_000);
    assert!(import.is_consistent());
    assert_eq!(import.report.failed(), 10);
    let total_tasks: u32 = import.connectors.iter().map(|c| c.tasks).sum();
    assert_eq!(total_tasks, (0..1_000u32).map(|i| i % 7 + 1).sum::<u32>());
    let scenario = new_scenario("Big", &import);
    assert!(
        !serde_json::to_string(&scenario)
            .unwrap()
            .contains(SECRET_MARKER)
    );
    Assessment::validate(scenario).unwrap();
}

// ---- CSV ----

fn csv(bytes: &[u8]) -> Result<Import, ImportError> {
    csv_template::parse(bytes, &no_typical_figures)
}

#[test]
fn csv_good_file() {
    let import = csv(fixture!("csv/good.csv")).unwrap();
    assert_eq!(import.connectors.len(), 5);
    let (cdc, r) = by_name(&import, "orders-cdc");
    assert_eq!(
        cdc.system_location,
        crate::domain::SystemLocation::OnPremises
    );
    assert!(cdc.exactly_once && cdc.isolated && !cdc.dead_letter_queue);
    assert_eq!((cdc.mb_per_s, cdc.topics_created), (4.5, 12));
    assert_eq!(r.throughput, ThroughputOrigin::Given);
    let (adls, r) = by_name(&import, "orders-to-adls");
    assert_eq!(adls.mb_per_s, 4.0, "blank mb_per_s: 1 MB/s per task × 4");
    assert!(r.throughput.needs_confirming());
    let (cosmos, _) = by_name(&import, "cosmos-sink");
    assert_eq!(cosmos.tasks, 1);
    assert_eq!(cosmos.format, DataFormat::JsonSchema);
    assert_eq!(import.report.throughput_to_confirm(), 1);
    Assessment::validate(new_scenario("csv", &import)).unwrap();
}

#[test]
fn csv_bad_rows_name_row_and_column() {
    let Err(ImportError::Cells(errors)) = csv(fixture!("csv/bad-rows.csv")) else {
        panic!("expected cell errors");
    };
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let has = |prefix: &str| text.iter().any(|t| t.starts_with(prefix));
    for expected in [
        "row 3, column name: is empty",
        "row 4, column class: must be a Java class name",
        "row 5, column direction: must be source or sink",
        "row 6, column tasks: \"zero\" is not a number",
        "row 7, column mb_per_s:",
        "row 7, column system_location: must be one of",
        "row 7, column exactly_once:",
        "row 7, column format:",
        "row 7, column topics_created:",
        "row 8, column dead_letter_queue: applies to sink connectors only",
        "row 9, column name: \"ok-row\" is also on row 2",
        "row 10, column tasks: must be between 1 and 1,000",
    ] {
        assert!(has(expected), "missing {expected:?} in {text:#?}");
    }
    assert!(!text.iter().any(|t| t.starts_with("row 2,")), "{text:#?}");
}

#[test]
fn csv_wrong_header_says_what_is_missing_and_unknown() {
    let e = csv(fixture!("csv/wrong-header.csv")).unwrap_err();
    let ImportError::Header {
        missing, unknown, ..
    } = &e
    else {
        panic!("{e}");
    };
    assert_eq!(missing, &["name", "direction"]);
    assert_eq!(unknown, &["connector", "throughput"]);
    let msg = e.to_string();
    assert!(
        msg.contains("missing required column(s): name, direction"),
        "{msg}"
    );
    assert!(
        msg.contains("unknown column(s): connector, throughput"),
        "{msg}"
    );
}

#[test]
fn csv_bom_crlf_quotes_and_blank_lines() {
    let import = csv(fixture!("csv/bom-crlf-quoted.csv")).unwrap();
    let names: Vec<&str> = import.connectors.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["orders, EU", "lake \"raw\" sink"]);
    assert_eq!(import.connectors[0].mb_per_s, 2.5);
    assert_eq!(import.connectors[1].tasks, 3);
    assert_eq!(import.connectors[1].direction, Direction::Sink);
}

#[test]
fn csv_empty_and_header_only() {
    assert_eq!(csv(fixture!("csv/empty.csv")), Err(ImportError::Empty));
    assert_eq!(csv(b"\xEF\xBB\xBF \r\n"), Err(ImportError::Empty));
    assert!(matches!(
        csv(fixture!("csv/header-only.csv")),
        Err(ImportError::Nothing(_))
    ));
}

#[test]
fn csv_not_utf8_is_reported_per_cell() {
    let e = csv(b"name,class,direction\nna\xffme,a.B,source\n").unwrap_err();
    assert!(
        e.to_string().contains("row 2, column name: is not UTF-8"),
        "{e}"
    );
}

#[test]
fn the_downloadable_template_has_the_documented_header() {
    let header = csv_template::TEMPLATE.lines().next().unwrap();
    assert_eq!(header, csv_template::COLUMNS.join(","));
}
