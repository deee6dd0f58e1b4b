//! Keeping price books: each book a server prices with is recorded in the store
//! ([`record`]), and a background refresh ([`refresh_once`]) fetches the regions and
//! currencies in use and makes the result current. The books themselves are `price_books`.

use super::AppState;
use crate::pricing::PriceBook;
use crate::store::{CatalogText, NewPriceBook, Store, StoreError};

/// Keep `book` in the store (idempotent), so revisions saved with it re-price with it.
pub async fn record(store: &Store, book: &PriceBook, origin: &str) -> Result<bool, StoreError> {
    let texts: Vec<CatalogText<'_>> = book
        .catalogs()
        .iter()
        .map(|c| CatalogText {
            name: &c.name,
            version: &c.version,
            content: c.text(),
        })
        .collect();
    let p = book.pricing_ref();
    let date = crate::pricing::format_date(p.effective_date);
    store
        .save_price_book(NewPriceBook {
            version: &p.version,
            catalog: &p.catalog,
            effective_date: &date,
            origin,
            catalogs: &texts,
        })
        .await
}

/// One background refresh: fetch the regions and currencies in use, add them to the current
/// book, keep the result in the store and make it current. Any failure leaves the current
/// book as it is and is recorded for `/readyz` and `/metrics`.
pub async fn refresh_once(
    state: &AppState,
    api: &crate::price_sources::retail_api::RetailApi,
) -> Result<Vec<(String, String)>, String> {
    let outcome = refresh_inner(state, api).await;
    match &outcome {
        Ok(pairs) => tracing::info!(
            pairs = pairs.len(),
            version = state.books.current_version(),
            "price refresh done"
        ),
        Err(e) => {
            tracing::warn!(error = %e, "price refresh failed; keeping the last good catalogs");
        }
    }
    state.books.record_refresh(outcome.clone());
    outcome
}

async fn refresh_inner(
    state: &AppState,
    api: &crate::price_sources::retail_api::RetailApi,
) -> Result<Vec<(String, String)>, String> {
    use crate::price_sources::retail_api::SERVICES;
    let pairs = state
        .store
        .regions_and_currencies_in_use()
        .await
        .map_err(|e| format!("cannot list the regions in use: {e}"))?;
    if pairs.is_empty() {
        return Ok(pairs);
    }
    let api = api.clone();
    let wanted = pairs.clone();
    let span = tracing::Span::current();
    let fresh = tokio::task::spawn_blocking(move || {
        let _in_refresh = span.enter();
        let mut out = Vec::with_capacity(wanted.len());
        for (region, currency) in &wanted {
            let r = api
                .refresh(region, currency, SERVICES, &mut |_| {})
                .map_err(|e| format!("{region} / {currency}: {e}"))?;
            let catalog = crate::pricing::Catalog::parse(&r.file_name, &r.csv)
                .map_err(|e| format!("{region} / {currency}: {e}"))?;
            out.push(catalog);
        }
        Ok::<_, String>(out)
    })
    .await
    .map_err(|e| format!("the refresh task failed: {e}"))??;
    let book = state
        .books
        .current()
        .with_catalogs_replaced(fresh)
        .map_err(|e| format!("the refreshed catalogs do not load with the others: {e}"))?;
    record(&state.store, &book, "refresh")
        .await
        .map_err(|e| format!("cannot keep the refreshed catalogs in the database: {e}"))?;
    state.books.replace(book);
    Ok(pairs)
}
