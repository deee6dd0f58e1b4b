//! Serving: compression, cached renderings with ETags, static assets, and the hardening of the
//! HTTP edge (closed metric labels, If-Match bounds, strict JSON, JSON errors under /api,
//! no-store on edit keys, slow clients, the shutdown deadline).

use std::io::Read;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use connect_advisor::config::Settings;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{TestApp, TestResponse, created_by, example, form_pairs, set, small};

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("valid brotli");
    out
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn decoded(r: &TestResponse) -> Vec<u8> {
    match r.header("content-encoding") {
        Some("br") => unbrotli(&r.raw),
        Some("gzip") => gunzip(&r.raw),
        None => r.raw.clone(),
        Some(other) => panic!("unexpected content-encoding {other}"),
    }
}

async fn app_with(settings: Settings) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    TestApp::with_settings(&url, dir, settings).await
}

/// The value of an unlabelled series in `/metrics`.
async fn gauge(app: &TestApp, name: &str) -> f64 {
    let m = app.owner_get("/metrics").await.body;
    m.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("{name} missing from /metrics"))
        .trim()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn reports_and_exports_are_compressed_by_accept_encoding() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&example("large-multi-team-estate")).await;
    for (uri, content_type) in [
        (format!("/assessments/{id}/report"), "text/html"),
        (format!("/api/assessments/{id}/report"), "application/json"),
        (format!("/api/assessments/{id}/report.csv"), "text/csv"),
        (
            format!("/api/assessments/{id}/report.focus.csv"),
            "text/csv",
        ),
        (
            format!("/api/assessments/{id}/report.adr.md"),
            "text/markdown",
        ),
        (
            format!("/api/assessments/{id}/report/charts/projection.svg"),
            "image/svg+xml",
        ),
        // Not from the report cache: compressed on the fly.
        ("/assessments/new".to_owned(), "text/html"),
        (format!("/api/assessments/{id}"), "application/json"),
    ] {
        let plain = app.owner_get(&uri).await;
        assert_eq!(plain.status, StatusCode::OK, "{uri}");
        assert_eq!(plain.header("content-encoding"), None, "{uri}");
        assert!(
            plain
                .header("content-type")
                .unwrap()
                .starts_with(content_type),
            "{uri}"
        );
        for (accept, expected) in [
            ("gzip, deflate, br, zstd", "br"),
            ("gzip", "gzip"),
            ("br;q=0, gzip;q=0.8", "gzip"),
        ] {
            let r = app
                .owner_get_with(&uri, &[("accept-encoding", accept)])
                .await;
            assert_eq!(r.status, StatusCode::OK, "{uri} {accept}");
            assert_eq!(
                r.header("content-encoding"),
                Some(expected),
                "{uri} {accept}"
            );
            assert!(
                r.header("vary").unwrap().contains("accept-encoding"),
                "{uri}"
            );
            // The CSRF token differs per new browser; everything else is byte-identical.
            if !uri.ends_with("/new") {
                assert_eq!(decoded(&r), plain.raw, "{uri} {accept}");
            }
            assert!(r.raw.len() * 3 < plain.raw.len(), "{uri} {accept}");
        }
    }
}

#[tokio::test]
async fn the_largest_example_page_transfers_under_150_kb_with_brotli() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&example("large-multi-team-estate")).await;
    let uri = format!("/assessments/{id}/report");
    let plain = app.owner_get(&uri).await;
    let br = app.owner_get_with(&uri, &[("accept-encoding", "br")]).await;
    assert!(
        br.raw.len() <= 150_000,
        "{} bytes compressed ({} plain)",
        br.raw.len(),
        plain.raw.len()
    );
}

