//! Scenario-analysis tests: reproducibility, invariants (properties) and the JSON shape.

use std::sync::OnceLock;

use proptest::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use serde_json::json;

use super::monte_carlo::triangular;
use super::*;
use crate::cost::{self, Drivers};
use crate::domain::Triple;
use crate::knowledge::ConnectorKb;
use crate::test_support::EXAMPLE_FILES as EXAMPLES;

fn example(name: &str) -> Assessment {
    crate::test_support::example_assessment(name)
}

fn book() -> &'static PriceBook {
    crate::test_support::price_book()
}

fn facts(a: &Assessment) -> EstateFacts {
    EstateFacts::derive(a, ConnectorKb::embedded())
}

fn model(a: &Assessment) -> Model {
    Model::new(a, &facts(a), book())
}

fn with_analysis(name: &str, analysis: serde_json::Value) -> Assessment {
    let mut v = serde_json::to_value(example(name).scenario()).unwrap();
    v["analysis"] = analysis;
    Assessment::from_value(v).unwrap()
}

#[test]
fn monte_carlo_is_reproducible_for_a_seed_and_differs_across_seeds() {
    let a = example(EXAMPLES[0]);
    let m = model(&a);
    let r = Ranges::of(&a);
    let one = monte_carlo(&m, &r, 2_000, 42, &[]);
    let two = monte_carlo(&m, &r, 2_000, 42, &[]);
    assert_eq!(one, two);
    let other = monte_carlo(&m, &r, 2_000, 43, &[]);
    assert_ne!(one.options, other.options);
}

#[test]
fn projection_month_zero_is_the_estimate_and_growth_compounds() {
    for name in EXAMPLES {
        let a = example(name);
        let est = cost::estimate(&a, &facts(&a), book());
        let p = projection(&model(&a), 5.0, 24);
        assert_eq!(p.months.len(), 24);
        assert!((p.write_mb_per_s[12] - a.workload.write_mb_per_s * 1.05f64.powi(12)).abs() < 1e-3);
        for (o, e) in p.options.iter().zip(&est.options) {
            assert_eq!(o.option, e.option);
            assert_eq!(
                o.monthly[0],
                e.total.to_f64().unwrap(),
                "{name}: {}",
                o.label
            );
            let sum: f64 = o.monthly.iter().sum();
            assert!((o.total - sum).abs() < 0.01 * o.monthly.len() as f64);
            assert!(o.cumulative.windows(2).all(|w| w[1] >= w[0]));
        }
    }
}

#[test]
fn triangular_sampling_stays_in_range_and_hits_the_mode() {
    let t = Triple {
        low: 1.0,
        likely: 2.0,
        high: 6.0,
    };
    assert_eq!(triangular(&t, 0.0), 1.0);
    assert!((triangular(&t, 1.0 - 1e-12) - 6.0).abs() < 1e-3);
    // CDF at the mode is (likely − low) ÷ (high − low) = 0.2.
    assert!((triangular(&t, 0.2) - 2.0).abs() < 1e-12);
    let flat = Triple {
        low: 3.0,
        likely: 3.0,
        high: 3.0,
    };
    assert_eq!(triangular(&flat, 0.7), 3.0);
}

#[test]
fn excluded_options_get_no_eligible_probability() {
    let a = example(EXAMPLES[0]);
    let m = model(&a);
    let excluded = [
        PlatformOption::EVENT_HUBS_STANDARD,
        PlatformOption::KAFKA_COMPATIBLE,
    ];
    let mc = monte_carlo(&m, &Ranges::of(&a), 500, 1, &excluded);
    let mut sum = 0.0;
    for o in &mc.options {
        match o.probability_cheapest_eligible {
            Some(p) => {
                assert!(!excluded.contains(&o.option));
                sum += p;
            }
            None => assert!(excluded.contains(&o.option)),
        }
    }
    assert!((sum - 1.0).abs() < 1e-3, "{sum}");
    let every = m.options();
    let none = monte_carlo(&m, &Ranges::of(&a), 100, 1, &every);
    assert!(
        none.options
            .iter()
            .all(|o| o.probability_cheapest_eligible.is_none())
    );
}

