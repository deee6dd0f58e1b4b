//! What every handler shares: the store, settings, price books, report cache and metrics.

use std::sync::Arc;

use super::{limits, metrics, price_books, report_cache, security};
use crate::config::Settings;
use crate::pricing::PriceBook;
use uuid::Uuid;

use crate::store::{RevisionMeta, Store, StoreError};

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub metrics: metrics::Metrics,
    /// The price book loaded at start. Reports price with [`AppState::books`], which a
    /// background refresh may move on, and which keeps the versions revisions were saved with.
    pub prices: Arc<PriceBook>,
    /// The current price book and earlier versions (see [`price_books::PriceBooks`]).
    pub books: Arc<price_books::PriceBooks>,
    /// Evaluated reports and their compressed renderings, bounded by bytes.
    pub reports: report_cache::ReportCache,
    /// Limits on anonymous creation (per client address, per instance).
    pub limits: Arc<limits::CreationLimits>,
    /// Team sign-in, when `--oidc-issuer` is configured (see [`AppState::with_oidc`]).
    pub oidc: Option<Arc<super::oidc::Oidc>>,
    /// Edit-key hashes already read from the store (see [`AppState::edit_key_hash`]).
    key_hashes: Arc<std::sync::Mutex<std::collections::HashMap<Uuid, Arc<str>>>>,
}

/// Extractors that need only the settings (`limits::ClientAddr`) take them from here.
impl axum::extract::FromRef<AppState> for Arc<Settings> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.settings)
    }
}

/// Edit-key hashes kept in memory at most (≈ 100 bytes each); past it the map starts again.
const KEY_HASHES_MAX: usize = 65_536;

impl AppState {
    pub fn new(store: Store, settings: Settings, prices: PriceBook) -> Self {
        Self {
            store,
            metrics: metrics::Metrics::default(),
            books: Arc::new(price_books::PriceBooks::new(prices.clone())),
            prices: Arc::new(prices),
            reports: report_cache::ReportCache::new(settings.report_cache_bytes),
            limits: Arc::new(limits::CreationLimits::from_settings(&settings)),
            settings: Arc::new(settings),
            oidc: None,
            key_hashes: Arc::default(),
        }
    }

    /// Turn team sign-in on with a discovered provider.
    pub fn with_oidc(mut self, oidc: super::oidc::Oidc) -> Self {
        self.oidc = Some(Arc::new(oidc));
        self
    }

    /// The hash of assessment `id`'s edit key, `None` when there is no such assessment. Every
    /// read proves its capability with it, so it is kept after the first read: an assessment's
    /// key never changes and assessments are never deleted, so a kept hash cannot go stale (on
    /// any instance sharing the database). Unknown ids are asked every time.
    pub async fn edit_key_hash(&self, id: Uuid) -> Result<Option<Arc<str>>, StoreError> {
        if let Some(hash) = self.kept_key_hash(id) {
            return Ok(Some(hash));
        }
        let Some(hash) = self.store.edit_key_hash(id).await? else {
            return Ok(None);
        };
        let hash: Arc<str> = hash.into();
        if let Ok(mut kept) = self.key_hashes.lock() {
            if kept.len() >= KEY_HASHES_MAX {
                kept.clear();
            }
            kept.insert(id, Arc::clone(&hash));
        }
        Ok(Some(hash))
    }

    fn kept_key_hash(&self, id: Uuid) -> Option<Arc<str>> {
        self.key_hashes.lock().ok()?.get(&id).cloned()
    }

    /// Version of the price book in use, recorded with every saved revision.
    pub fn pricing_version(&self) -> &str {
        self.books.current_version()
    }

    /// Who is saving, from a fronting proxy's authentication header (Azure App Service /
    /// Container Apps `X-MS-CLIENT-PRINCIPAL-NAME`, else `X-Forwarded-User`) — only when the
    /// operator enabled it: without such a proxy anyone could send the header.
    /// A signed-in user (team sign-in) is named by their email instead.
    pub fn author(&self, headers: &axum::http::HeaderMap) -> Option<String> {
        // The name the header shows for the request's session (`session::session_layer`).
        if let Some(user) = crate::report::html::chrome::nav().user {
            return Some(user);
        }
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