#[tokio::test]
async fn report_pages_shares_and_exports_revalidate_with_strong_etags() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let r = app
        .request(
            Request::post(format!("/api/assessments/{id}/shares"))
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let token = r.json()["token"].as_str().unwrap().to_owned();
    for uri in [
        format!("/assessments/{id}/report"),
        format!("/r/{token}"),
        format!("/api/assessments/{id}/report"),
        format!("/api/assessments/{id}/report.csv"),
        format!("/api/assessments/{id}/report.focus.csv"),
        format!("/api/assessments/{id}/report.adr.md"),
        format!("/api/assessments/{id}/report/charts/cost-ranges.svg"),
    ] {
        let first = app.owner_get_with(&uri, &[("accept-encoding", "br")]).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        let tag = first.header("etag").expect("an ETag").to_owned();
        assert!(tag.starts_with('"') && tag.len() > 10, "strong tag: {tag}");
        assert_eq!(first.header("cache-control"), Some("private, no-cache"));

        let again = app
            .owner_get_with(
                &uri,
                &[("accept-encoding", "br"), ("if-none-match", tag.as_str())],
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.raw.is_empty());
        assert_eq!(again.header("etag"), Some(tag.as_str()));

        // Another encoding is another representation, with its own tag.
        let gz = app
            .owner_get_with(&uri, &[("accept-encoding", "gzip")])
            .await;
        assert_ne!(gz.header("etag"), Some(tag.as_str()));
        let stale = app
            .owner_get_with(&uri, &[("if-none-match", "\"0000\"")])
            .await;
        assert_eq!(stale.status, StatusCode::OK, "{uri}");
    }
    // A new revision is new content: the old tag no longer matches.
    let uri = format!("/assessments/{id}/report");
    let old = app.owner_get(&uri).await.header("etag").unwrap().to_owned();
    let mut v: Value = serde_json::from_str(&small()).unwrap();
    v["workload"]["write_mb_per_s"] = json!(9);
    let put = app
        .put_json(
            &format!("/api/assessments/{id}"),
            &v.to_string(),
            Some(&key),
            Some("1"),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK);
    let r = app
        .owner_get_with(&uri, &[("if-none-match", old.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn static_assets_have_content_hashed_immutable_urls() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&small()).await;
    for page in ["/".to_owned(), format!("/assessments/{id}/report")] {
        let r = app.owner_get(&page).await;
        let css = r.attr("link[rel=stylesheet]", "href").unwrap();
        let js = r.attr("script[src]", "src").unwrap();
        for (url, content_type) in [(css, "text/css"), (js, "text/javascript")] {
            assert!(
                url.starts_with("/static/app.") && url.matches('.').count() == 2,
                "{url}"
            );
            let a = app
                .owner_get_with(&url, &[("accept-encoding", "gzip")])
                .await;
            assert_eq!(a.status, StatusCode::OK, "{url}");
            assert!(a.header("content-type").unwrap().starts_with(content_type));
            assert_eq!(
                a.header("cache-control"),
                Some("public, max-age=31536000, immutable")
            );
            assert_eq!(a.header("content-encoding"), Some("gzip"));
        }
    }
    // The plain names still answer (old pages, bookmarks), briefly cached.
    let r = app.owner_get("/static/app.css").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("public, max-age=3600"));
}

#[tokio::test]
async fn the_report_cache_is_bounded_by_bytes() {
    let budget = 2 * 1024 * 1024;
    let app = app_with(Settings {
        report_cache_bytes: budget,
        ..Settings::default()
    })
    .await;
    assert_eq!(
        gauge(&app, "report_cache_capacity_bytes").await,
        budget as f64
    );
    let large = example("large-multi-team-estate");
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(app.create(&large).await.0);
    }
    for id in &ids {
        let r = app.owner_get(&format!("/assessments/{id}/report")).await;
        assert_eq!(r.status, StatusCode::OK);
        let held = gauge(&app, "report_cache_bytes").await;
        assert!(held <= budget as f64, "{held} bytes held");
    }
    // Six large reports do not fit in 2 MiB: the oldest were evicted, the latest kept.
    let before = gauge(&app, "estimate_duration_seconds_count").await;
    assert_eq!(before, 6.0);
    app.owner_get(&format!("/assessments/{}/report", ids[5]))
        .await;
    assert_eq!(gauge(&app, "estimate_duration_seconds_count").await, 6.0);
    app.owner_get(&format!("/assessments/{}/report", ids[0]))
        .await;
    assert_eq!(gauge(&app, "estimate_duration_seconds_count").await, 7.0);
}

