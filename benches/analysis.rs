//! Scenario-analysis benchmarks: the 10,000-sample Monte Carlo over every option
//! (target < 30 ms), the whole analysis, and rendering the four report charts (target ≲ 3 ms).

use std::hint::black_box;

use connect_advisor::analysis::{self, Ranges};
use connect_advisor::cost::Model;
use connect_advisor::pricing::PriceBook;
use connect_advisor::report::{Provenance, Report, charts};
use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::example;

fn bench(c: &mut Criterion) {
    let book = PriceBook::embedded().expect("embedded catalogs");
    let a = example("large-multi-team-estate");
    let report = Report::build(a.clone(), Provenance::default(), &book);
    let model = Model::new(&a, &report.facts, &book);
    let ranges = Ranges::of(&a);
    let excluded = charts::disqualified(&report);

    c.bench_function("monte_carlo_10k_samples_5_options", |b| {
        b.iter(|| {
            analysis::monte_carlo(black_box(&model), black_box(&ranges), 10_000, 42, &excluded)
        });
    });

    c.bench_function("break_even_all_pairs", |b| {
        b.iter(|| analysis::break_even(black_box(&model), black_box(&ranges)));
    });

    c.bench_function("analyse_full_default_options", |b| {
        b.iter(|| analysis::analyse(black_box(&a), &report.facts, &book, &excluded));
    });

    let an = charts::analyse_report(&report, &book);
    c.bench_function("render_all_four_charts", |b| {
        b.iter(|| charts::render_all(black_box(&report), black_box(&an)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
