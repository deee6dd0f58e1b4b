//! Tests of the Kafka Connect REST listing parser.

use super::*;
use crate::import::no_typical_figures;

fn parse_str(s: &str) -> Result<Import, ImportError> {
    parse(s.as_bytes(), &no_typical_figures)
}

#[test]
fn keys_read_are_not_secret_like() {
    for key in KEYS_READ {
        let k = key.to_ascii_lowercase();
        for bad in [
            "password",
            "secret",
            "token",
            ".key",
            "sas",
            "jaas",
            "credential",
            "url",
            "connection.string",
        ] {
            assert!(!k.contains(bad), "{key} looks like it may hold a secret");
        }
    }
}

#[test]
fn converters_map_to_formats() {
    for (class, f) in [
        ("io.confluent.connect.avro.AvroConverter", DataFormat::Avro),
        (
            "io.apicurio.registry.utils.converter.AvroConverter",
            DataFormat::Avro,
        ),
        (
            "io.confluent.connect.json.JsonSchemaConverter",
            DataFormat::JsonSchema,
        ),
        (
            "io.confluent.connect.protobuf.ProtobufConverter",
            DataFormat::Protobuf,
        ),
        (
            "org.apache.kafka.connect.json.JsonConverter",
            DataFormat::Json,
        ),
        (
            "org.apache.kafka.connect.storage.StringConverter",
            DataFormat::String,
        ),
        (
            "org.apache.kafka.connect.converters.ByteArrayConverter",
            DataFormat::Bytes,
        ),
    ] {
        assert_eq!(format_of_converter(class), Some(f), "{class}");
    }
    assert_eq!(format_of_converter("com.example.Weird"), None);
}

#[test]
fn a_single_connector_and_an_array_are_accepted() {
    let one = r#"{"name":"a","config":{"connector.class":"x.FooSinkConnector","topics":"t1,t2,t1"},"tasks":[],"type":"sink"}"#;
    let i = parse_str(one).unwrap();
    assert_eq!(i.connectors[0].name, "a");
    assert_eq!(i.report.connectors[0].sink_topics, SinkTopics::Listed(2));
    let arr = format!("[{one}]");
    assert_eq!(parse_str(&arr).unwrap().connectors.len(), 1);
}

#[test]
fn wrong_shapes_say_what_to_fetch() {
    let e = parse_str(r#"["a","b"]"#).unwrap_err();
    assert!(e.to_string().contains("expand=info"), "{e}");
    let e = parse_str("42").unwrap_err();
    assert!(matches!(e, ImportError::Shape(_)));
    let e = parse_str(r#"{"a":{"status":{"connector":{"state":"RUNNING"}}}}"#).unwrap_err();
    assert!(e.to_string().contains("expand=info"), "{e}");
    assert!(matches!(parse_str("{}"), Err(ImportError::Nothing(_))));
    assert!(matches!(parse_str("  "), Err(ImportError::Empty)));
    assert!(matches!(parse_str("{\"a\": "), Err(ImportError::Json(_))));
}

#[test]
fn a_bad_entry_is_skipped_not_fatal() {
    let s = r#"{
      "good": {"info": {"config": {"connector.class": "a.BSourceConnector"}, "type": "source"}},
      "noclass": {"info": {"config": {"tasks.max": "2"}, "type": "source"}},
      "badtype": {"info": {"config": {"connector.class": "a.Thing"}, "type": 7}},
      "odd": 5
    }"#;
    let i = parse_str(s).unwrap();
    assert_eq!(i.connectors.len(), 1);
    assert_eq!(i.report.skipped.len(), 3);
    assert!(i.is_consistent());
}

#[test]
fn tasks_out_of_range_are_clamped_with_a_warning() {
    let s = r#"{"a":{"info":{"config":{"connector.class":"a.BSinkConnector","tasks.max":"5000","topics":"t"},"type":"sink"}}}"#;
    let i = parse_str(s).unwrap();
    assert_eq!(i.connectors[0].tasks, 1000);
    assert!(
        i.report.connectors[0]
            .notes
            .iter()
            .any(|n| n.level == Level::Warning)
    );
}
