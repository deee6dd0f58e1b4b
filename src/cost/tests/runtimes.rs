//! Connect runtimes (issue 13): each runtime priced with its own meters, and the choice.

use super::*;

// ---- Connect runtimes (issue 13) -------------------------------------------------------------
//
// The hand-worked scenario has one sink connector of 4 tasks and 3 MB/s over 3 zones:
// workers = max(min 3, ceil(max(4 tasks, ceil(3 ÷ 1.5) = 2) ÷ 4)) = 3 workers of D4s_v5
// (4 vCPU / 16 GiB). Event Hubs Standard alone (no Connect at all) costs
// 240.90 + 245.28 + 2.08 = 488.26, and monitors no VM.

fn on_runtime(runtime: &str) -> Estimate {
    run(with(
        hand_worked(),
        &["options", "connect_runtime"],
        json!(runtime),
    ))
}

fn runtime_row(
    e: &Estimate,
    o: PlatformOption,
    rt: crate::domain::Runtime,
) -> &crate::cost::RuntimeRow {
    e.connect_runtimes
        .iter()
        .find(|r| r.option == o)
        .unwrap()
        .runtimes
        .iter()
        .find(|r| r.runtime == rt)
        .unwrap()
}

#[test]
fn runtime_vm_scale_set_is_vm_hours_and_os_disks() {
    let e = on_runtime("vm");
    let o = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    assert_eq!(o.connect_runtime.runtime, crate::domain::Runtime::Vm);
    // 3 workers × 730 h × $0.192 = $420.48; no AKS cluster, no registry.
    assert_eq!(line(o, "Connect workers").monthly_cost, money("420.48"));
    assert!(o.lines.iter().all(|l| !l.component.starts_with("AKS")));
    assert!(o.lines.iter().all(|l| !l.component.contains("Registry")));
    // OS disks 3 × $19.71 = $59.13; monitoring 3 × 2 GB = 6 GB, 1 GB above the free 5 × $2.76.
    assert_eq!(line(o, "OS disks").monthly_cost, money("59.13"));
    assert_eq!(line(o, "Monitoring").monthly_cost, money("2.76"));
    // Runtime cost = 420.48 + 18.25 (LB) + 59.13 + 2.76 + 0.01 (Key Vault) = 500.63; total
    // 488.26 + 500.63.
    assert_eq!(o.connect_runtime.monthly_cost, Some(money("500.63")));
    assert_eq!(o.total, money("988.89"));
}

#[test]
fn runtime_aks_adds_the_cluster_the_system_pool_and_a_registry() {
    let e = on_runtime("aks");
    let o = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    assert_common_infra(o);
    // 420.48 workers + 73.00 control plane + 420.48 system pool + 20.28 registry + 18.25 LB
    // + 6 disks × 19.71 = 118.26 + (12 − 5) GB × 2.76 = 19.32 + 0.01 Key Vault → 1,090.08.
    assert_eq!(o.connect_runtime.monthly_cost, Some(money("1090.08")));
    // Self-managed Kafka on AKS already pays for the cluster: the runtime adds the workers,
    // the registry, the LB, 3 more disks (59.13) and 3 more nodes of logs (6 GB × 2.76 = 16.56).
    let sm = runtime_row(
        &e,
        PlatformOption::self_managed(crate::domain::ConnectRuntime::Aks),
        crate::domain::Runtime::Aks,
    );
    // 420.48 + 20.28 + 18.25 + 59.13 + 16.56 + 0.01 Key Vault = 534.71
    assert_eq!(sm.monthly_cost, Some(money("534.71")));
}

