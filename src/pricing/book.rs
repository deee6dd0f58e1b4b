//! The [`PriceBook`]: every loaded catalog, indexed for lookup by [`PriceKey`].
//!
//! Lookup is pure and deterministic. Policy (after infracost's `prices.go`):
//! - rows are matched on service, SKU, meter, region, price type and currency, and on
//!   product when the key names one; a key with no row in its region falls back to the
//!   region `global`;
//! - rows of one tier (`tier_min_units`) that all match are reduced to **the smallest
//!   non-zero price** (a zero only when every candidate is zero), ties broken by
//!   product, meter id, catalog and line so runs never differ;
//! - the result keeps every tier, so the cost model can price graduated meters.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use super::catalog::{Catalog, CatalogError, PriceRow, PriceType, format_date, serialize_date};
use super::price_ref::SharedRef;

/// The catalogs compiled into the binary (`pricing/*.csv` at the crate root).
/// `eastus.csv` is kept by hand; the other regions are built by `pricing build-embedded`
/// from `../shared/price-data` (see `pricing/COVERAGE.md`).
const EMBEDDED: [(&str, &str); 15] = [
    (
        "australiaeast.csv",
        include_str!("../../pricing/australiaeast.csv"),
    ),
    (
        "brazilsouth.csv",
        include_str!("../../pricing/brazilsouth.csv"),
    ),
    (
        "canadacentral.csv",
        include_str!("../../pricing/canadacentral.csv"),
    ),
    (
        "centralindia.csv",
        include_str!("../../pricing/centralindia.csv"),
    ),
    ("centralus.csv", include_str!("../../pricing/centralus.csv")),
    ("eastus.csv", include_str!("../../pricing/eastus.csv")),
    ("eastus2.csv", include_str!("../../pricing/eastus2.csv")),
    ("japaneast.csv", include_str!("../../pricing/japaneast.csv")),
    (
        "mexicocentral.csv",
        include_str!("../../pricing/mexicocentral.csv"),
    ),
    (
        "northeurope.csv",
        include_str!("../../pricing/northeurope.csv"),
    ),
    (
        "southeastasia.csv",
        include_str!("../../pricing/southeastasia.csv"),
    ),
    (
        "swedencentral.csv",
        include_str!("../../pricing/swedencentral.csv"),
    ),
    ("uksouth.csv", include_str!("../../pricing/uksouth.csv")),
    (
        "westeurope.csv",
        include_str!("../../pricing/westeurope.csv"),
    ),
    ("westus2.csv", include_str!("../../pricing/westus2.csv")),
];

/// Region name of rows that apply everywhere.
pub const GLOBAL_REGION: &str = "global";

/// What to look up: one meter of one SKU in one region, bought one way, in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PriceKey {
    pub service: String,
    /// `None` matches any product (then the smallest non-zero price wins).
    pub product: Option<String>,
    pub sku: String,
    pub meter: String,
    pub region: String,
    pub price_type: PriceType,
    pub currency: String,
}

#[cfg(test)]
impl PriceKey {
    /// A pay-as-you-go key in USD matching any product: what most tests look up.
    pub(crate) fn consumption(service: &str, sku: &str, meter: &str, region: &str) -> Self {
        Self {
            service: service.into(),
            product: None,
            sku: sku.into(),
            meter: meter.into(),
            region: region.into(),
            price_type: PriceType::Consumption,
            currency: "USD".into(),
        }
    }
}

impl std::fmt::Display for PriceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} / {}{} / {} in {} ({}, {})",
            self.service,
            self.product
                .as_deref()
                .map(|p| format!("{p} / "))
                .unwrap_or_default(),
            self.sku,
            self.meter,
            self.region,
            self.price_type,
            self.currency
        )
    }
}

/// A [`PriceKey`] of borrowed fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyRef<'a> {
    pub service: &'a str,
    pub product: Option<&'a str>,
    pub sku: &'a str,
    pub meter: &'a str,
    pub region: &'a str,
    pub price_type: PriceType,
    pub currency: &'a str,
}

/// One tier of a quoted price.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotedTier<'a> {
    /// The tier applies from this many units upwards.
    pub min_units: Decimal,
    pub unit_price: Decimal,
    /// The catalog row the price came from.
    pub row: &'a PriceRow,
    /// Name of the catalog holding `row`.
    pub catalog: &'a str,
    /// `row`'s citation, built once.
    pub(crate) shared: &'a SharedRef,
}

