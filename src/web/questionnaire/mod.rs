//! The questionnaire: field definitions (`fields`), what the inputs hold and how that becomes
//! a validated assessment (`state`), and how the form is drawn (`render`).

pub mod fields;
pub mod render;
pub mod state;

pub use fields::{
    CONNECTOR_COLUMNS, FieldSpec, Kind, SECTIONS, SectionSpec, currency_label, region_label,
    region_options,
};
pub use state::{Action, FormState, reading};
