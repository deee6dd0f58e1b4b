//! Connector knowledge base: what each Kafka Connect plugin class needs from the platform.
//!
//! PLACEHOLDER INTERFACE — the decision-engine work replaces the body with a data file of
//! 30+ plugins (embedded at build time). Keep `ConnectorKb::embedded`, `lookup` and the
//! `PluginProfile` fields used by `estate` stable.

/// What one plugin needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginProfile {
    pub class: String,
    /// Stores a database schema history (Debezium MySQL, SQL Server, Oracle, Db2).
    pub needs_schema_history: bool,
}

/// The knowledge base, keyed by plugin class.
#[derive(Debug, Clone, Default)]
pub struct ConnectorKb {
    profiles: Vec<PluginProfile>,
}

impl ConnectorKb {
    /// The knowledge base compiled into the binary.
    pub fn embedded() -> &'static ConnectorKb {
        static KB: std::sync::OnceLock<ConnectorKb> = std::sync::OnceLock::new();
        KB.get_or_init(|| ConnectorKb {
            profiles: [
                "io.debezium.connector.mysql.MySqlConnector",
                "io.debezium.connector.sqlserver.SqlServerConnector",
                "io.debezium.connector.oracle.OracleConnector",
                "io.debezium.connector.db2.Db2Connector",
            ]
            .into_iter()
            .map(|c| PluginProfile {
                class: c.to_owned(),
                needs_schema_history: true,
            })
            .collect(),
        })
    }

    /// The profile of a plugin class; `None` for classes the knowledge base does not know.
    pub fn lookup(&self, class: &str) -> Option<&PluginProfile> {
        self.profiles.iter().find(|p| p.class == class)
    }
}