#[tokio::test]
async fn compare_evaluates_through_the_report_cache() {
    let app = TestApp::new().await;
    let (a, _) = app.create(&small()).await;
    let (b, _) = app.create(&example("debezium-sqlserver-cdc")).await;
    let r = app.owner_get(&format!("/compare?a={a}&b={b}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(gauge(&app, "estimate_duration_seconds_count").await, 2.0);
    // Both sides are cached: the API compare and the report pages evaluate nothing more.
    let r = app.owner_get(&format!("/api/compare?a={a}&b={b}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json()["options"].is_array());
    app.owner_get(&format!("/assessments/{a}/report")).await;
    app.owner_get(&format!("/api/assessments/{b}/report.csv"))
        .await;
    assert_eq!(gauge(&app, "estimate_duration_seconds_count").await, 2.0);
}

/// Evaluation events with the names of the spans around them, recorded by a subscriber
/// installed process-wide once (a thread-scoped one misses events when tests run in parallel).
#[derive(Clone, Default)]
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<Recorded>>>);

/// An event's fields and the names of the spans around it.
type Recorded = (String, Vec<String>);

impl<S> tracing_subscriber::Layer<S> for Recorder
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_event(&self, event: &tracing::Event<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        struct Fields(String);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, f: &tracing::field::Field, v: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{}={v:?} ", f.name()));
            }
        }
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        if !fields.0.contains("evaluating report") {
            return;
        }
        let spans = ctx
            .event_scope(event)
            .map(|s| s.map(|span| span.name().to_owned()).collect())
            .unwrap_or_default();
        self.0.lock().unwrap().push((fields.0, spans));
    }
}

fn recorder() -> &'static Recorder {
    static RECORDER: std::sync::OnceLock<Recorder> = std::sync::OnceLock::new();
    RECORDER.get_or_init(|| {
        use tracing_subscriber::layer::SubscriberExt;
        let recorder = Recorder::default();
        let subscriber = tracing_subscriber::registry()
            .with(recorder.clone())
            .with(tracing_subscriber::filter::LevelFilter::DEBUG);
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
        recorder
    })
}