#[test]
fn runtime_container_apps_dedicated_bills_profile_instances_and_the_environment() {
    let e = on_runtime("container_apps");
    let o = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    // D4s_v5 (4 vCPU / 16 GiB) → D4 profile; consumption is disqualified (16 GiB > 8 GiB).
    assert_eq!(
        o.connect_runtime.runtime,
        crate::domain::Runtime::ContainerAppsDedicated
    );
    // vCPU: 3 workers × 4 vCPU × 730 h = 8,760 vCPU-h × $0.057077 = $499.99452 → $499.99.
    let cpu = line(
        o,
        "Connect workers (shared pool, 1 connector, 4 tasks) on Container Apps dedicated D4 profile",
    );
    assert_eq!(cpu.quantity, money("8760"));
    assert_eq!(cpu.monthly_cost, money("499.99"));
    // Memory: 3 × 16 GiB × 730 h = 35,040 GiB-h × $0.004978 = $174.43.
    let mem = o
        .lines
        .iter()
        .find(|l| l.component.ends_with(": memory"))
        .unwrap();
    assert_eq!(mem.quantity, money("35040"));
    assert_eq!(mem.monthly_cost, money("174.43"));
    // Plan management: 1 environment × 730 h × $0.10 = $73.00.
    assert_eq!(
        line(o, "Container Apps dedicated plan management").monthly_cost,
        money("73.00")
    );
    // Registry 20.28, LB 18.25, no OS disks, monitoring 3 workers × 2 GB = 6 GB → 1 × 2.76.
    assert!(o.lines.iter().all(|l| !l.component.starts_with("OS disks")));
    // 499.99 + 174.43 + 73.00 + 20.28 + 18.25 + 2.76 + 0.01 Key Vault = 788.72
    assert_eq!(o.connect_runtime.monthly_cost, Some(money("788.72")));
    assert!(
        o.connect_runtime
            .reasons
            .iter()
            .any(|r| r.rule == "RT-REST")
    );
}

#[test]
fn runtime_container_apps_consumption_bills_active_seconds_where_a_worker_fits() {
    // A D2s_v5 worker (2 vCPU / 8 GiB) fits the 4 vCPU / 8 GiB consumption replica.
    let v = with(
        hand_worked(),
        &["options", "connect_runtime"],
        json!("container_apps"),
    );
    let v = with(
        v,
        &["options", "assumptions", "worker_vm_size"],
        json!("D2s_v5"),
    );
    let e = run(v);
    let row = runtime_row(
        &e,
        PlatformOption::EVENT_HUBS_STANDARD,
        crate::domain::Runtime::ContainerAppsConsumption,
    );
    assert_ne!(row.verdict, crate::decision::Verdict::Disqualified);
    // vCPU: 3 × 2 × 2,628,000 s = 15,768,000 vCPU-s × $0.000024 = $378.43;
    // memory: 3 × 8 × 2,628,000 = 63,072,000 GiB-s × $0.000003 = $189.22;
    // + registry 20.28 + LB 18.25 + monitoring 2.76 + Key Vault 0.01 = 608.95
    assert_eq!(row.monthly_cost, Some(money("608.95")));
    // D2s_v5 on a dedicated profile still takes a whole D4 instance: 3 × (4 × 730 × 0.057077
    // = 166.66484 → vCPU line 499.99) … the same 788.71 as the D4s_v5 worker.
    let ded = runtime_row(
        &e,
        PlatformOption::EVENT_HUBS_STANDARD,
        crate::domain::Runtime::ContainerAppsDedicated,
    );
    assert_eq!(ded.monthly_cost, Some(money("788.72")));
    // Both are viable with the RT-REST risk; the cheaper consumption profile is chosen.
    let o = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    assert_eq!(
        o.connect_runtime.runtime,
        crate::domain::Runtime::ContainerAppsConsumption
    );
}

#[test]
fn runtime_container_instances_bills_vcpu_and_gb_hours() {
    let e = on_runtime("container_instances");
    let o = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    // vCPU: 3 × 4 × 730 = 8,760 vCPU-h × $0.0405 = $354.78;
    // memory: 3 × 16 × 730 = 35,040 GB-h × $0.00445 = $155.93;
    // + registry 20.28 + LB 18.25 + monitoring 2.76 + Key Vault 0.01 = 552.01
    assert_eq!(o.connect_runtime.monthly_cost, Some(money("552.01")));
    assert_eq!(o.total, money("1040.27"));
}

