//! Where price catalogs come from, at the I/O edge of [`crate::pricing`]:
//! - [`local`]: the embedded catalogs, built from saved price data on disk
//!   (`connect-advisor pricing build-embedded`);
//! - [`retail_api`]: the Azure Retail Prices API over HTTP (`connect-advisor pricing refresh`);
//! - [`coverage`]: whether a catalog prices every line of a probe scenario in a region and
//!   currency (what the questionnaire marks as a complete catalog).

pub mod commands;
pub mod coverage;
pub mod local;
pub mod retail_api;