/// The answer to a lookup: the tiers of one meter, lowest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote<'a> {
    /// At least one tier; the first starts at 0 (checked when the book is built).
    pub tiers: Vec<QuotedTier<'a>>,
    /// How many catalog rows matched before the policy chose one per tier.
    pub matched_rows: usize,
}

impl Quote<'_> {
    /// The first tier (the whole price of an untiered meter).
    pub fn base(&self) -> &QuotedTier<'_> {
        &self.tiers[0]
    }

    /// The tiers as `price@from`, e.g. `["0@0", "0.087@100"]`: what tests compare.
    #[cfg(test)]
    pub(crate) fn tier_labels(&self) -> Vec<String> {
        self.tiers
            .iter()
            .map(|t| format!("{}@{}", t.unit_price, t.min_units))
            .collect()
    }
}

/// Identifies a loaded catalog in reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogRef {
    pub name: String,
    pub version: String,
    #[serde(serialize_with = "serialize_date")]
    pub effective_date: Date,
    pub rows: usize,
}

/// What every report records about the prices it used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricingRef {
    /// Catalog file names joined with `+`, e.g. `eastus.csv+westeurope.csv`.
    pub catalog: String,
    /// Content hash of the whole book (of its catalogs' versions); changes when any price changes.
    pub version: String,
    /// Latest effective date of any row.
    #[serde(serialize_with = "serialize_date")]
    pub effective_date: Date,
    pub catalogs: Vec<CatalogRef>,
}

/// A price book could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} holds no *.csv price catalog")]
    NoCatalogs { path: PathBuf },
    #[error("{file} is not valid UTF-8")]
    NotUtf8 { file: String },
}

/// Hash of the fields a lookup matches on; computed from borrowed strings so a lookup
/// allocates nothing. Rows are compared field by field after, so a collision is harmless.
fn index_hash(
    service: &str,
    sku: &str,
    meter: &str,
    region: &str,
    pt: PriceType,
    currency: &str,
) -> u64 {
    use std::hash::BuildHasher;
    // A fixed seed: the hash only groups rows in memory and is never stored.
    foldhash::fast::FixedState::with_seed(0).hash_one((service, sku, meter, region, pt, currency))
}

fn row_hash(r: &PriceRow) -> u64 {
    index_hash(
        &r.service,
        &r.sku,
        &r.meter,
        &r.region,
        r.price_type,
        &r.currency,
    )
}

/// One meter of one product: (service, sku, meter, region, price type, currency, product).
type TierGroup<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    PriceType,
    &'a str,
    &'a str,
);

/// Same service, SKU, meter, region, price type and currency.
fn same_meter(a: &PriceRow, b: &PriceRow) -> bool {
    a.service == b.service
        && a.sku == b.sku
        && a.meter == b.meter
        && a.region == b.region
        && a.price_type == b.price_type
        && a.currency == b.currency
}

/// Every loaded catalog, indexed. Immutable once built; share it behind an `Arc`.
#[derive(Debug, Clone)]
pub struct PriceBook {
    catalogs: Vec<Catalog>,
    /// Hash of (service, sku, meter, region, price_type, currency) → (catalog, row) indices.
    index: HashMap<u64, Vec<(usize, usize)>, foldhash::fast::RandomState>,
    pricing: PricingRef,
    /// Each row's citation, parallel to `catalogs[i].rows`, written on first use.
    shared_refs: Vec<Vec<SharedRef>>,
}

impl PriceBook {
    /// The default catalogs embedded in the binary.
    pub fn embedded() -> Result<Self, LoadError> {
        Self::from_sources(EMBEDDED.iter().map(|(n, t)| (n.to_string(), t.to_string())))
    }