#[tokio::test]
async fn evaluation_on_a_blocking_thread_stays_in_the_request_span() {
    let recorder = recorder();
    let app = TestApp::new().await;
    let (a, _) = app.create(&small()).await;
    let (b, _) = app.create(&small()).await;
    let r = app.owner_get(&format!("/compare?a={a}&b={b}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let events = recorder.0.lock().unwrap().clone();
    for id in [a, b] {
        let (_, spans) = events
            .iter()
            .find(|(fields, _)| fields.contains(&id))
            .unwrap_or_else(|| panic!("no evaluation event for {id}: {events:?}"));
        // The request's span (from the trace layer) encloses the work on the blocking thread.
        assert!(spans.iter().any(|s| s == "http"), "{spans:?}");
    }
}

#[tokio::test]
async fn invented_methods_do_not_create_metric_series() {
    let app = TestApp::new().await;
    for i in 0..50 {
        let method = Method::from_bytes(format!("INVENTED{i}").as_bytes()).unwrap();
        let r = app
            .request(
                Request::builder()
                    .method(method)
                    .uri("/healthz")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    }
    let m = app.owner_get("/metrics").await.body;
    assert!(!m.contains("INVENTED"));
    let series: Vec<&str> = m
        .lines()
        .filter(|l| l.starts_with("http_requests_total{") && l.contains("/healthz"))
        .collect();
    assert_eq!(series.len(), 1, "{series:?}");
    assert!(series[0].contains("method=\"other\"") && series[0].ends_with(" 50"));
}

#[tokio::test]
async fn if_match_at_or_beyond_the_last_revision_number_is_a_conflict() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let uri = format!("/api/assessments/{id}");
    for claim in [
        "4294967295",
        "\"4294967295\"",
        "4294967296",
        "99999999999999",
    ] {
        let r = app.put_json(&uri, &small(), Some(&key), Some(claim)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{claim}: {}", r.body);
        assert_eq!(r.json()["current_revision"], 1);
    }
    let r = app.put_json(&uri, &small(), Some(&key), Some("-1")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.owner_get(&uri).await.json()["revision"], 1);
}

/// Create an assessment with the questionnaire; returns the answer and the browser's cookies.
async fn create_through_the_form(app: &TestApp) -> (TestResponse, Vec<String>) {
    let new = app.owner_get("/assessments/new").await;
    let browser = new.cookies();
    let mut pairs = form_pairs(&new);
    set(&mut pairs, "name", "Form estate");
    set(&mut pairs, "workload.write_mb_per_s", "8");
    set(&mut pairs, "workload.topics", "4");
    set(&mut pairs, "workload.partitions", "16");
    set(&mut pairs, "connectors[0].name", "orders-cdc");
    set(
        &mut pairs,
        "connectors[0].class",
        "io.debezium.connector.postgresql.PostgresConnector",
    );
    let created = app.post_form("/assessments", &pairs, &browser).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    (created, browser)
}

#[tokio::test]
async fn a_form_based_on_revision_u32_max_is_a_conflict() {
    let app = TestApp::new().await;
    let (created, browser) = create_through_the_form(&app).await;
    let (id, browser) = created_by(&app, &browser, &created).await;
    let edit = app
        .get_with_cookies(&format!("/assessments/{id}/edit"), &browser)
        .await;
    let mut pairs = form_pairs(&edit);
    for base in ["4294967295", "4294967296"] {
        set(&mut pairs, "base_revision", base);
        let r = app
            .post_form(&format!("/assessments/{id}"), &pairs, &browser)
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{base}: {}", r.body);
    }
}

#[tokio::test]
async fn json_with_trailing_data_is_refused_and_truncated_json_names_the_position() {
    let app = TestApp::new().await;
    for body in [
        format!("{} {{}}", small()),
        format!("{}x", small()),
        format!("{}{}", small(), small()),
    ] {
        let r = app.post_json("/api/assessments", &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let e = &r.json()["errors"][0];
        assert_eq!(e["field"], "$");
        assert!(e["message"].as_str().unwrap().contains("trailing"), "{e}");
    }
    // Trailing whitespace is not data.
    let r = app
        .post_json("/api/assessments", &format!("{}\n\n", small()))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);

    let full = small();
    let truncated = &full[..full.len() / 2];
    let r = app.post_json("/api/assessments", truncated).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = &r.json()["errors"][0];
    assert_eq!(e["field"], "$", "{e}");
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("line ") && message.contains("column "),
        "{message}"
    );
    assert_eq!(app.owner_get("/api/assessments").await.json()["total"], 1);
}

#[tokio::test]
async fn names_with_control_characters_are_refused_not_stored() {
    let app = TestApp::new().await;
    for name in [
        "Trailing newline\n",
        "\tLeading tab",
        "Bell \u{7} inside",
        "CR\r",
    ] {
        let mut v: Value = serde_json::from_str(&small()).unwrap();
        v["name"] = json!(name);
        let r = app.post_json("/api/assessments", &v.to_string()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        assert_eq!(r.json()["errors"][0]["field"], "name");

        let mut v: Value = serde_json::from_str(&small()).unwrap();
        v["connectors"][0]["name"] = json!(name);
        let r = app.post_json("/api/assessments", &v.to_string()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
    }
    assert_eq!(app.owner_get("/api/assessments").await.json()["total"], 0);
}

#[tokio::test]
async fn reading_a_revision_returns_its_own_name_and_region() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let first: Value = serde_json::from_str(&small()).unwrap();
    let mut v = first.clone();
    v["name"] = json!("Moved to West Europe");
    v["region"] = json!("westeurope");
    let uri = format!("/api/assessments/{id}");
    let r = app
        .put_json(&uri, &v.to_string(), Some(&key), Some("1"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r1 = app.owner_get(&format!("{uri}?revision=1")).await.json();
    assert_eq!(r1["revision"], 1);
    assert_eq!(r1["name"], first["name"]);
    assert_eq!(r1["region"], first["region"]);
    let r2 = app.owner_get(&uri).await.json();
    assert_eq!(r2["name"], "Moved to West Europe");
    assert_eq!(r2["region"], "westeurope");
}

#[tokio::test]
async fn every_api_answer_is_json_errors_included() {
    let app = TestApp::new().await;
    let (id, key) = app.create(&small()).await;
    let bearer = format!("Bearer {key}");
    let big = "x".repeat(300 * 1024);
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (
            Request::get("/api/no-such-thing")
                .body(Body::empty())
                .unwrap(),
            StatusCode::NOT_FOUND,
        ),
        (
            Request::get("/api").body(Body::empty()).unwrap(),
            StatusCode::NOT_FOUND,
        ),
        (
            Request::get(format!("/api/assessments/{id}/nothing"))
                .body(Body::empty())
                .unwrap(),
            StatusCode::NOT_FOUND,
        ),
        (
            Request::get("/api/assessments?limit=lots")
                .body(Body::empty())
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::get(format!("/api/assessments/{id}?revision=-2"))
                .header(header::AUTHORIZATION, &bearer)
                .body(Body::empty())
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::get(format!("/api/compare?a={id}"))
                .body(Body::empty())
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            // No Content-Length: the limit is hit while reading.
            Request::post("/api/assessments")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(big.clone()))
                .unwrap(),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            // Announced by Content-Length: refused before reading.
            Request::post("/api/assessments")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::CONTENT_LENGTH, big.len())
                .body(Body::from(big.clone()))
                .unwrap(),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            Request::builder()
                .method(Method::PATCH)
                .uri("/api/assessments")
                .body(Body::empty())
                .unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    for (req, expected) in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let r = app.request(req).await;
        assert_eq!(r.status, expected, "{what}: {}", r.body);
        assert!(
            r.header("content-type")
                .unwrap()
                .starts_with("application/json"),
            "{what}"
        );
        let v = r.json();
        assert!(v["error"].is_string(), "{what}: {v}");
        let message = v["message"].as_str().unwrap();
        assert!(
            !message.is_empty() && !message.contains('<'),
            "{what}: {message}"
        );
    }
    // Pages keep their HTML error pages.
    let r = app.owner_get("/no-such-page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
}

#[tokio::test]
async fn answers_that_show_a_fresh_edit_key_are_not_stored() {
    let app = TestApp::new().await;
    let r = app.post_json("/api/assessments", &small()).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let key = r.json()["edit_key"].as_str().unwrap().to_owned();
    let id = r.json()["id"].as_str().unwrap().to_owned();

    let (created, _) = create_through_the_form(&app).await;
    assert!(created.body.contains("?key="));
    assert_eq!(created.header("cache-control"), Some("no-store"));

    let link = app
        .owner_get(&format!("/assessments/{id}/edit?key={key}"))
        .await;
    assert_eq!(link.status, StatusCode::SEE_OTHER);
    assert_eq!(link.header("cache-control"), Some("no-store"));
}

/// A real server on a loopback port, with `options`, stopped by the returned sender.
async fn spawn_server(
    options: connect_advisor::web::ServeOptions,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
    TestApp,
) {
    let app = TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = app.router.clone();
    let server = tokio::spawn(connect_advisor::web::serve_with(
        listener,
        router,
        options,
        async move {
            let _ = stopped.await;
        },
    ));
    (addr, stop, server, app)
}

#[tokio::test]
async fn half_sent_request_heads_are_dropped_after_the_header_read_timeout() {
    let (addr, stop, server, _app) = spawn_server(connect_advisor::web::ServeOptions {
        header_read_timeout: Duration::from_millis(300),
        shutdown_timeout: Duration::from_secs(5),
    })
    .await;
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut buf)).await;
    assert!(
        read.is_ok(),
        "the server still holds the connection after 5 s"
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250),
        "closed after {waited:?}"
    );
    // Whatever was answered (nothing, or a 408), no request was served.
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));

    // A prompt client is served meanwhile and after.
    let mut ok = tokio::net::TcpStream::connect(addr).await.unwrap();
    ok.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    ok.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn shutdown_completes_within_its_deadline_with_a_stuck_connection_open() {
    let (addr, stop, server, _app) = spawn_server(connect_advisor::web::ServeOptions {
        // Longer than the test: only the shutdown deadline can end the stuck connection.
        header_read_timeout: Duration::from_secs(60),
        shutdown_timeout: Duration::from_millis(500),
    })
    .await;
    let mut stuck = tokio::net::TcpStream::connect(addr).await.unwrap();
    stuck
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    stop.send(()).unwrap();
    let done = tokio::time::timeout(Duration::from_secs(5), server).await;
    assert!(
        done.is_ok(),
        "serve did not return within 5 s of the signal"
    );
    done.unwrap().unwrap().unwrap();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_secs(3),
        "shutdown took {took:?}"
    );
    // No new connections are accepted after shutdown.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
