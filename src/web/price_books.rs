//! The price books a server prices with: the current one (what new revisions are saved
//! with, replaced by a background refresh), and every earlier version a saved revision may
//! name, loaded from the store so a revision re-prices with the catalogs it was saved with,
//! after a restart and on any instance.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use time::OffsetDateTime;

use crate::pricing::PriceBook;
use crate::store::{Store, StoreError};

/// Versions kept in memory besides the current one.
const CACHED_VERSIONS: usize = 32;

/// What the last background refreshes did (shown in `/readyz` and `/metrics`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefreshStatus {
    /// Refresh interval in hours; `None` when background refresh is off.
    pub interval_hours: Option<u64>,
    pub last_attempt: Option<OffsetDateTime>,
    pub last_success: Option<OffsetDateTime>,
    /// The last failure's message while it is the latest outcome; `None` after a success.
    pub last_error: Option<String>,
    pub successes: u64,
    pub failures: u64,
    /// `(region, currency)` pairs the last successful refresh fetched.
    pub refreshed: Vec<(String, String)>,
}

struct Current {
    book: Arc<PriceBook>,
    /// Interned: revisions and ETags borrow it for the life of the process. One short string
    /// per distinct book version, and versions change at most once per refresh.
    version: &'static str,
}

/// The current price book and the versions revisions were saved with.
pub struct PriceBooks {
    current: RwLock<Current>,
    by_version: Mutex<HashMap<String, Arc<PriceBook>>>,
    status: Mutex<RefreshStatus>,
}

/// `(region, currency)` pairs the current price book prices completely (every line of a
/// probe scenario; see `price_sources::coverage`). Set whenever the server's book changes;
/// the questionnaire marks its region and currency choices with it.
static COMPLETE_CATALOGS: RwLock<Vec<(String, String)>> = RwLock::new(Vec::new());

/// Record which region/currency pairs `book` prices completely, for the questionnaire.
fn publish_coverage(book: &PriceBook) {
    let complete = crate::price_sources::coverage::catalog_coverage(book)
        .into_iter()
        .filter(crate::price_sources::coverage::Coverage::complete)
        .map(|c| (c.region, c.currency))
        .collect();
    if let Ok(mut g) = COMPLETE_CATALOGS.write() {
        *g = complete;
    }
}

/// The `(region, currency)` pairs the current price book prices completely.
pub fn complete_catalogs() -> Vec<(String, String)> {
    COMPLETE_CATALOGS
        .read()
        .map(|g| g.clone())
        .unwrap_or_default()
}

fn intern(version: &str) -> &'static str {
    static SEEN: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let Ok(mut seen) = SEEN.lock() else {
        return Box::leak(version.to_owned().into_boxed_str());
    };
    if let Some(v) = seen.iter().find(|v| **v == version) {
        return v;
    }
    let v: &'static str = Box::leak(version.to_owned().into_boxed_str());
    seen.push(v);
    v
}

impl PriceBooks {
    pub fn new(book: PriceBook) -> Self {
        publish_coverage(&book);
        let version = intern(&book.pricing_ref().version);
        Self {
            current: RwLock::new(Current {
                book: Arc::new(book),
                version,
            }),
            by_version: Mutex::new(HashMap::new()),
            status: Mutex::new(RefreshStatus::default()),
        }
    }

    /// The book new revisions are priced and saved with.
    pub fn current(&self) -> Arc<PriceBook> {
        match self.current.read() {
            Ok(c) => c.book.clone(),
            Err(poisoned) => poisoned.into_inner().book.clone(),
        }
    }

