//! One row per Connect runtime rule: an option, runtime and input where it fires (the message
//! quotes the input) and one where it does not. A coverage test makes sure no runtime rule is
//! added without a row. Plus the choice among runtimes.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::support::*;
use crate::decision::runtime::{Priced, RuntimeCtx, assess, choose};
use crate::decision::{Verdict, runtime_rules};
use crate::domain::{ConnectRuntime, ObjectStorageProfile, PlatformOption, Runtime};

const AUTOMQ: PlatformOption = PlatformOption::object_storage(ObjectStorageProfile::AutoMq);
const REDPANDA: PlatformOption = PlatformOption::object_storage(ObjectStorageProfile::Redpanda);

struct Side {
    option: PlatformOption,
    runtime: Runtime,
    patch: Value,
}

struct Case {
    rule: &'static str,
    fires: Side,
    quote: &'static str,
    quiet: Side,
}

fn on(option: PlatformOption, runtime: Runtime, patch: Value) -> Side {
    Side {
        option,
        runtime,
        patch,
    }
}

fn isolated() -> Value {
    json!({ "connectors": [
        { "name": "noisy", "class": "x.Noisy", "direction": "sink", "tasks": 2, "isolated": true }
    ]})
}

fn cases() -> Vec<Case> {
    let vm = PlatformOption::self_managed(ConnectRuntime::Vm);
    vec![
        Case {
            rule: "RT-VENDOR",
            fires: on(STD, Runtime::VendorManaged, json!({})),
            quote: "Event Hubs Standard is not a vendor's Kafka",
            quiet: on(AUTOMQ, Runtime::VendorManaged, json!({})),
        },
        Case {
            rule: "RT-VENDOR",
            fires: on(OBJ, Runtime::VendorManaged, json!({})),
            quote: "WarpStream offers no managed Kafka Connect",
            quiet: on(REDPANDA, Runtime::VendorManaged, json!({})),
        },
        Case {
            rule: "RT-VENDOR-AZURE",
            fires: on(AUTOMQ, Runtime::VendorManaged, json!({})),
            quote: "not AKS",
            quiet: on(OBJ, Runtime::VendorManaged, json!({})),
        },
        Case {
            rule: "RT-VENDOR-AZURE",
            fires: on(REDPANDA, Runtime::VendorManaged, json!({})),
            quote: "does not manage or monitor Kafka Connect",
            quiet: on(PREM, Runtime::VendorManaged, json!({})),
        },
        Case {
            rule: "RT-SIZE",
            fires: on(STD, Runtime::ContainerAppsConsumption, json!({})),
            quote: "D4s_v5 needs 4 vCPU / 16 GiB",
            quiet: on(
                STD,
                Runtime::ContainerAppsConsumption,
                json!({ "options": { "assumptions": { "worker_vm_size": "D2s_v5" } } }),
            ),
        },
        Case {
            rule: "RT-REST",
            fires: on(STD, Runtime::ContainerAppsDedicated, json!({})),
            quote: "one container app per worker",
            quiet: on(STD, Runtime::ContainerInstances, json!({})),
        },
        Case {
            rule: "RT-ORCH",
            fires: on(DED, Runtime::ContainerInstances, json!({})),
            quote: "rolling upgrade",
            quiet: on(DED, Runtime::Vm, json!({})),
        },
        Case {
            rule: "RT-RESTSEC",
            fires: on(STD, Runtime::Aks, json!({})),
            quote: "NetworkPolicy",
            quiet: on(OBJ, Runtime::VendorManaged, json!({})),
        },
        Case {
            rule: "RT-IDENTITY",
            fires: on(PREM, Runtime::Aks, json!({})),
            quote: "type: custom",
            quiet: on(self_aks(), Runtime::Aks, json!({})),
        },
        Case {
            rule: "RT-PLUGINS",
            fires: on(
                STD,
                Runtime::ContainerInstances,
                json!({ "connectors": [
                    { "name": "a", "class": "x.A", "direction": "sink", "tasks": 1 },
                    { "name": "b", "class": "x.B", "direction": "sink", "tasks": 1 }
                ]}),
            ),
            quote: "the 2 plugin class(es)",
            quiet: on(STD, Runtime::Vm, json!({})),
        },
        Case {
            rule: "RT-REBALANCE",
            fires: on(OBJ, Runtime::ContainerAppsConsumption, json!({})),
            quote: "min = max",
            quiet: on(OBJ, Runtime::Aks, json!({})),
        },
        Case {
            rule: "RT-ISOLATE",
            fires: on(STD, Runtime::Aks, isolated()),
            quote: "1 connector(s) are marked isolated",
            quiet: on(STD, Runtime::Aks, json!({})),
        },
        Case {
            rule: "RT-AKS-SHARED",
            fires: on(self_aks(), Runtime::Aks, json!({})),
            quote: "Self-managed Kafka on AKS already runs an AKS cluster",
            quiet: on(vm, Runtime::Aks, json!({})),
        },
        Case {
            rule: "RT-MANAGED",
            fires: on(
                OBJ,
                Runtime::VendorManaged,
                json!({ "team": { "prefers_managed": true } }),
            ),
            quote: "team.prefers_managed is true",
            quiet: on(
                OBJ,
                Runtime::VendorManaged,
                json!({ "team": { "prefers_managed": false } }),
            ),
        },
    ]
}

