//! HTTP tests through the real router (no socket), each on a fresh SQLite database.

mod access;
mod actuals;
mod assessments_api;
mod decisions;
#[path = "../support/form.rs"]
mod form;
mod helpers;
mod imports;
mod instances;
mod platform;
mod pricing;
mod profiles;
mod questionnaire;
mod reports;
mod security;
mod serving;
mod shares;
#[path = "../support/mod.rs"]
mod support;
