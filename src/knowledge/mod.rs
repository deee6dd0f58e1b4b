//! Connector knowledge base: what each Kafka Connect plugin class needs from the platform.
//!
//! The facts live in `knowledge/connectors.csv` at the crate root, embedded at build time, so
//! a plugin is added by adding a row. Classes the knowledge base does not know are accepted
//! everywhere and flagged "needs lab validation" by the decision engine.

mod profile;

pub use profile::{Delivery, PluginProfile, ThroughputBasis};

use std::collections::HashMap;

/// The CSV compiled into the binary.
const EMBEDDED_CSV: &str = include_str!("../../knowledge/connectors.csv");

/// Why a knowledge-base file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A row does not parse or misses a required value.
    #[error("connectors.csv row {row}: {message}")]
    Row { row: usize, message: String },
    /// The same plugin class appears twice.
    #[error("connectors.csv lists {class} twice")]
    Duplicate { class: String },
}

/// The knowledge base, keyed by plugin class.
#[derive(Debug, Clone, Default)]
pub struct ConnectorKb {
    profiles: Vec<PluginProfile>,
    by_class: HashMap<String, usize>,
}

impl ConnectorKb {
    /// The knowledge base compiled into the binary.
    ///
    /// # Panics
    /// Only if the embedded CSV is malformed, which `tests::embedded_kb_parses` rules out at
    /// build time; it never depends on user input.
    pub fn embedded() -> &'static ConnectorKb {
        static KB: std::sync::OnceLock<ConnectorKb> = std::sync::OnceLock::new();
        KB.get_or_init(|| {
            Self::from_csv(EMBEDDED_CSV).expect("embedded knowledge/connectors.csv is valid")
        })
    }

    /// Parse a knowledge base from CSV text with the header of `knowledge/connectors.csv`.
    pub fn from_csv(text: &str) -> Result<Self, KbError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut kb = ConnectorKb::default();
        for (i, row) in reader.deserialize::<PluginProfile>().enumerate() {
            // Row 1 is the header, so data rows start at 2 as a spreadsheet shows them.
            let row_no = i + 2;
            let profile = row.map_err(|e| KbError::Row {
                row: row_no,
                message: e.to_string(),
            })?;
            if profile.class.is_empty() || profile.source.is_empty() {
                return Err(KbError::Row {
                    row: row_no,
                    message: "class and source must not be empty".to_owned(),
                });
            }
            if kb.by_class.contains_key(&profile.class) {
                return Err(KbError::Duplicate {
                    class: profile.class,
                });
            }
            kb.by_class.insert(profile.class.clone(), kb.profiles.len());
            kb.profiles.push(profile);
        }
        Ok(kb)
    }

    /// The profile of a plugin class; `None` for classes the knowledge base does not know.
    pub fn lookup(&self, class: &str) -> Option<&PluginProfile> {
        self.by_class.get(class.trim()).map(|&i| &self.profiles[i])
    }

    /// Every profile, in file order (for the UI's plugin picker and import pre-fill).
    pub fn profiles(&self) -> &[PluginProfile] {
        &self.profiles
    }
}

#[cfg(test)]
mod tests;
