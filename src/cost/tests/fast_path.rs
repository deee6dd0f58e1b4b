//! The fast path equals the itemised estimate; properties; cross-region DR.

use super::*;

fn assert_fast_equals_estimate(model: &Model, d: &Drivers) {
    for o in model.options() {
        let fast = model.monthly_total(o, d);
        let full = model.estimate_option(o, d);
        let total: f64 = full.total.to_string().parse().unwrap();
        assert!(
            (fast - total).abs() <= 0.01 + 1e-9,
            "{o}: fast {fast} vs estimate {total} at {d:?}"
        );
        let with_people: f64 = full.total_with_people.to_string().parse().unwrap();
        assert!((model.monthly_total_with_people(o, d) - with_people).abs() <= 0.01 + 1e-9);
    }
}

#[test]
fn fast_path_equals_estimate_for_examples_and_varied_drivers() {
    for name in EXAMPLES {
        let a = example(name);
        let model = Model::new(&a, &facts(&a), &book());
        let e = model.estimate();
        for o in &e.options {
            let fast = model.monthly_total(o.option, &model.base_drivers());
            let total: f64 = o.total.to_string().parse().unwrap();
            assert!(
                (fast - total).abs() <= 0.01 + 1e-9,
                "{name} {}: {fast} vs {total}",
                o.option
            );
        }
        for write in [0.01, 0.5, 3.0, 37.7, 250.0, 1800.0] {
            for fanout in [0.0, 1.0, 2.5, 7.0] {
                for retention in [1.0, 24.0, 168.0, 2160.0] {
                    let d = Drivers {
                        write_mb_per_s: write,
                        read_fanout: fanout,
                        retention_hours: retention,
                        ..model.base_drivers()
                    };
                    assert_fast_equals_estimate(&model, &d);
                }
            }
        }
    }
}

#[test]
fn fast_path_survives_nonsense_drivers() {
    let a = example("small-azure-ingestion.json");
    let model = Model::new(&a, &facts(&a), &book());
    for d in [
        Drivers {
            write_mb_per_s: f64::NAN,
            read_fanout: -1.0,
            retention_hours: f64::INFINITY,
            pu_ingress_mb_per_s: 0.0,
            cu_ingress_mb_per_s: f64::NAN,
        },
        Drivers {
            write_mb_per_s: -5.0,
            read_fanout: f64::NAN,
            retention_hours: -1.0,
            pu_ingress_mb_per_s: -3.0,
            cu_ingress_mb_per_s: f64::INFINITY,
        },
    ] {
        for o in model.options() {
            let t = model.monthly_total(o, &d);
            assert!(!t.is_nan() && t >= 0.0, "{o}: {t}");
        }
    }
}

fn model_for(name: &str) -> Model {
    let a = example(name);
    Model::new(&a, &facts(&a), &book())
}

fn drivers() -> impl Strategy<Value = Drivers> {
    (
        0.01f64..2_000.0,
        0.0f64..10.0,
        1.0f64..2_200.0,
        1.0f64..20.0,
        50.0f64..400.0,
    )
        .prop_map(|(w, f, r, pu, cu)| Drivers {
            write_mb_per_s: w,
            read_fanout: f,
            retention_hours: r,
            pu_ingress_mb_per_s: pu,
            cu_ingress_mb_per_s: cu,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn lines_are_sane_and_add_up(ex in 0usize..3, d in drivers()) {
        let model = model_for(EXAMPLES[ex]);
        for o in model.options() {
            let est = model.estimate_option(o, &d);
            let mut sum = Decimal::ZERO;
            for l in &est.lines {
                prop_assert!(l.monthly_cost >= Decimal::ZERO, "{}: {}", o, l.component);
                prop_assert!(l.quantity >= Decimal::ZERO);
                prop_assert!(l.unit_price.is_none_or(|p| p >= Decimal::ZERO));
                prop_assert_eq!(l.monthly_cost, round_cents(l.monthly_cost));
                // Units billed per whole unit are whole: VM-, TU-, PU-, CU-, cluster-hours.
                if ["VM-hours", "TU-hours", "PU-hours", "CU-hours", "cluster-hours"].contains(&&*l.unit) {
                    prop_assert_eq!(l.quantity % Decimal::from(super::HOURS_PER_MONTH), Decimal::ZERO, "{}", l.component);
                }
                sum += l.monthly_cost;
            }
            prop_assert_eq!(est.total, sum);
            prop_assert!(!model.monthly_total(o, &d).is_nan());
        }
    }

    #[test]
    fn cost_never_falls_when_write_or_retention_rises(
        ex in 0usize..3, d in drivers(), more_write in 1.0f64..3.0, more_retention in 1.0f64..3.0
    ) {
        let model = model_for(EXAMPLES[ex]);
        for o in model.options() {
            let base = model.monthly_total(o, &d);
            let w = Drivers { write_mb_per_s: d.write_mb_per_s * more_write, ..d };
            let r = Drivers { retention_hours: d.retention_hours * more_retention, ..d };
            prop_assert!(model.monthly_total(o, &w) + 1e-6 >= base, "{o}: write {:?}", w);
            prop_assert!(model.monthly_total(o, &r) + 1e-6 >= base, "{o}: retention {:?}", r);
        }
    }
}

#[test]
fn cross_region_dr_prices_a_standby_platform_and_its_replication() {
    let e = run(with(
        hand_worked(),
        &["team", "cross_region_dr"],
        json!(true),
    ));
    // Premium: a geo-replication secondary of the same 4 PU (4 × 730 h × $1.027 = $2,998.84)
    // and every byte written copied: 4 MB/s × 2,628,000 s ÷ 1,000 = 10,512 GB × $0.09 = $946.08.
    let p = opt(&e, PlatformOption::EVENT_HUBS_PREMIUM);
    assert_eq!(
        line(p, "Standby region: Event Hubs Premium processing units").monthly_cost,
        money("2998.84")
    );
    let geo = line(p, "Geo-replication to the standby region");
    assert_eq!(geo.quantity, money("10512"));
    assert_eq!(geo.monthly_cost, money("946.08"));
    // 4,088.92 without DR + 2,998.84 + 946.08 = 8,033.84
    assert_eq!(p.total, money("8033.84"));
    // Standard: a Geo-DR paired namespace of the same 11 TU; metadata only, no transfer line.
    let s = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    assert_eq!(
        line(s, "Standby region: Event Hubs Standard throughput units").monthly_cost,
        money("240.90")
    );
    assert!(
        s.lines
            .iter()
            .all(|l| !l.component.starts_with("Geo-replication"))
    );
    assert!(s.notes.iter().any(|n| n.contains("copies metadata only")));
    // Self-managed: the standby cluster's brokers ($840.96) and MirrorMaker 2 traffic at the
    // inter-region rate: 10,512 GB × $0.02 = $210.24.
    let k = opt(
        &e,
        PlatformOption::self_managed(crate::domain::ConnectRuntime::Aks),
    );
    assert_eq!(
        line(k, "Standby region: Kafka brokers").monthly_cost,
        money("840.96")
    );
    assert_eq!(
        line(k, "MirrorMaker 2 replication").monthly_cost,
        money("210.24")
    );
    // Connect workers are not doubled: the standby's are cold.
    assert_eq!(
        k.lines
            .iter()
            .filter(|l| l.component.starts_with("Connect workers"))
            .count(),
        1
    );
}
