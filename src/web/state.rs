//! What every handler shares: the store, settings, price books, report cache and metrics.

use std::sync::Arc;

use super::{limits, metrics, prices, report_cache, security};
use crate::config::Settings;
use crate::pricing::PriceBook;
use crate::store::{RevisionMeta, Store};

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub metrics: metrics::Metrics,
    /// The price book loaded at start. Reports price with [`AppState::books`], which a
    /// background refresh may move on, and which keeps the versions revisions were saved with.
    pub prices: Arc<PriceBook>,
    /// The current price book and earlier versions (see [`prices::PriceBooks`]).
    pub books: Arc<prices::PriceBooks>,
    /// Evaluated reports and their compressed renderings, bounded by bytes.
    pub reports: report_cache::ReportCache,
    /// Limits on anonymous creation (per client address, per instance).
    pub limits: Arc<limits::CreationLimits>,
}

impl AppState {
    pub fn new(store: Store, settings: Settings, prices: PriceBook) -> Self {
        Self {
            store,
            metrics: metrics::Metrics::default(),
            books: Arc::new(prices::PriceBooks::new(prices.clone())),
            prices: Arc::new(prices),
            reports: report_cache::ReportCache::new(settings.report_cache_bytes),
            limits: Arc::new(limits::CreationLimits::from_settings(&settings)),
            settings: Arc::new(settings),
        }
    }

    /// Version of the price book in use, recorded with every saved revision.
    pub fn pricing_version(&self) -> &str {
        self.books.current_version()
    }

    /// Who is saving, from a fronting proxy's authentication header (Azure App Service /
    /// Container Apps `X-MS-CLIENT-PRINCIPAL-NAME`, else `X-Forwarded-User`) — only when the
    /// operator enabled it: without such a proxy anyone could send the header.
    pub fn author(&self, headers: &axum::http::HeaderMap) -> Option<String> {
        if !self.settings.trust_identity_headers {
            return None;
        }
        ["x-ms-client-principal-name", "x-forwarded-user"]
            .iter()
            .filter_map(|h| headers.get(*h)?.to_str().ok())
            .map(str::trim)
            .find(|v| !v.is_empty() && v.chars().count() <= 200 && !v.chars().any(char::is_control))
            .map(str::to_owned)
    }

    /// Whether `token` is the operator's admin token (`--admin-token-file`), compared in
    /// constant time. Always false when no admin token is configured.
    pub fn is_admin_token(&self, token: &str) -> bool {
        self.settings
            .admin_token_hash
            .as_deref()
            .is_some_and(|hash| security::secret_matches(token, hash))
    }

    /// What a new revision records about how it was saved.
    pub fn revision_meta<'a>(&'a self, author: Option<&'a str>) -> RevisionMeta<'a> {
        RevisionMeta {
            author,
            pricing_version: Some(self.pricing_version()),
        }
    }
}