    /// Version of [`PriceBooks::current`].
    pub fn current_version(&self) -> &'static str {
        match self.current.read() {
            Ok(c) => c.version,
            Err(poisoned) => poisoned.into_inner().version,
        }
    }

    /// Make `book` current; the previous one stays available by version.
    pub fn replace(&self, book: PriceBook) {
        publish_coverage(&book);
        let version = intern(&book.pricing_ref().version);
        let book = Arc::new(book);
        let previous = {
            let mut c = match self.current.write() {
                Ok(c) => c,
                Err(poisoned) => poisoned.into_inner(),
            };
            std::mem::replace(&mut *c, Current { book, version })
        };
        self.remember(previous.book);
    }

    fn remember(&self, book: Arc<PriceBook>) {
        if let Ok(mut m) = self.by_version.lock() {
            if m.len() >= CACHED_VERSIONS {
                // Any entry: an evicted version is loaded from the store again when needed.
                if let Some(k) = m.keys().next().cloned() {
                    m.remove(&k);
                }
            }
            m.insert(book.pricing_ref().version.clone(), book);
        }
    }

    /// The book of `version` if it is in memory.
    pub fn cached(&self, version: &str) -> Option<Arc<PriceBook>> {
        if self.current_version() == version {
            return Some(self.current());
        }
        self.by_version.lock().ok()?.get(version).cloned()
    }

    /// The book a revision saved with `version` is priced with: that version (from memory
    /// or the store), else — a revision from before versions were kept, or a version no
    /// instance stored — the current book (the report then says prices changed).
    pub async fn for_version(
        &self,
        store: &Store,
        version: Option<&str>,
    ) -> Result<Arc<PriceBook>, StoreError> {
        let Some(version) = version else {
            return Ok(self.current());
        };
        if let Some(book) = self.cached(version) {
            return Ok(book);
        }
        let Some(stored) = store.price_book(version).await? else {
            return Ok(self.current());
        };
        match PriceBook::from_sources(stored.catalogs) {
            Ok(book) if book.pricing_ref().version == version => {
                let book = Arc::new(book);
                self.remember(book.clone());
                Ok(book)
            }
            Ok(book) => Err(StoreError::Corrupt(format!(
                "stored price book {version} loads as version {}",
                book.pricing_ref().version
            ))),
            Err(e) => Err(StoreError::Corrupt(format!(
                "stored price book {version} does not load: {e}"
            ))),
        }
    }

    /// The refresh status, for `/readyz` and `/metrics`.
    pub fn status(&self) -> RefreshStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Record a refresh outcome; a failure leaves the current book as it is.
    pub fn record_refresh(&self, outcome: Result<Vec<(String, String)>, String>) {
        if let Ok(mut s) = self.status.lock() {
            let now = OffsetDateTime::now_utc();
            s.last_attempt = Some(now);
            match outcome {
                Ok(pairs) => {
                    s.last_success = Some(now);
                    s.last_error = None;
                    s.successes += 1;
                    s.refreshed = pairs;
                }
                Err(e) => {
                    s.last_error = Some(e);
                    s.failures += 1;
                }
            }
        }
    }

    /// Turn background refresh on in the status (the task itself runs in `main`).
    pub fn set_interval(&self, hours: Option<u64>) {
        if let Ok(mut s) = self.status.lock() {
            s.interval_hours = hours;
        }
    }
}

fn rfc3339(t: Option<OffsetDateTime>) -> serde_json::Value {
    t.and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    })
    .map_or(serde_json::Value::Null, serde_json::Value::String)
}

impl PriceBooks {
    /// The `pricing` object of `/readyz`: the current book and the refresh status.
    pub fn readiness_detail(&self) -> serde_json::Value {
        let book = self.current();
        let p = book.pricing_ref();
        let s = self.status();
        serde_json::json!({
            "version": p.version,
            "catalog": p.catalog,
            "effective_date": crate::pricing::format_date(p.effective_date),
            "refresh": {
                "enabled": s.interval_hours.is_some(),
                "interval_hours": s.interval_hours,
                "state": match (&s.last_error, s.last_attempt) {
                    (Some(_), _) => "failing (serving the last good catalogs)",
                    (None, Some(_)) => "ok",
                    (None, None) => "not run",
                },
                "last_attempt": rfc3339(s.last_attempt),
                "last_success": rfc3339(s.last_success),
                "last_error": s.last_error,
                "successes": s.successes,
                "failures": s.failures,
                "regions": s.refreshed.iter().map(|(r, c)| format!("{r}/{c}")).collect::<Vec<_>>(),
            }
        })
    }

    /// Register the price book's scrape-time series: the book new reports are priced with,
    /// and the background refresh's outcomes.
    pub fn register_metrics(&self, registry: &mut prometheus_client::registry::Registry) {
        use prometheus_client::metrics::counter::Counter;
        use prometheus_client::metrics::family::Family;
        use prometheus_client::metrics::info::Info;

        use super::metrics::gauge_of;

        let s = self.status();
        let book = self.current();
        let p = book.pricing_ref();
        registry.register(
            "connect_advisor_price_catalog",
            "The price book new reports are priced with",
            Info::new(vec![
                ("version", p.version.clone()),
                (
                    "effective_date",
                    crate::pricing::format_date(p.effective_date),
                ),
            ]),
        );
        let refreshes = Family::<Vec<(&'static str, &'static str)>, Counter>::default();
        refreshes
            .get_or_create(&vec![("outcome", "success")])
            .inc_by(s.successes);
        refreshes
            .get_or_create(&vec![("outcome", "failure")])
            .inc_by(s.failures);
        registry.register(
            "connect_advisor_pricing_refresh",
            "Background price refreshes, by outcome",
            refreshes,
        );
        registry.register(
            "connect_advisor_pricing_refresh_failing",
            "1 while the latest background refresh failed (the last good catalogs are served)",
            gauge_of(i64::from(s.last_error.is_some())),
        );
        let ts = |t: Option<OffsetDateTime>| t.map_or(0, OffsetDateTime::unix_timestamp);
        registry.register(
            "connect_advisor_pricing_refresh_last_success_timestamp_seconds",
            "Unix time of the last successful refresh (0: none)",
            gauge_of(ts(s.last_success)),
        );
    }
}
