//! Reports kept in memory, bounded by bytes: evaluated reports per (assessment, revision,
//! price catalog), and their renderings (page, share page, exports, charts) per view, stored
//! already compressed with a strong `ETag`. Revisions are immutable and the catalog version is
//! part of every key, so an entry never goes stale; the cache only bounds memory.
//!
//! Evaluation and compression are CPU work of milliseconds to seconds: they run on blocking
//! threads, a few at a time ([`ReportCache::run_blocking`]), so the async workers keep
//! answering cheap requests, and concurrent misses of one key wait for a single computation.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::sync::{OnceCell, Semaphore};
use uuid::Uuid;

use crate::report::FullReport;

/// Default memory budget of the cache.
pub const DEFAULT_BYTES: usize = 64 * 1024 * 1024;

/// What a cached value is a rendering of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum View {
    /// The evaluated report itself (estimate, decision, analysis, charts).
    Evaluated,
    /// The report page; a share link's page differs (no owner links), and the page names the
    /// latest revision, so both are part of the key.
    Page {
        shared: bool,
        latest_revision: u32,
    },
    Json,
    Csv,
    /// FOCUS rows carry the charge period: the month is part of the key.
    Focus(time::Date),
    /// The decision record carries its date.
    Adr(time::Date),
    /// One chart, by slug.
    Chart(&'static str),
}

/// Identity of a cached value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub assessment: Uuid,
    pub revision: u32,
    /// Version (content hash) of the price catalog the report is priced from.
    pub catalog: Arc<str>,
    pub view: View,
}

/// A rendering, compressed once with brotli and gzip. Clients that accept neither get the gzip
/// bytes inflated on the way out (rare: scripts and `curl` without `--compressed`).
#[derive(Debug)]
pub struct Rendered {
    content_type: &'static str,
    /// Strong validator of the uncompressed bytes (each encoding adds a suffix).
    etag: String,
    brotli: Bytes,
    gzip: Bytes,
    identity_len: usize,
}

/// Brotli quality for cached renderings: they are compressed once and sent many times, so a
/// higher setting than on-the-fly compression pays (9 ≈ 20 % smaller than 4, ≈ 10 ms for the
/// largest example's page).
const BROTLI_QUALITY: u32 = 9;
const BROTLI_WINDOW: u32 = 22;

impl Rendered {
    /// Compress `body` (the identity representation) both ways and hash it.
    pub fn compress(body: &[u8], content_type: &'static str) -> std::io::Result<Self> {
        let digest = Sha256::digest(body);
        let etag = format!("\"{}", hex::encode(&digest[..12]));
        let mut brotli = Vec::with_capacity(body.len() / 6 + 64);
        {
            let mut w = brotli::CompressorWriter::new(
                &mut brotli,
                64 * 1024,
                BROTLI_QUALITY,
                BROTLI_WINDOW,
            );
            w.write_all(body)?;
            w.flush()?;
        }
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.len() / 5 + 64),
            flate2::Compression::new(6),
        );
        gz.write_all(body)?;
        let gzip = gz.finish()?;
        Ok(Self {
            content_type,
            etag,
            brotli: Bytes::from(brotli),
            gzip: Bytes::from(gzip),
            identity_len: body.len(),
        })
    }

    /// Bytes this entry holds.
    pub fn weight(&self) -> usize {
        self.brotli.len() + self.gzip.len() + self.etag.len() + ENTRY_OVERHEAD
    }

    /// Size of the uncompressed rendering.
    pub fn identity_len(&self) -> usize {
        self.identity_len
    }

    /// Size of the brotli rendering (what a browser downloads).
    pub fn brotli_len(&self) -> usize {
        self.brotli.len()
    }

    /// The response for a request with `request` headers: `304` when its `If-None-Match`
    /// names this content, else the best encoding it accepts. `Vary`, `ETag` and
    /// `cache_control` are on both.
    pub fn respond(&self, request: &HeaderMap, cache_control: &'static str) -> Response {
        let encoding = negotiate(request);
        let tag = match encoding {
            Encoding::Brotli => format!("{}-br\"", self.etag),
            Encoding::Gzip => format!("{}-gz\"", self.etag),
            Encoding::Identity => format!("{}\"", self.etag),
        };
        let mut resp = if self.matches(request) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let body = match encoding {
                Encoding::Brotli => self.brotli.clone(),
                Encoding::Gzip => self.gzip.clone(),
                Encoding::Identity => match self.inflate() {
                    Ok(b) => b,
                    Err(e) => {
                        tracing::error!(error = %e, "cached rendering does not inflate");
                        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                    }
                },
            };
            let mut resp = (StatusCode::OK, body).into_response();
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(self.content_type),
            );
            match encoding {
                Encoding::Brotli => {
                    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                }
                Encoding::Gzip => {
                    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                }
                Encoding::Identity => {}
            }
            // The client chose this representation: the compression layer leaves it alone.
            resp.extensions_mut().insert(Precompressed);
            resp
        };
        let h = resp.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&tag) {
            h.insert(header::ETAG, v);
        }
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        resp
    }

    /// Whether `If-None-Match` names this content (any of its encodings, weak or strong:
    /// RFC 9110 §13.1.2 compares weakly for `If-None-Match`).
    fn matches(&self, request: &HeaderMap) -> bool {
        let base = &self.etag[1..];
        request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().trim_start_matches("W/").trim_matches('"'))
            .any(|t| {
                t == "*"
                    || t.strip_suffix("-br")
                        .or_else(|| t.strip_suffix("-gz"))
                        .unwrap_or(t)
                        == base
            })
    }

    fn inflate(&self) -> std::io::Result<Bytes> {
        let mut out = Vec::with_capacity(self.identity_len);
        let mut d = flate2::read::GzDecoder::new(&self.gzip[..]);
        std::io::Read::read_to_end(&mut d, &mut out)?;
        Ok(Bytes::from(out))
    }
}

