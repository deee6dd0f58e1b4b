//! connect-advisor: decide how to run Kafka Connect on Azure and what it will really cost.
//!
//! `domain`, `estate`, `knowledge`, `pricing` (lookup), `cost` and `decision` are pure;
//! `store`, `web` and `cli` are the adapters at the edges.
#![forbid(unsafe_code)]

pub mod actuals;
pub mod analysis;
pub mod cli;
pub mod config;
pub mod cost;
pub mod decision;
pub mod domain;
pub mod estate;
pub mod import;
pub mod knowledge;
pub mod number;
pub mod price_sources;
pub mod pricing;
pub mod report;
pub mod store;
pub mod web;

#[cfg(test)]
mod test_support;
