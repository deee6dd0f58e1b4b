//! Price catalogs: loading `pricing/*.csv`, versioning, lookup, and importing Azure Retail
//! Prices API pages.
//!
//! Prices live only in the catalogs (data with a source and an effective date per row), never
//! in code. [`PriceBook::embedded`] holds the default catalogs compiled into the binary;
//! [`PriceBook::load_dir`] reads another directory (`--pricing-dir`). Lookup is pure.

mod book;
pub mod build;
mod catalog;
pub mod diff;
pub mod import;
mod price_ref;

pub(crate) use book::KeyRef;
pub use book::{
    CatalogRef, GLOBAL_REGION, LoadError, PriceBook, PriceKey, PricingRef, Quote, QuotedTier,
};
pub use catalog::{
    Catalog, CatalogError, Confidence, OPTIONAL_COLUMNS, PriceRow, PriceType, REQUIRED_COLUMNS,
    content_version, format_date, parse_date,
};
pub use import::{ImportError, ImportOutcome, import_pages};
pub use price_ref::PriceRef;
