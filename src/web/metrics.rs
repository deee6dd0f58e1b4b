//! Prometheus metrics: request counts and latency histograms by route template, plus gauges
//! for the database pool. Rendered in the Prometheus text exposition format at `/metrics`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;

/// Latency bucket upper bounds, seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                self.counts[i] += 1;
            }
        }
        self.sum += seconds;
        self.count += 1;
    }
}

/// Key of a request series: route template, method, status code. Every label comes from a
/// closed set (the route table, [`method_label`], status codes), so no request can add a
/// series of its own making.
type RequestKey = (String, &'static str, u16);

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

/// Process-wide metrics, shared by every request through [`AppState`].
#[derive(Default, Clone)]
pub struct Metrics {
    requests: Arc<Mutex<BTreeMap<RequestKey, Histogram>>>,
    estimates: Arc<Mutex<Histogram>>,
}

impl Metrics {
    /// Record the time one cost-and-decision evaluation took.
    pub fn observe_estimate(&self, seconds: f64) {
        if let Ok(mut h) = self.estimates.lock() {
            h.observe(seconds);
        }
    }

    fn observe_request(&self, key: RequestKey, seconds: f64) {
        if let Ok(mut map) = self.requests.lock() {
            map.entry(key).or_default().observe(seconds);
        }
    }

    /// The Prometheus text exposition of every series.
    pub fn render(&self, pool: Option<(u32, usize)>) -> String {
        let mut out = String::new();
        let requests = self.requests.lock().map(|m| m.clone()).unwrap_or_default();
        out.push_str(
            "# HELP http_requests_total HTTP requests by route template, method and status.\n",
        );
        out.push_str("# TYPE http_requests_total counter\n");
        for ((route, method, status), h) in &requests {
            let _ = writeln!(
                out,
                "http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {}",
                escape(route),
                h.count
            );
        }
        out.push_str("# HELP http_request_duration_seconds HTTP request latency by route template and method.\n");
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        let mut by_route: BTreeMap<(String, &str), Histogram> = BTreeMap::new();
        for ((route, method, _), h) in &requests {
            let agg = by_route.entry((route.clone(), method)).or_default();
            for (a, b) in agg.counts.iter_mut().zip(h.counts) {
                *a += b;
            }
            agg.sum += h.sum;
            agg.count += h.count;
        }
        for ((route, method), h) in &by_route {
            let labels = format!("route=\"{}\",method=\"{method}\"", escape(route));
            write_histogram(&mut out, "http_request_duration_seconds", &labels, h);
        }
        out.push_str(
            "# HELP estimate_duration_seconds Time to size, price and decide one assessment.\n",
        );
        out.push_str("# TYPE estimate_duration_seconds histogram\n");
        let estimates = self.estimates.lock().map(|h| h.clone()).unwrap_or_default();
        write_histogram(&mut out, "estimate_duration_seconds", "", &estimates);
        if let Some((size, idle)) = pool {
            out.push_str("# HELP db_pool_connections Open database connections.\n# TYPE db_pool_connections gauge\n");
            let _ = writeln!(out, "db_pool_connections {size}");
            out.push_str("# HELP db_pool_idle_connections Idle database connections.\n# TYPE db_pool_idle_connections gauge\n");
            let _ = writeln!(out, "db_pool_idle_connections {idle}");
        }
        out
    }
}

fn write_histogram(out: &mut String, name: &str, labels: &str, h: &Histogram) {
    let sep = if labels.is_empty() { "" } else { "," };
    for (bound, count) in BUCKETS.iter().zip(h.counts) {
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {count}");
    }
    let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}", h.count);
    let braces = if labels.is_empty() {
        String::new()
    } else {
        format!("{{{labels}}}")
    };
    let _ = writeln!(out, "{name}_sum{braces} {}", h.sum);
    let _ = writeln!(out, "{name}_count{braces} {}", h.count);
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: time every request and count it under its route template (never the raw URI,
/// which would carry ids and tokens).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = method_label(req.method());
    let started = Instant::now();
    let resp = next.run(req).await;
    state.metrics.observe_request(
        (route, method, resp.status().as_u16()),
        started.elapsed().as_secs_f64(),
    );
    resp
}

pub async fn endpoint(State(state): State<AppState>) -> impl IntoResponse {
    let mut body = state.metrics.render(Some(state.store.pool_stats()));
    body.push_str(&state.books.metrics_text());
    let cache = &state.reports;
    let _ = write!(
        body,
        "# HELP report_cache_bytes Bytes held by the report cache.\n# TYPE report_cache_bytes gauge\nreport_cache_bytes {}\n\
         # HELP report_cache_capacity_bytes Memory budget of the report cache.\n# TYPE report_cache_capacity_bytes gauge\nreport_cache_capacity_bytes {}\n\
         # HELP report_cache_entries Evaluated reports and renderings in the report cache.\n# TYPE report_cache_entries gauge\nreport_cache_entries {}\n",
        cache.bytes(),
        cache.capacity(),
        cache.len()
    );
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
}