/// Sign of `a − b` with the half-cent tie, recomputed from the model.
fn order(m: &Model, a: PlatformOption, b: PlatformOption, d: &Drivers) -> i8 {
    let x = m.monthly_total(a, d) - m.monthly_total(b, d);
    if x > 0.005 {
        1
    } else if x < -0.005 {
        -1
    } else {
        0
    }
}

#[test]
fn every_break_even_is_bracketed_by_a_flip_in_cost_order() {
    let mut found = 0;
    for name in EXAMPLES {
        let a = example(name);
        let m = model(&a);
        let r = Ranges::of(&a);
        let be = break_even(&m, &r);
        let at = |w| Drivers {
            write_mb_per_s: w,
            ..r.likely()
        };
        for c in &be.crossings {
            found += 1;
            let below = order(&m, c.a, c.b, &at(c.below.write_mb_per_s));
            let above = order(&m, c.a, c.b, &at(c.above.write_mb_per_s));
            assert_ne!(below, 0, "{name}: {c:?}");
            assert_ne!(below, above, "{name}: {c:?}");
            assert!(c.below.write_mb_per_s < c.above.write_mb_per_s);
            assert!(
                c.above.write_mb_per_s - c.below.write_mb_per_s <= 1e-5 * c.above.write_mb_per_s
            );
            assert!(
                c.write_mb_per_s >= be.from_write_mb_per_s
                    && c.write_mb_per_s <= be.to_write_mb_per_s
            );
            assert_ne!(c.cheaper_below, c.cheaper_above);
        }
        assert_eq!(
            be.curve.write_mb_per_s.len(),
            be.curve.options[0].monthly.len()
        );
    }
    assert!(
        found > 0,
        "the examples should have at least one break-even"
    );
}

#[test]
fn sensitivity_ranks_by_swing_and_swings_write_for_every_option() {
    let a = example(EXAMPLES[1]);
    let s = sensitivity(&a, &facts(&a), book(), &model(&a), &Ranges::of(&a));
    assert_eq!(s.options.len(), 9);
    for o in &s.options {
        assert!(o.swings.windows(2).all(|w| w[0].swing >= w[1].swing));
        assert_eq!(
            o.swings.len(),
            13,
            "5 drivers + 7 assumptions + the inter-zone price"
        );
        for sw in &o.swings {
            assert!(sw.low <= sw.likely && sw.likely <= sw.high, "{sw:?}");
        }
    }
    // Replication factor only matters to self-managed Kafka.
    let rf = |o: &OptionSensitivity| {
        o.swings
            .iter()
            .find(|s| s.input == "assumptions.replication_factor")
            .map(|s| s.swing)
    };
    assert_eq!(rf(&s.options[0]), Some(0.0));
    assert!(rf(&s.options[3]).unwrap() > 0.0);
}

#[test]
fn analysis_options_drive_the_run_and_round_trip() {
    let a = with_analysis(
        EXAMPLES[0],
        json!({ "horizon_months": 12, "samples": 300, "seed": 7,
                "write_mb_per_s": { "low": 3, "high": 9 } }),
    );
    let out = analyse(&a, &facts(&a), book(), &[]);
    assert_eq!(out.projection.months.len(), 12);
    assert_eq!(out.monte_carlo.samples, 300);
    assert_eq!(out.monte_carlo.seed, 7);
    let w = &out.monte_carlo.inputs[0];
    assert_eq!((w.low, w.likely, w.high), (3.0, 4.0, 9.0));
    // Defaults fill the sides not given: fan-out 2 → 1…3, retention 72 h → 36…144 h.
    let f = &out.monte_carlo.inputs[1];
    assert_eq!((f.low, f.high), (1.0, 3.0));
    let r = &out.monte_carlo.inputs[2];
    assert_eq!((r.low, r.high), (36.0, 144.0));
    // A scenario without the section writes none back.
    let plain = serde_json::to_value(example(EXAMPLES[0]).scenario()).unwrap();
    assert!(plain.get("analysis").is_none());
    let with = serde_json::to_value(a.scenario()).unwrap();
    assert_eq!(with["analysis"]["seed"], 7);
}