fn fired(side: &Side, rule: &str) -> Option<String> {
    let a = scenario(&side.patch);
    let ctx = RuntimeCtx::new(&a);
    assess(&ctx, side.option, side.runtime)
        .reasons
        .into_iter()
        .find(|r| r.rule == rule)
        .map(|r| r.message.into_owned())
}

#[test]
fn every_runtime_rule_fires_and_stays_quiet_where_it_should() {
    for c in cases() {
        let msg = fired(&c.fires, c.rule)
            .unwrap_or_else(|| panic!("{} did not fire on its firing input", c.rule));
        assert!(
            msg.contains(c.quote),
            "{}: message does not quote {:?}: {msg}",
            c.rule,
            c.quote
        );
        assert_eq!(
            fired(&c.quiet, c.rule),
            None,
            "{} fired on its quiet input",
            c.rule
        );
    }
}

#[test]
fn every_runtime_rule_has_a_row_and_a_dated_source() {
    let ids: Vec<&str> = cases().iter().map(|c| c.rule).collect();
    for r in runtime_rules() {
        assert!(ids.contains(&r.id), "runtime rule {} has no test row", r.id);
        assert!(r.source.starts_with("https://"), "{}", r.id);
        assert_eq!(r.read_on.len(), 10, "{}", r.id);
    }
}

#[test]
fn verdicts_follow_the_strongest_effect() {
    let a = scenario(&json!({}));
    let ctx = RuntimeCtx::new(&a);
    assert_eq!(
        assess(&ctx, STD, Runtime::VendorManaged).verdict,
        Verdict::Disqualified
    );
    assert_eq!(
        assess(&ctx, STD, Runtime::ContainerAppsDedicated).verdict,
        Verdict::ViableWithRisks
    );
    // Disfavour (RT-RESTSEC, RT-IDENTITY) leaves a runtime viable.
    assert_eq!(assess(&ctx, STD, Runtime::Vm).verdict, Verdict::Viable);
}

fn priced(costs: &[(Runtime, Option<i64>, i32)]) -> Vec<Priced> {
    costs
        .iter()
        .map(|&(runtime, c, points)| Priced {
            runtime,
            monthly: c.map(Decimal::from),
            points,
        })
        .collect()
}

#[test]
fn choice_prefers_fewer_risks_then_points_within_ten_percent_then_cost() {
    let a = scenario(&json!({}));
    let ctx = RuntimeCtx::new(&a);
    let assessed: Vec<_> = Runtime::ALL
        .iter()
        .map(|&r| assess(&ctx, self_aks(), r))
        .collect();
    let costs = |aks: i64, vm: i64| {
        priced(&[
            (Runtime::Aks, Some(aks), 1),
            (Runtime::Vm, Some(vm), -1),
            (Runtime::ContainerAppsDedicated, Some(100), -3),
            (Runtime::ContainerAppsConsumption, Some(100), -3),
            (Runtime::ContainerInstances, Some(100), -2),
            (Runtime::VendorManaged, None, 0),
        ])
    };
    // The container runtimes are cheapest but carry risks: never chosen under auto.
    // AKS 1,080 is within 10% of VMs 1,000 and has more points.
    let pick = choose(
        ConnectRuntime::Auto,
        self_aks(),
        &assessed,
        &costs(1_080, 1_000),
    );
    assert_eq!(pick, Some((Runtime::Aks, None)));
    // 1,120 is beyond 10%: cost decides.
    let pick = choose(
        ConnectRuntime::Auto,
        self_aks(),
        &assessed,
        &costs(1_120, 1_000),
    );
    assert_eq!(pick, Some((Runtime::Vm, None)));
    // A pinned preference is honoured, risks and all.
    let pick = choose(
        ConnectRuntime::ContainerInstances,
        self_aks(),
        &assessed,
        &costs(1_080, 1_000),
    );
    assert_eq!(pick, Some((Runtime::ContainerInstances, None)));
    // A preference the option cannot serve falls back, and says so.
    let (rt, note) = choose(
        ConnectRuntime::VendorManaged,
        self_aks(),
        &assessed,
        &costs(1_080, 1_000),
    )
    .unwrap();
    assert_eq!(rt, Runtime::Aks);
    assert!(note.unwrap().contains("vendor_managed"));
}
