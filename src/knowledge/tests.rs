use super::*;
use crate::domain::Direction;

#[test]
fn embedded_kb_parses() {
    let kb = ConnectorKb::from_csv(EMBEDDED_CSV).expect("valid CSV");
    assert!(kb.profiles().len() >= 30, "{} plugins", kb.profiles().len());
}

#[test]
fn every_profile_has_a_source_url_and_name() {
    for p in ConnectorKb::embedded().profiles() {
        assert!(
            p.source.starts_with("https://"),
            "{}: {}",
            p.class,
            p.source
        );
        assert!(!p.display_name.is_empty(), "{}", p.class);
        assert!(p.mb_per_s_per_task > 0.0, "{}", p.class);
    }
}

#[test]
fn required_plugins_are_known() {
    let kb = ConnectorKb::embedded();
    for class in [
        "io.debezium.connector.mysql.MySqlConnector",
        "io.debezium.connector.postgresql.PostgresConnector",
        "io.debezium.connector.sqlserver.SqlServerConnector",
        "io.debezium.connector.oracle.OracleConnector",
        "io.debezium.connector.mongodb.MongoDbConnector",
        "io.debezium.connector.db2.Db2Connector",
        "io.confluent.connect.jdbc.JdbcSourceConnector",
        "io.confluent.connect.jdbc.JdbcSinkConnector",
        "io.confluent.connect.azure.blob.AzureBlobStorageSinkConnector",
        "io.confluent.connect.azure.datalake.gen2.AzureDataLakeGen2SinkConnector",
        "io.confluent.connect.s3.S3SinkConnector",
        "com.azure.cosmos.kafka.connect.CosmosSourceConnector",
        "com.azure.cosmos.kafka.connect.CosmosSinkConnector",
        "com.snowflake.kafka.connector.SnowflakeSinkConnector",
        "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector",
        "io.aiven.kafka.connect.opensearch.OpensearchSinkConnector",
        "io.confluent.connect.http.HttpSourceConnector",
        "io.confluent.connect.http.HttpSinkConnector",
        "org.apache.kafka.connect.mirror.MirrorSourceConnector",
        "org.apache.kafka.connect.mirror.MirrorCheckpointConnector",
        "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector",
        "com.wepay.kafka.connect.bigquery.BigQuerySinkConnector",
        "io.confluent.connect.databricks.deltalake.DatabricksDeltaLakeSinkConnector",
        "io.tabular.iceberg.connect.IcebergSinkConnector",
        "org.apache.iceberg.connect.IcebergSinkConnector",
        "com.mongodb.kafka.connect.MongoSourceConnector",
        "com.mongodb.kafka.connect.MongoSinkConnector",
        "io.confluent.connect.azure.servicebus.ServiceBusSourceConnector",
        "com.splunk.kafka.connect.SplunkSinkConnector",
        "com.github.jcustenborder.kafka.connect.redis.RedisSinkConnector",
        "io.confluent.kafka.connect.datagen.DatagenConnector",
        "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "org.apache.kafka.connect.file.FileStreamSinkConnector",
    ] {
        assert!(kb.lookup(class).is_some(), "missing {class}");
    }
}

#[test]
fn schema_history_only_for_history_keeping_debezium_connectors() {
    let kb = ConnectorKb::embedded();
    let with_history: Vec<&str> = kb
        .profiles()
        .iter()
        .filter(|p| p.needs_schema_history)
        .map(|p| p.class.as_str())
        .collect();
    for class in [
        "io.debezium.connector.mysql.MySqlConnector",
        "io.debezium.connector.sqlserver.SqlServerConnector",
        "io.debezium.connector.oracle.OracleConnector",
        "io.debezium.connector.db2.Db2Connector",
    ] {
        assert!(with_history.contains(&class), "{class}");
    }
    for class in [
        "io.debezium.connector.postgresql.PostgresConnector",
        "io.debezium.connector.mongodb.MongoDbConnector",
    ] {
        assert!(!with_history.contains(&class), "{class}");
    }
    assert!(
        kb.profiles()
            .iter()
            .all(|p| !p.needs_schema_history || p.is_debezium())
    );
}

#[test]
fn mirror_maker_uses_the_admin_api_and_iceberg_uses_transactions() {
    let kb = ConnectorKb::embedded();
    let mm2 = kb
        .lookup("org.apache.kafka.connect.mirror.MirrorSourceConnector")
        .expect("known");
    assert!(mm2.uses_admin_api() && mm2.is_mirror_maker() && mm2.uses_headers);
    let iceberg = kb
        .lookup("org.apache.iceberg.connect.IcebergSinkConnector")
        .expect("known");
    assert!(iceberg.uses_transactions);
    let jdbc = kb
        .lookup("io.confluent.connect.jdbc.JdbcSinkConnector")
        .expect("known");
    assert!(!jdbc.uses_admin_api());
}

#[test]
fn directions_match_class_names() {
    for p in ConnectorKb::embedded().profiles() {
        let name = p.class.to_ascii_lowercase();
        if name.contains("sink") {
            assert_eq!(p.direction, Direction::Sink, "{}", p.class);
        }
        if name.contains("source") {
            assert_eq!(p.direction, Direction::Source, "{}", p.class);
        }
    }
}

#[test]
fn lookup_trims_and_rejects_unknown() {
    let kb = ConnectorKb::embedded();
    assert!(
        kb.lookup("  io.debezium.connector.mysql.MySqlConnector ")
            .is_some()
    );
    assert!(kb.lookup("com.example.Unknown").is_none());
}

#[test]
fn malformed_rows_and_duplicates_are_errors() {
    let header = EMBEDDED_CSV.lines().next().expect("header");
    let bad = format!("{header}\na,b,c\n");
    assert!(matches!(
        ConnectorKb::from_csv(&bad),
        Err(KbError::Row { row: 2, .. })
    ));
    let row = EMBEDDED_CSV.lines().nth(1).expect("row");
    let dup = format!("{header}\n{row}\n{row}\n");
    assert!(matches!(
        ConnectorKb::from_csv(&dup),
        Err(KbError::Duplicate { .. })
    ));
}
