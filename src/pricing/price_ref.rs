//! [`PriceRef`]: the catalog row behind a priced cost line, as reports cite it.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::book::Quote;
use super::catalog::{Confidence, PriceRow, PriceType, format_date, serialize_date};

/// Where a line's unit price came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceRef {
    /// Catalog file, e.g. `eastus.csv`.
    pub catalog: String,
    pub service: String,
    pub product: String,
    pub sku: String,
    pub meter: String,
    /// Azure meter id; empty when the source gave none.
    pub meter_id: String,
    pub region: String,
    /// `consumption`, `reservation_1y` or `reservation_3y`.
    pub price_type: PriceType,
    /// The catalog's unit of measure, e.g. `1 Hour`.
    pub unit: String,
    /// The row's `effective_start`, written `YYYY-MM-DD`.
    #[serde(serialize_with = "serialize_date")]
    pub effective_date: time::Date,
    pub source: String,
    /// `high`, `medium` or `low` when the catalog says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Catalog rows that matched before the lookup policy chose this one (1 = unambiguous).
    pub matched_rows: usize,
}

impl PriceRef {
    /// Whether the price is a reservation's (a commitment discount), not pay-as-you-go.
    pub fn is_reservation(&self) -> bool {
        self.price_type != PriceType::Consumption
    }

    /// The price's date, `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        format_date(self.effective_date)
    }

    fn of(catalog: &str, r: &PriceRow, matched_rows: usize) -> Self {
        Self {
            catalog: catalog.to_owned(),
            service: r.service.clone(),
            product: r.product.clone(),
            sku: r.sku.clone(),
            meter: r.meter.clone(),
            meter_id: r.meter_id.clone(),
            region: r.region.clone(),
            price_type: r.price_type,
            unit: r.unit.clone(),
            effective_date: r.effective_start,
            source: r.source.clone(),
            confidence: r.confidence,
            matched_rows,
        }
    }
}

/// One catalog row's [`PriceRef`], written the first time a lookup picks the row and shared by
/// every cost line priced from it afterwards (an estimate cites ~60 rows; copying their
/// strings for every estimate was a tenth of its time). A row reached through two keys with
/// different match counts (a product-less VM key matching Linux and Windows rows, say) keeps
/// the second count's reference too; a third count is rare enough to be built per lookup.
#[derive(Debug, Default)]
pub(crate) struct SharedRef {
    first: OnceLock<Arc<PriceRef>>,
    second: OnceLock<Arc<PriceRef>>,
}

impl Clone for SharedRef {
    /// A fresh, empty slot: a clone of a book rebuilds its references on demand.
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for SharedRef {
    /// A cache, not part of a quote's value: two quotes of the same row are equal.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Quote<'_> {
    /// The reference of the row the first tier came from, with this lookup's match count.
    pub fn price_ref(&self) -> Arc<PriceRef> {
        let t = self.base();
        let of = || Arc::new(PriceRef::of(t.catalog, t.row, self.matched_rows));
        let first = t.shared.first.get_or_init(of);
        if first.matched_rows == self.matched_rows {
            return Arc::clone(first);
        }
        // The same row reached through a key that matched a different number of rows (a
        // product-less key, say): the count is part of the citation.
        let second = t.shared.second.get_or_init(|| {
            Arc::new(PriceRef {
                matched_rows: self.matched_rows,
                ..PriceRef::clone(first)
            })
        });
        if second.matched_rows == self.matched_rows {
            Arc::clone(second)
        } else {
            of()
        }
    }
}