    /// Every `*.csv` file of a directory (e.g. `--pricing-dir`), in file-name order.
    pub fn load_dir(path: &Path) -> Result<Self, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_owned(),
            source,
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).map_err(io)? {
            let p = entry.map_err(io)?.path();
            if p.extension().is_some_and(|e| e == "csv") && p.is_file() {
                files.push(p);
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(LoadError::NoCatalogs {
                path: path.to_owned(),
            });
        }
        let mut sources = Vec::with_capacity(files.len());
        for f in files {
            let bytes = std::fs::read(&f).map_err(|source| LoadError::Io {
                path: f.clone(),
                source,
            })?;
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text =
                String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8 { file: name.clone() })?;
            sources.push((name, text));
        }
        Self::from_sources(sources)
    }

    /// Build from `(file name, CSV text)` pairs. Pure; rejects duplicate rows (also across
    /// files) and tiered meters without a tier starting at 0.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, LoadError> {
        let catalogs = sources
            .into_iter()
            .map(|(name, text)| Catalog::parse(&name, &text))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::from_catalogs(catalogs)?)
    }

    /// Build from parsed catalogs.
    pub fn from_catalogs(catalogs: Vec<Catalog>) -> Result<Self, CatalogError> {
        let mut index: HashMap<u64, Vec<(usize, usize)>, foldhash::fast::RandomState> =
            HashMap::default();
        for (ci, c) in catalogs.iter().enumerate() {
            for (ri, r) in c.rows.iter().enumerate() {
                let slot = index.entry(row_hash(r)).or_default();
                if let Some(&(cj, rj)) = slot.iter().find(|&&(cj, rj)| {
                    let o = &catalogs[cj].rows[rj];
                    same_meter(o, r)
                        && o.product == r.product
                        && o.tier_min_units == r.tier_min_units
                }) {
                    return Err(CatalogError {
                        file: c.name.clone(),
                        line: r.line,
                        reason: format!(
                            "duplicate price: same service, product, sku, meter, region, price_type, currency and tier as {}:{}",
                            catalogs[cj].name, catalogs[cj].rows[rj].line
                        ),
                    });
                }
                slot.push((ci, ri));
            }
        }
        // A graduated price needs a first tier; otherwise the units below it would be
        // priced at nothing without anyone deciding so.
        for rows in index.values() {
            let mut by_product: HashMap<TierGroup<'_>, (Decimal, (usize, usize))> = HashMap::new();
            for &(ci, ri) in rows {
                let r = &catalogs[ci].rows[ri];
                let group = (
                    r.service.as_str(),
                    r.sku.as_str(),
                    r.meter.as_str(),
                    r.region.as_str(),
                    r.price_type,
                    r.currency.as_str(),
                    r.product.as_str(),
                );
                let e = by_product
                    .entry(group)
                    .or_insert((r.tier_min_units, (ci, ri)));
                if r.tier_min_units < e.0 {
                    *e = (r.tier_min_units, (ci, ri));
                }
            }
            for (min, (ci, ri)) in by_product.into_values() {
                if !min.is_zero() {
                    let r = &catalogs[ci].rows[ri];
                    return Err(CatalogError {
                        file: catalogs[ci].name.clone(),
                        line: r.line,
                        reason: format!(
                            "tiered meter \"{}\" of {} / {} has no tier starting at 0 (lowest is {})",
                            r.meter, r.service, r.sku, min
                        ),
                    });
                }
            }
        }
        let pricing = pricing_ref(&catalogs);
        let shared_refs = catalogs
            .iter()
            .map(|c| c.rows.iter().map(|_| SharedRef::default()).collect())
            .collect();
        Ok(Self {
            catalogs,
            index,
            pricing,
            shared_refs,
        })
    }

    /// This book with `fresh` catalogs added, each replacing the catalogs it supersedes: one
    /// of the same file name, or one whose rows all lie in regions and currencies a fresh
    /// catalog covers (a refreshed `westeurope-usd.csv` replaces the embedded
    /// `westeurope.csv`). Pure; the rest of the book is kept as it is.
    pub fn with_catalogs_replaced(&self, fresh: Vec<Catalog>) -> Result<Self, CatalogError> {
        use std::collections::HashSet;
        let covered: HashSet<(&str, &str)> = fresh
            .iter()
            .flat_map(|c| {
                c.rows
                    .iter()
                    .map(|r| (r.region.as_str(), r.currency.as_str()))
            })
            .collect();
        let names: HashSet<&str> = fresh.iter().map(|c| c.name.as_str()).collect();
        let mut catalogs: Vec<Catalog> = self
            .catalogs
            .iter()
            .filter(|c| {
                !names.contains(c.name.as_str())
                    && !c
                        .rows
                        .iter()
                        .all(|r| covered.contains(&(r.region.as_str(), r.currency.as_str())))
            })
            .cloned()
            .collect();
        catalogs.extend(fresh);
        catalogs.sort_by(|a, b| a.name.cmp(&b.name));
        Self::from_catalogs(catalogs)
    }

    /// Name, version and date of the book and of each catalog.
    pub fn pricing_ref(&self) -> &PricingRef {
        &self.pricing
    }

    /// The loaded catalogs.
    pub fn catalogs(&self) -> &[Catalog] {
        &self.catalogs
    }

    /// Look a price up (see the module docs for the policy). `None` when nothing matches.
    pub fn lookup(&self, key: &PriceKey) -> Option<Quote<'_>> {
        self.lookup_ref(&KeyRef {
            service: &key.service,
            product: key.product.as_deref(),
            sku: &key.sku,
            meter: &key.meter,
            region: &key.region,
            price_type: key.price_type,
            currency: &key.currency,
        })
    }

    /// [`PriceBook::lookup`] with a borrowed key (nothing to allocate per lookup).
    pub(crate) fn lookup_ref(&self, key: &KeyRef<'_>) -> Option<Quote<'_>> {
        self.lookup_in(key, key.region)
            .or_else(|| self.lookup_in(key, GLOBAL_REGION))
    }

    fn lookup_in(&self, key: &KeyRef<'_>, region: &str) -> Option<Quote<'_>> {
        let h = index_hash(
            key.service,
            key.sku,
            key.meter,
            region,
            key.price_type,
            key.currency,
        );
        // One vector: the matching rows, sorted, then cut down to the first of each tier.
        let mut tiers: Vec<QuotedTier<'_>> = self
            .index
            .get(&h)?
            .iter()
            .map(|&(ci, ri)| {
                let row = &self.catalogs[ci].rows[ri];
                QuotedTier {
                    min_units: row.tier_min_units,
                    unit_price: row.unit_price,
                    row,
                    catalog: self.catalogs[ci].name.as_str(),
                    shared: &self.shared_refs[ci][ri],
                }
            })
            .filter(|t| {
                let r = t.row;
                r.service == key.service
                    && r.sku == key.sku
                    && r.meter == key.meter
                    && r.region == region
                    && r.price_type == key.price_type
                    && r.currency == key.currency
                    && key.product.is_none_or(|p| r.product == p)
            })
            .collect();
        if tiers.is_empty() {
            return None;
        }
        let matched_rows = tiers.len();
        tiers.sort_by(|x, y| {
            let (a, b) = (x.row, y.row);
            a.tier_min_units
                .cmp(&b.tier_min_units)
                .then_with(|| price_rank(a.unit_price).cmp(&price_rank(b.unit_price)))
                .then_with(|| a.product.cmp(&b.product))
                .then_with(|| a.meter_id.cmp(&b.meter_id))
                .then_with(|| x.catalog.cmp(y.catalog))
                .then_with(|| a.line.cmp(&b.line))
        });
        // Sorted so the first row of each tier is the one the policy picks.
        tiers.dedup_by(|later, kept| later.min_units == kept.min_units);
        Some(Quote {
            tiers,
            matched_rows,
        })
    }
}

/// Sort rank: non-zero prices ascending, zeros last (smallest non-zero wins).
fn price_rank(p: Decimal) -> (bool, Decimal) {
    (p.is_zero(), p)
}

fn pricing_ref(catalogs: &[Catalog]) -> PricingRef {
    let names: Vec<&str> = catalogs.iter().map(|c| c.name.as_str()).collect();
    let mut material = String::new();
    for c in catalogs {
        material.push_str(&c.name);
        material.push('\0');
        material.push_str(&c.version);
        material.push('\n');
    }
    let effective_date = catalogs
        .iter()
        .map(|c| c.effective_date)
        .max()
        .unwrap_or(Date::MIN);
    PricingRef {
        catalog: names.join("+"),
        version: super::catalog::content_version(material.as_bytes()),
        effective_date,
        catalogs: catalogs
            .iter()
            .map(|c| CatalogRef {
                name: c.name.clone(),
                version: c.version.clone(),
                effective_date: c.effective_date,
                rows: c.rows.len(),
            })
            .collect(),
    }
}

impl std::fmt::Display for PricingRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (version {}, effective {})",
            self.catalog,
            self.version,
            format_date(self.effective_date)
        )
    }
}

#[cfg(test)]
#[path = "book_tests.rs"]
mod tests;
