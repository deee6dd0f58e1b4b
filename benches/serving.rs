//! Serving from the report cache: a cached report page answered through the whole router
//! (store lookups, cache hit, brotli bytes out), a `304` revalidation, and what a cache miss
//! of an export pays to compress it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::BodyExt;
use std::hint::black_box;
use tower::ServiceExt;

use connect_advisor::config::Settings;
use connect_advisor::pricing::PriceBook;
use connect_advisor::report::{FullReport, Provenance};
use connect_advisor::store::Store;
use connect_advisor::web::report_cache::Rendered;
use connect_advisor::web::{AppState, router};

mod common;
use common::example;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let app = rt.block_on(async {
        let store = Store::connect(&url).await.expect("database");
        let prices = PriceBook::embedded().expect("embedded catalog");
        router(AppState::new(store, Settings::default(), prices))
    });
    let path = format!(
        "{}/examples/large-multi-team-estate.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let scenario = std::fs::read(path).expect("example readable");
    let send = |req: Request<Body>| {
        let app = app.clone();
        rt.block_on(async move {
            let resp = app.oneshot(req).await.expect("infallible");
            let status = resp.status();
            let headers = resp.headers().clone();
            let body = resp.into_body().collect().await.expect("body").to_bytes();
            (status, headers, body)
        })
    };
    let (status, _, body) = send(
        Request::post("/api/assessments")
            .header("content-type", "application/json")
            .body(Body::from(scenario))
            .expect("request"),
    );
    assert_eq!(status, StatusCode::CREATED);
    let created: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    let id = created["id"].as_str().expect("id").to_owned();
    let page = format!("/assessments/{id}/report");
    // Reads need a capability: the owner's edit key, as its browser would send it.
    let owner = format!(
        "ca_key_{}={}",
        id.replace('-', ""),
        created["edit_key"].as_str().expect("edit_key")
    );
    let get = |uri: &str, headers: &[(&str, &str)]| {
        let mut req = Request::get(uri).header("cookie", owner.as_str());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(Body::empty()).expect("request")
    };
    // Warm the cache (evaluation, rendering, compression), then measure hits only.
    let (status, headers, _) = send(get(&page, &[("accept-encoding", "br")]));
    assert_eq!(status, StatusCode::OK);
    let etag = headers["etag"].to_str().expect("ASCII").to_owned();

    c.bench_function("cached report page hit, brotli (large example)", |b| {
        b.iter(|| {
            let (status, _, body) = send(get(&page, &[("accept-encoding", "br, gzip")]));
            assert_eq!(status, StatusCode::OK);
            black_box(body)
        });
    });
    c.bench_function(
        "cached report page revalidation, 304 (large example)",
        |b| {
            b.iter(|| {
                let (status, _, _) = send(get(
                    &page,
                    &[("accept-encoding", "br, gzip"), ("if-none-match", &etag)],
                ));
                assert_eq!(status, StatusCode::NOT_MODIFIED);
            });
        },
    );
    let csv = format!("/api/assessments/{id}/report.csv");
    send(get(&csv, &[("accept-encoding", "gzip")]));
    c.bench_function("cached CSV export hit, gzip (large example)", |b| {
        b.iter(|| {
            let (status, _, body) = send(get(&csv, &[("accept-encoding", "gzip")]));
            assert_eq!(status, StatusCode::OK);
            black_box(body)
        });
    });

    // A cache miss of an export: render, then compress both ways once.
    let book = PriceBook::embedded().expect("embedded catalog");
    let full = FullReport::build(
        example("large-multi-team-estate"),
        Provenance::default(),
        &book,
    );
    let json = serde_json::to_string_pretty(&full.json()).expect("JSON");
    let csv = connect_advisor::report::line_items_csv(&full.report);
    c.bench_function(
        "compress report JSON export, brotli + gzip (large example)",
        |b| {
            b.iter(|| {
                black_box(Rendered::compress(
                    black_box(json.as_bytes()),
                    "application/json",
                ))
                .expect("compress")
            });
        },
    );
    c.bench_function(
        "compress line-item CSV export, brotli + gzip (large example)",
        |b| {
            b.iter(|| {
                black_box(Rendered::compress(black_box(csv.as_bytes()), "text/csv"))
                    .expect("compress")
            });
        },
    );
    drop(dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
