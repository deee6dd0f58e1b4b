//! Prometheus metrics: request counts and latency histograms by route template, the time one
//! evaluation takes, and scrape-time gauges (database pool, report cache, price book). Kept in
//! a `prometheus-client` registry and rendered in the Prometheus text format (0.0.4) at
//! `/metrics`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::prometheus_text::{CONTENT_TYPE, encode};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use super::report_cache::ReportCache;
use crate::store::Store;

/// Latency bucket upper bounds, seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

fn latency_histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

/// Labels of a request series. Every value comes from a closed set (the route table,
/// [`method_label`], status codes), so no request can add a series of its own making.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: u16,
}

/// Labels of a latency series: route template and method (all statuses together).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: &'static str,
}

/// The method label: the standard methods by name, anything else as `other` (an invented
/// method must not create a series).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

/// Process-wide metrics, shared by every request through `AppState`.
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    estimates: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        let durations: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        let estimates = latency_histogram();
        let mut registry = Registry::default();
        // A counter is registered without its `_total` suffix; the encoder appends it.
        registry.register(
            "http_requests",
            "HTTP requests by route template, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route template and method",
            durations.clone(),
        );
        registry.register(
            "estimate_duration_seconds",
            "Time to size, price and decide one assessment",
            estimates.clone(),
        );
        Self {
            registry: Arc::new(registry),
            requests,
            durations,
            estimates,
        }
    }
}

impl Metrics {
    /// Record the time one cost-and-decision evaluation took.
    pub fn observe_estimate(&self, seconds: f64) {
        self.estimates.observe(seconds);
    }

    fn observe_request(&self, route: String, method: &'static str, status: u16, seconds: f64) {
        self.durations
            .get_or_create(&RouteLabels {
                route: route.clone(),
                method,
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status,
            })
            .inc();
    }

    /// The Prometheus text exposition of the request and evaluation series, then of the
    /// scrape-time gauges in `scrape`.
    pub fn render(&self, scrape: &Registry) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        let _ = encode(&mut out, scrape);
        out
    }
}

/// A gauge holding `value` now, for a registry built at scrape time.
pub(crate) fn gauge_of(value: i64) -> Gauge {
    let g = Gauge::default();
    g.set(value);
    g
}

/// Saturating conversion for byte and entry counts.
fn as_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Middleware: time every request and count it under its route template (never the raw URI,
/// which would carry ids and tokens).
pub async fn track(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = method_label(req.method());
    let started = Instant::now();
    let resp = next.run(req).await;
    metrics.observe_request(
        route,
        method,
        resp.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    resp
}

/// The gauges read at scrape time that every scrape has: the database pool and the report
/// cache. The handler adds the price books' and answers with [`Metrics::respond`].
pub fn scrape_gauges(store: &Store, cache: &ReportCache) -> Registry {
    let mut scrape = Registry::default();
    let (size, idle) = store.pool_stats();
    scrape.register(
        "db_pool_connections",
        "Open database connections",
        gauge_of(i64::from(size)),
    );
    scrape.register(
        "db_pool_idle_connections",
        "Idle database connections",
        gauge_of(as_i64(idle)),
    );
    scrape.register(
        "report_cache_bytes",
        "Bytes held by the report cache",
        gauge_of(as_i64(cache.bytes())),
    );
    scrape.register(
        "report_cache_capacity_bytes",
        "Memory budget of the report cache",
        gauge_of(as_i64(cache.capacity())),
    );
    scrape.register(
        "report_cache_entries",
        "Evaluated reports and renderings in the report cache",
        gauge_of(as_i64(cache.len())),
    );
    scrape
}

impl Metrics {
    /// The `/metrics` answer: these metrics and the scrape-time gauges, in the text format.
    pub fn respond(&self, scrape: &Registry) -> Response {
        (
            [(axum::http::header::CONTENT_TYPE, CONTENT_TYPE)],
            self.render(scrape),
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_keep_their_names_labels_and_buckets() {
        let m = Metrics::default();
        m.observe_request("/healthz".to_owned(), "GET", 200, 0.003);
        m.observe_request("/healthz".to_owned(), "GET", 503, 0.02);
        m.observe_estimate(0.2);
        let mut scrape = Registry::default();
        scrape.register("report_cache_bytes", "Bytes held", gauge_of(42));
        let text = m.render(&scrape);
        for line in [
            "# TYPE http_requests_total counter",
            "http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1",
            "http_requests_total{route=\"/healthz\",method=\"GET\",status=\"503\"} 1",
            "# TYPE http_request_duration_seconds histogram",
            // 0.003 s and 0.02 s: one under 5 ms, both under 25 ms.
            "http_request_duration_seconds_bucket{route=\"/healthz\",method=\"GET\",le=\"0.005\"} 1",
            "http_request_duration_seconds_bucket{route=\"/healthz\",method=\"GET\",le=\"0.025\"} 2",
            "http_request_duration_seconds_count{route=\"/healthz\",method=\"GET\"} 2",
            "estimate_duration_seconds_count 1",
            "estimate_duration_seconds_bucket{le=\"0.25\"} 1",
            "estimate_duration_seconds_bucket{le=\"0.1\"} 0",
            "report_cache_bytes 42",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
        }
    }

    #[test]
    fn invented_methods_share_one_label() {
        let invented = axum::http::Method::from_bytes(b"INVENTED").unwrap();
        assert_eq!(method_label(&invented), "other");
        assert_eq!(method_label(&axum::http::Method::GET), "GET");
    }
}
