//! Report page render (all four charts and the template) from an evaluated report, and the
//! full evaluation a cache miss pays (estimate, decision, Monte Carlo, charts).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use connect_advisor::pricing::PriceBook;
use connect_advisor::report::html::standalone_html;
use connect_advisor::report::{FullReport, Provenance, charts};

mod common;
use common::example;

fn bench(c: &mut Criterion) {
    let book = PriceBook::embedded().expect("embedded catalog");
    for name in ["small-azure-ingestion", "large-multi-team-estate"] {
        let full = FullReport::build(example(name), Provenance::default(), &book);
        c.bench_function(&format!("report page render with 4 charts ({name})"), |b| {
            b.iter(|| {
                // What a page view costs once the evaluation is cached: the charts drawn
                // afresh plus the whole page template.
                let charts = charts::render_all(black_box(&full.report), &full.analysis);
                let html =
                    standalone_html(black_box(&full), "2026-11-24 00:00 UTC").expect("render");
                black_box((charts, html))
            });
        });
    }
    let a = example("large-multi-team-estate");
    c.bench_function("full evaluation on a cache miss (large estate)", |b| {
        b.iter(|| black_box(FullReport::build(a.clone(), Provenance::default(), &book)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
