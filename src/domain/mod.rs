//! The scenario model: what an architect tells us about their Kafka Connect estate.
//!
//! [`Scenario`] is the interchange format (`schema_version: 1`) exactly as users and
//! files write it. [`Assessment`] is a scenario that passed every validation rule; the
//! pure core (`decision`, `cost`) only ever sees an `Assessment`, so it never has to
//! re-check ranges or cross-field invariants.

mod analysis;
mod assumptions;
mod decision_status;
mod error;
mod named;
mod option;
mod region;
mod runtime;
mod scenario;
mod validate;

pub use analysis::{AnalysisOptions, Bounds, Triple};
pub use assumptions::{Assumptions, vm_vcpus};
pub use decision_status::{
    DecisionStatus, MAX_DECISION_COMMENT_CHARS, StatusChange, check_status_change,
};
pub use error::{FieldError, ValidationErrors};
pub use named::{Labelled, Named};
pub use option::{
    LEGACY_OBJECT_STORAGE_ID, LEGACY_OBJECT_STORAGE_LABEL, LEGACY_OBJECT_STORAGE_NOTE, MAX_OPTIONS,
    ObjectStorageProfile, OptionSet, Platform, PlatformOption, Variant,
};
pub use region::{KNOWN_REGIONS, region_display_name};
pub use runtime::{Runtime, vm_memory_gib};
pub use scenario::*;
pub use validate::{Assessment, CURRENCIES, is_java_class_name};

/// The only scenario format version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Hours in a billing month (Azure and infracost convention: 8,760 h ÷ 12). Cost lines, rule
/// messages and the report's "per month (730 h)" all mean this month.
pub const HOURS_PER_MONTH: u32 = 730;
/// Seconds in a billing month: 730 h × 3,600 s.
pub const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH as f64 * 3_600.0;

#[cfg(test)]
mod tests;