#[test]
fn runtime_vendor_managed_is_priced_from_the_users_rates_and_only_on_its_own_kafka() {
    // No rates entered: unpriced, and never the vendor's on Event Hubs.
    let e = on_runtime("vendor_managed");
    let eh = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    assert_ne!(
        eh.connect_runtime.runtime,
        crate::domain::Runtime::VendorManaged
    );
    assert!(eh.notes.iter().any(|n| n.contains("vendor_managed")));
    let obj_row = runtime_row(
        &e,
        PlatformOption::object_storage(ObjectStorageProfile::AutoMq),
        crate::domain::Runtime::VendorManaged,
    );
    assert_eq!(obj_row.monthly_cost, None);
    // With rates: 4 tasks × 730 h × $0.10 = $292.00; 3 MB/s × 2,628,000 s ÷ 1,000 = 7,884 GB
    // × $0.02 = $157.68 → 449.68 (no workers, disks, registry or load balancer of ours).
    let v = with(
        hand_worked(),
        &["options", "connect_runtime"],
        json!("vendor_managed"),
    );
    let v = with(
        v,
        &["options", "assumptions", "managed_connect_per_task_hour"],
        json!(0.10),
    );
    let v = with(
        v,
        &["options", "assumptions", "managed_connect_per_gb"],
        json!(0.02),
    );
    let e = run(v);
    let o = opt(
        &e,
        PlatformOption::object_storage(ObjectStorageProfile::AutoMq),
    );
    assert_eq!(
        o.connect_runtime.runtime,
        crate::domain::Runtime::VendorManaged
    );
    assert_eq!(o.connect_runtime.monthly_cost, Some(money("449.68")));
    let t = line(o, "Vendor-managed Connect tasks");
    assert_eq!(
        &*t.formula,
        "4 tasks × 730 h × $0.10/task-h (assumption options.assumptions.managed_connect_per_task_hour; no discount applied) = $292.00"
    );
    let eh = runtime_row(
        &e,
        PlatformOption::EVENT_HUBS_STANDARD,
        crate::domain::Runtime::VendorManaged,
    );
    assert_eq!(eh.verdict, crate::decision::Verdict::Disqualified);
}

#[test]
fn runtime_auto_picks_the_cheapest_runtime_with_the_fewest_risks() {
    let e = on_runtime("auto");
    // Event Hubs: VMs (500.62) beat AKS (1,090.07); the container runtimes carry risks.
    let o = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    assert_eq!(o.connect_runtime.runtime, crate::domain::Runtime::Vm);
    assert_eq!(
        o.connect_runtime.verdict,
        crate::decision::Verdict::Recommended
    );
    // Self-managed Kafka on AKS: VMs add 420.48 + 18.25 + 59.13 + 16.56 = 514.42; AKS adds
    // 534.70, within 10% (≤ 565.86), and wins on points: RT-AKS-SHARED +2, RT-RESTSEC −1,
    // RT-PLUGINS −1 = 0 against the VMs' RT-RESTSEC −1.
    let sm = opt(
        &e,
        PlatformOption::self_managed(crate::domain::ConnectRuntime::Auto),
    );
    assert_eq!(sm.connect_runtime.runtime, crate::domain::Runtime::Aks);
    // Every option lists every runtime.
    assert!(e.connect_runtimes.iter().all(|r| r.runtimes.len() == 6));
}