#[test]
fn analysis_bounds_are_validated_with_field_paths() {
    let mut v = serde_json::to_value(example(EXAMPLES[0]).scenario()).unwrap();
    v["analysis"] = json!({
        "horizon_months": 0, "samples": 50,
        "write_mb_per_s": { "low": 5, "high": 3 },
        "read_fanout": { "low": -1 },
        "retention_hours": { "high": "NaN" }
    });
    let err = Assessment::from_value(v.clone()).unwrap_err();
    // A string where a number belongs fails at parse, naming the path.
    assert!(
        err.to_string().contains("analysis.retention_hours.high"),
        "{err}"
    );

    v["analysis"]["retention_hours"] = json!({ "high": 10 });
    let err = Assessment::from_value(v).unwrap_err().to_string();
    for field in [
        "analysis.horizon_months",
        "analysis.samples",
        "analysis.write_mb_per_s.low",
        "analysis.write_mb_per_s.high",
        "analysis.read_fanout.low",
        "analysis.retention_hours.high",
    ] {
        assert!(err.contains(field), "{field} missing from {err}");
    }
}

#[test]
fn analysis_json_is_snake_case_numbers_without_nan() {
    let a = with_analysis(EXAMPLES[2], json!({ "samples": 200, "horizon_months": 6 }));
    let out = analyse(
        &a,
        &facts(&a),
        book(),
        &[PlatformOption::EVENT_HUBS_STANDARD],
    );
    let v = serde_json::to_value(&out).unwrap();
    for key in [
        "projection",
        "monte_carlo",
        "break_even",
        "sensitivity",
        "currency",
        "excluded",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let o = &v["monte_carlo"]["options"][0];
    assert_eq!(o["platform"], "event_hubs");
    assert!(o["p50"].is_f64());
    // serde_json writes NaN as null: only the documented optional keys may be null.
    fn no_stray_null(v: &serde_json::Value, key: &str) {
        match v {
            serde_json::Value::Null => assert!(
                [
                    "probability_cheapest_eligible",
                    "cheaper_below",
                    "cheaper_above",
                    // A cost curve ends at the option's hard limit.
                    "monthly",
                    "cannot_deliver_from_month"
                ]
                .contains(&key),
                "null at {key}"
            ),
            serde_json::Value::Array(xs) => xs.iter().for_each(|x| no_stray_null(x, key)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| no_stray_null(x, k)),
            _ => {}
        }
    }
    no_stray_null(&v, "");
    // Every money figure is whole cents.
    for x in v["projection"]["options"][3]["monthly"].as_array().unwrap() {
        let c = x.as_f64().unwrap() * 100.0;
        assert!((c - c.round()).abs() < 1e-6, "{x}");
    }
}

fn drivers_range() -> impl Strategy<Value = (f64, f64, f64, f64, f64, f64)> {
    (
        0.2f64..200.0,
        0.0f64..1.0,
        1.0f64..3.0,
        0.0f64..6.0,
        1.0f64..2000.0,
        1.0f64..4.0,
    )
}

fn ranges_from((w, wl, wh, f, r, rh): (f64, f64, f64, f64, f64, f64)) -> Ranges {
    Ranges {
        write_mb_per_s: Triple {
            low: w * wl.max(0.05),
            likely: w,
            high: w * wh,
        },
        read_fanout: Triple {
            low: (f - 1.0).max(0.0),
            likely: f,
            high: f + 1.5,
        },
        retention_hours: Triple {
            low: (r * 0.5).max(1.0).min(r),
            likely: r,
            high: r * rh,
        },
        pu_ingress_mb_per_s: Triple {
            low: 5.0,
            likely: 5.0,
            high: 10.0,
        },
        cu_ingress_mb_per_s: Triple {
            low: 100.0,
            likely: 100.0,
            high: 260.0,
        },
    }
}

fn shared_model(ex: usize) -> &'static Model {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    &MODELS.get_or_init(|| EXAMPLES.iter().map(|n| model(&example(n))).collect())[ex]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn percentiles_are_ordered_and_probabilities_sum_to_one(
        ex in 0usize..3, raw in drivers_range(), seed in any::<u64>(), excl in 0usize..5
    ) {
        let m = shared_model(ex);
        let excluded = [m.options()[excl]];
        let mc = monte_carlo(m, &ranges_from(raw), 200, seed, &excluded);
        let (mut all, mut eligible) = (0.0, 0.0);
        for o in &mc.options {
            prop_assert!(o.min <= o.p10 && o.p10 <= o.p50 && o.p50 <= o.p90 && o.p90 <= o.max, "{o:?}");
            prop_assert!(o.min <= o.mean && o.mean <= o.max);
            prop_assert!(o.p10.is_finite() && o.p90.is_finite());
            all += o.probability_cheapest;
            eligible += o.probability_cheapest_eligible.unwrap_or(0.0);
        }
        prop_assert!((all - 1.0).abs() < 1e-3, "{all}");
        prop_assert!((eligible - 1.0).abs() < 1e-3, "{eligible}");
    }

    #[test]
    fn break_even_points_are_bracketed(ex in 0usize..3, raw in drivers_range()) {
        let m = shared_model(ex);
        let r = ranges_from(raw);
        let be = break_even(m, &r);
        for c in &be.crossings {
            let at = |w| Drivers { write_mb_per_s: w, ..r.likely() };
            let below = order(m, c.a, c.b, &at(c.below.write_mb_per_s));
            let above = order(m, c.a, c.b, &at(c.above.write_mb_per_s));
            prop_assert!(below != 0 && below != above, "{c:?}");
        }
    }

    #[test]
    fn projection_starts_at_the_base_total(ex in 0usize..3, growth in -50.0f64..100.0, months in 1u32..40) {
        let m = shared_model(ex);
        let p = projection(m, growth, months);
        prop_assert_eq!(p.months.len(), months as usize);
        for o in &p.options {
            prop_assert_eq!(o.monthly[0], money(m.monthly_total(o.option, &m.base_drivers())));
            prop_assert!(o.monthly.iter().all(|x| x.is_finite() && *x >= 0.0));
        }
    }
}

