//! Export benchmarks on a 500-connector assessment: the plain line-item CSV and the FOCUS CSV
//! (target < 5 ms each), and the MADR decision record.

use std::collections::BTreeMap;
use std::hint::black_box;

use connect_advisor::pricing::PriceBook;
use connect_advisor::report::{self, CostRange, Provenance, Report};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::prelude::ToPrimitive;
use time::macros::date;

mod common;
use common::large_estate;

fn bench(c: &mut Criterion) {
    let book = PriceBook::embedded().expect("embedded catalogs");
    let report = Report::build(large_estate(500), Provenance::default(), &book);
    let ranges: BTreeMap<_, _> = report
        .estimate
        .options
        .iter()
        .map(|o| {
            let t = o.total.to_f64().unwrap_or(0.0);
            (
                o.option,
                CostRange {
                    p10: t * 0.9,
                    p50: t,
                    p90: t * 1.2,
                },
            )
        })
        .collect();
    let period = date!(2026 - 08 - 01);

    c.bench_function("line_items_csv_500_connectors", |b| {
        b.iter(|| report::line_items_csv(black_box(&report)));
    });
    c.bench_function("focus_csv_500_connectors", |b| {
        b.iter(|| report::focus_csv(black_box(&report), black_box(&ranges), period));
    });
    c.bench_function("madr_500_connectors", |b| {
        b.iter(|| report::madr(black_box(&report), period));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