/// `network.egress = nat_gateway` (controlled egress) replaces the load balancer's outbound
/// rules with a NAT Gateway, its public IP and the data it processes, on every option whose
/// Connect workers the team runs; nothing is priced twice.
#[test]
fn controlled_egress_prices_a_nat_gateway_instead_of_the_load_balancer() {
    let v = with(
        hand_worked(),
        &["connectors"],
        json!([
            { "name": "saas", "class": "io.confluent.connect.http.HttpSinkConnector",
              "direction": "sink", "tasks": 4, "mb_per_s": 2, "system_location": "internet_saas" }
        ]),
    );
    let lb = run(v.clone());
    let nat = run(with(v, &["network", "egress"], json!("nat_gateway")));
    for (l, n) in lb.options.iter().zip(&nat.options) {
        // Load balancer: 730 h × $0.025 = $18.25; data 2 MB/s × 2,628,000 s ÷ 1,000 = 5,256 GB
        // × $0.005 = $26.28.
        assert_eq!(
            line(l, "Standard Load Balancer").monthly_cost,
            money("18.25")
        );
        assert_eq!(line(l, "Load Balancer data").monthly_cost, money("26.28"));
        assert!(
            l.lines
                .iter()
                .all(|x| !x.component.starts_with("NAT Gateway"))
        );
        // NAT Gateway: 730 h × $0.045 = $32.85; its public IP 730 h × $0.005 = $3.65; data
        // 5,256 GB × $0.045 = $236.52.
        let gw = line(n, "NAT Gateway (controlled");
        assert_eq!(gw.monthly_cost, money("32.85"));
        assert_eq!(
            &*gw.formula,
            "1 gateway × 730 h × $0.045/gateway-h = $32.85"
        );
        assert_eq!(
            gw.price_ref.as_ref().unwrap().meter.as_str(),
            "Standard Gateway"
        );
        assert_eq!(
            line(n, "Standard static public IP").monthly_cost,
            money("3.65")
        );
        let data = line(n, "NAT Gateway data processed");
        assert_eq!(data.quantity, money("5256"));
        assert_eq!(data.monthly_cost, money("236.52"));
        assert!(
            n.lines
                .iter()
                .all(|x| !x.component.contains("Load Balancer")),
            "{}",
            n.option
        );
        // 32.85 + 3.65 + 236.52 − 18.25 − 26.28 = 228.49 more per option.
        assert_eq!(n.total - l.total, money("228.49"), "{}", n.option);
    }
}

/// Key Vault: every self-run worker reads its connectors' secrets; a vendor's managed Connect
/// keeps them in its own store.
#[test]
fn key_vault_reads_are_priced_per_self_run_worker() {
    let v = with(
        hand_worked(),
        &["options", "assumptions", "key_vault_reads_per_worker_month"],
        json!(100_000),
    );
    let e = run(v.clone());
    for o in &e.options {
        // 3 workers × 100,000 reads = 300,000 reads ÷ 10,000 = 30 × $0.03 = $0.90.
        let kv = line(o, "Key Vault secret operations");
        assert_eq!(kv.quantity, money("30"));
        assert_eq!(kv.monthly_cost, money("0.90"), "{}", o.option);
        assert_eq!(kv.price_ref.as_ref().unwrap().meter.as_str(), "Operations");
    }
    // The default 1,000 reads: 3,000 ÷ 10,000 = 0.3 × $0.03 = $0.009 → $0.01.
    let e = run(hand_worked());
    assert_eq!(
        line(&e.options[0], "Key Vault secret operations").monthly_cost,
        money("0.01")
    );
    let managed = run(with(
        with(v, &["options", "connect_runtime"], json!("vendor_managed")),
        &["options", "assumptions", "managed_connect_per_task_hour"],
        json!(0.1),
    ));
    let vendor: Vec<_> = managed
        .options
        .iter()
        .filter(|o| o.connect_runtime.runtime == crate::domain::Runtime::VendorManaged)
        .collect();
    assert!(
        !vendor.is_empty(),
        "the object-storage option runs the vendor's Connect"
    );
    for o in vendor {
        assert!(
            o.lines
                .iter()
                .all(|l| !l.component.starts_with("Key Vault")),
            "{}",
            o.option
        );
    }
}