/// Issue 13: fewer profiles picked, fewer options in every analysis, and the per-option arrays
/// (sized for the most options) never let an unused slot win "cheapest". With the same draws,
/// an option present in both runs costs the same in both.
#[test]
fn the_analyses_cover_exactly_the_profiles_picked() {
    use crate::domain::ObjectStorageProfile as P;
    let all = example(EXAMPLES[0]);
    let every = monte_carlo(&model(&all), &Ranges::of(&all), 400, 7, &[]);
    for picked in [vec![], vec![P::Redpanda], vec![P::WarpStream, P::AutoMq]] {
        let a = all
            .with_changes(|s| s.options.object_storage_profiles = picked.clone())
            .unwrap();
        let m = model(&a);
        assert_eq!(m.options().len(), 5 + picked.len());
        let mc = monte_carlo(&m, &Ranges::of(&a), 400, 7, &[]);
        assert_eq!(mc.options.len(), 5 + picked.len());
        let profiles: Vec<P> = mc
            .options
            .iter()
            .filter_map(|o| o.option.object_storage_profile())
            .collect();
        assert_eq!(profiles, picked);
        // The draws are the same, so each option's range is the one of the full run.
        for o in &mc.options {
            let full = every.options.iter().find(|f| f.option == o.option).unwrap();
            assert_eq!((o.p10, o.p50, o.p90), (full.p10, full.p50, full.p90));
        }
        // The cheapest-shares still add up to one sample each (when anything delivers).
        assert!(mc.options.iter().any(|o| o.deliverable_share > 0.0));
        let total: f64 = mc.options.iter().map(|o| o.probability_cheapest).sum();
        assert!((total - 1.0).abs() < 0.01, "{total}");
        let s = sensitivity(&a, &facts(&a), book(), &m, &Ranges::of(&a));
        assert_eq!(s.options.len(), 5 + picked.len());
        assert!(s.options.iter().all(|o| !o.swings.is_empty()));
    }
}