/// Response extension: the body is already in the encoding negotiated with the client.
#[derive(Debug, Clone, Copy)]
pub struct Precompressed;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The content coding to send: brotli, then gzip, when `Accept-Encoding` allows it (a
/// `q=0` refuses; `*` allows both).
fn negotiate(request: &HeaderMap) -> Encoding {
    let mut brotli = None;
    let mut gzip = None;
    let mut any = None;
    for item in request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let allowed = q > 0.0;
        match name.as_str() {
            "br" => brotli = Some(allowed),
            "gzip" | "x-gzip" => gzip = Some(allowed),
            "*" => any = Some(allowed),
            _ => {}
        }
    }
    if brotli.or(any) == Some(true) {
        Encoding::Brotli
    } else if gzip.or(any) == Some(true) {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// What one cache slot holds.
#[derive(Clone)]
pub enum Value {
    Evaluated(Arc<FullReport>),
    Rendered(Arc<Rendered>),
}

impl Value {
    fn weight(&self) -> usize {
        match self {
            Self::Evaluated(full) => evaluated_weight(full),
            Self::Rendered(r) => r.weight(),
        }
    }
}

/// Map, key and bookkeeping per entry, beyond its bytes.
const ENTRY_OVERHEAD: usize = 256;

/// Heap bytes an evaluated report holds, estimated from its JSON (which carries every line,
/// verdict, analysis figure and the scenario) and its SVG charts. In memory the report is
/// larger than its JSON for small reports (String headers, allocator rounding, vectors' spare
/// capacity) and smaller for the largest (numbers are shorter in memory than in text): the
/// factor errs on the large side for both, so the budget holds.
pub fn evaluated_weight(full: &FullReport) -> usize {
    struct Count(usize);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut json = Count(0);
    let _ = serde_json::to_writer(&mut json, &full.json());
    let mut scenario = Count(0);
    let _ = serde_json::to_writer(&mut scenario, full.report.assessment.scenario());
    let c = &full.charts;
    let charts = c.by_category.len() + c.projection.len() + c.throughput.len() + c.ranges.len();
    EVALUATED_FACTOR * (json.0 + scenario.0) + charts + ENTRY_OVERHEAD
}

/// Memory of an evaluated report per byte of its JSON (see [`evaluated_weight`]). Measured
/// (RSS growth per report held, 2026-11-30): the large example holds ≈ 0.3 MiB against an
/// estimate of ≈ 0.4 MiB at this factor; the largest scenario the server accepts (5,000
/// isolated connectors) ≈ 7.2 MiB against ≈ 16 MiB. Both err on the large side.
const EVALUATED_FACTOR: usize = 2;

struct Slot {
    value: Value,
    weight: usize,
    /// Last use, for least-recently-used eviction.
    tick: u64,
}

#[derive(Default)]
struct Inner {
    slots: HashMap<Key, Slot>,
    /// Last use → key, oldest first.
    order: BTreeMap<u64, Key>,
    tick: u64,
    bytes: usize,
}

type Flight = Arc<OnceCell<Value>>;

/// A least-recently-used cache bounded by the bytes its values hold.
#[derive(Clone)]
pub struct ReportCache {
    inner: Arc<Mutex<Inner>>,
    inflight: Arc<Mutex<HashMap<Key, Flight>>>,
    capacity: usize,
    /// CPU work running at once on blocking threads.
    cpu: Arc<Semaphore>,
}

impl Default for ReportCache {
    fn default() -> Self {
        Self::new(DEFAULT_BYTES)
    }
}

impl ReportCache {
    /// A cache holding at most `capacity` bytes of values.
    pub fn new(capacity: usize) -> Self {
        // One core stays free for the async workers (health checks, cached pages) while
        // reports are evaluated.
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self {
            inner: Arc::default(),
            inflight: Arc::default(),
            capacity,
            cpu: Arc::new(Semaphore::new(cores.saturating_sub(1).max(1))),
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.bytes)
    }

    /// Entries held now.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.slots.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, key: &Key) -> Option<Value> {
        let mut inner = self.inner.lock().ok()?;
        inner.tick += 1;
        let tick = inner.tick;
        let slot = inner.slots.get_mut(key)?;
        let old = std::mem::replace(&mut slot.tick, tick);
        let value = slot.value.clone();
        inner.order.remove(&old);
        inner.order.insert(tick, key.clone());
        Some(value)
    }

    /// Keep `value` under `key`, evicting the least recently used entries beyond the budget.
    /// A value larger than the whole budget is not kept.
    pub fn insert(&self, key: Key, value: Value) {
        let weight = value.weight();
        if weight > self.capacity {
            tracing::debug!(
                weight,
                capacity = self.capacity,
                "report too large to cache"
            );
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        inner.tick += 1;
        let tick = inner.tick;
        if let Some(old) = inner.slots.insert(
            key.clone(),
            Slot {
                value,
                weight,
                tick,
            },
        ) {
            inner.order.remove(&old.tick);
            inner.bytes -= old.weight;
        }
        inner.order.insert(tick, key);
        inner.bytes += weight;
        while inner.bytes > self.capacity {
            let Some((_, oldest)) = inner.order.pop_first() else {
                break;
            };
            if let Some(slot) = inner.slots.remove(&oldest) {
                inner.bytes -= slot.weight;
            }
        }
    }

    /// The value of `key`, or `compute`'s, kept. Concurrent callers with one key share a single
    /// computation; when it fails, each caller gets its own error.
    pub async fn get_or_compute<E, F>(&self, key: Key, compute: F) -> Result<Value, E>
    where
        F: Future<Output = Result<Value, E>>,
    {
        if let Some(hit) = self.get(&key) {
            return Ok(hit);
        }
        let flight: Flight = match self.inflight.lock() {
            Ok(mut map) => map.entry(key.clone()).or_default().clone(),
            Err(_) => Arc::default(),
        };
        let result = flight
            .get_or_try_init(|| async {
                let value = compute.await?;
                self.insert(key.clone(), value.clone());
                Ok(value)
            })
            .await
            .cloned();
        // Done (kept, or failed for this caller): later callers go to the cache or start anew.
        if let Ok(mut map) = self.inflight.lock()
            && map.get(&key).is_some_and(|f| Arc::ptr_eq(f, &flight))
        {
            map.remove(&key);
        }
        result
    }

    /// Run CPU-bound `work` on a blocking thread, at most a few at once, inside the caller's
    /// tracing span (and subscriber), so its logs stay attached to the request.
    pub async fn run_blocking<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self
            .cpu
            .acquire()
            .await
            .map_err(|e| anyhow::anyhow!("evaluation queue closed: {e}"))?;
        let span = tracing::Span::current();
        let dispatch = tracing::dispatcher::get_default(Clone::clone);
        tokio::task::spawn_blocking(move || {
            tracing::dispatcher::with_default(&dispatch, || span.in_scope(work))
        })
        .await
        .map_err(|e| anyhow::anyhow!("blocking work failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u32, view: View) -> Key {
        Key {
            assessment: Uuid::nil(),
            revision: n,
            catalog: Arc::from("v1"),
            view,
        }
    }

    fn rendered(body: &str) -> Value {
        Value::Rendered(Arc::new(
            Rendered::compress(body.as_bytes(), "text/plain").unwrap(),
        ))
    }

    #[test]
    fn the_budget_is_bytes_and_the_least_recently_used_go_first() {
        let one = rendered(&"a fairly incompressible 0123456789 text ".repeat(3));
        let w = one.weight();
        // Room for exactly three entries of this size.
        let cache = ReportCache::new(3 * w);
        for n in 1..=3 {
            cache.insert(key(n, View::Csv), one.clone());
        }
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.bytes(), 3 * w);
        // Touch 1, so 2 is now the least recently used.
        assert!(cache.get(&key(1, View::Csv)).is_some());
        cache.insert(key(4, View::Csv), one.clone());
        assert_eq!(cache.len(), 3);
        assert!(cache.get(&key(2, View::Csv)).is_none());
        assert!(cache.get(&key(1, View::Csv)).is_some());
        assert!(cache.bytes() <= cache.capacity());
        // Replacing a key does not count it twice.
        cache.insert(key(4, View::Csv), one.clone());
        assert_eq!(cache.bytes(), 3 * w);
        // Larger than the whole budget: not kept, nothing evicted.
        let huge = ReportCache::new(w - 1);
        huge.insert(key(1, View::Csv), one);
        assert!(huge.is_empty());
    }

    #[test]
    fn views_of_one_revision_are_separate_entries() {
        let cache = ReportCache::new(1 << 20);
        cache.insert(key(1, View::Csv), rendered("csv"));
        cache.insert(key(1, View::Json), rendered("json"));
        let mut other_catalog = key(1, View::Csv);
        other_catalog.catalog = Arc::from("v2");
        assert!(cache.get(&other_catalog).is_none());
        assert_eq!(cache.len(), 2);
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn accept_encoding_picks_brotli_then_gzip_and_honours_q_zero() {
        let ae = header::ACCEPT_ENCODING;
        assert_eq!(negotiate(&headers(&[])), Encoding::Identity);
        assert_eq!(
            negotiate(&headers(&[(ae.clone(), "gzip, deflate, br, zstd")])),
            Encoding::Brotli
        );
        assert_eq!(negotiate(&headers(&[(ae.clone(), "gzip")])), Encoding::Gzip);
        assert_eq!(
            negotiate(&headers(&[(ae.clone(), "br;q=0, gzip;q=0.5")])),
            Encoding::Gzip
        );
        assert_eq!(negotiate(&headers(&[(ae.clone(), "*")])), Encoding::Brotli);
        assert_eq!(
            negotiate(&headers(&[(ae.clone(), "*;q=0, identity")])),
            Encoding::Identity
        );
        assert_eq!(negotiate(&headers(&[(ae, "deflate")])), Encoding::Identity);
    }

    #[tokio::test]
    async fn every_encoding_carries_the_same_content_and_revalidates() {
        let body = "<p>report</p>".repeat(500);
        let r = Rendered::compress(body.as_bytes(), "text/html; charset=utf-8").unwrap();
        assert!(r.brotli_len() < body.len() / 10);
        let mut tags = Vec::new();
        for (ae, expected) in [("br", Some("br")), ("gzip", Some("gzip")), ("", None)] {
            let h = headers(&[(header::ACCEPT_ENCODING, ae)]);
            let resp = r.respond(&h, "no-cache");
            assert_eq!(resp.status(), StatusCode::OK);
            let enc = resp
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned());
            let tag = resp.headers()[header::ETAG].to_str().unwrap().to_owned();
            let bytes = http_body_util::BodyExt::collect(resp.into_body())
                .await
                .unwrap()
                .to_bytes();
            let plain = match expected {
                Some("br") => {
                    assert_eq!(enc.as_deref(), Some("br"));
                    let mut out = Vec::new();
                    brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
                    out
                }
                Some(_) => {
                    assert_eq!(enc.as_deref(), Some("gzip"));
                    let mut out = Vec::new();
                    std::io::Read::read_to_end(
                        &mut flate2::read::GzDecoder::new(&bytes[..]),
                        &mut out,
                    )
                    .unwrap();
                    out
                }
                None => bytes.to_vec(),
            };
            assert_eq!(plain, body.as_bytes(), "{ae}");
            tags.push(tag);
        }
        // One tag per representation, all strong.
        assert!(tags.iter().all(|t| t.starts_with('"')));
        assert_ne!(tags[0], tags[1]);
        for tag in &tags {
            let h = headers(&[
                (header::IF_NONE_MATCH, &format!("\"other\", {tag}")),
                (header::ACCEPT_ENCODING, "br"),
            ]);
            let resp = r.respond(&h, "no-cache");
            assert_eq!(resp.status(), StatusCode::NOT_MODIFIED, "{tag}");
            assert!(resp.headers().contains_key(header::ETAG));
        }
        let stale = headers(&[(header::IF_NONE_MATCH, "\"0123\"")]);
        assert_eq!(r.respond(&stale, "no-cache").status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn concurrent_misses_share_one_computation() {
        let cache = ReportCache::new(1 << 20);
        let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let cache = cache.clone();
            let runs = runs.clone();
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_compute::<(), _>(key(1, View::Json), async move {
                        runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok(rendered("{}"))
                    })
                    .await
                    .is_ok()
            }));
        }
        for t in tasks {
            assert!(t.await.unwrap());
        }
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(cache.len(), 1);
    }
}
