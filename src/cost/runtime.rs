//! The Connect runtime, priced on its own meters (issue 13).
//!
//! Every option runs Connect workers; *where* they run is decided per option by the runtime
//! rules (`decision::runtime`) and the cost of each runtime, computed here:
//!
//! - **AKS**: the worker VMs as a user node pool (VM-hours and an OS disk each), plus the
//!   cluster's Standard-tier control plane and system node pool when no brokers already pay
//!   for a cluster (`infra::aks_cluster`), plus a container registry for the plugin image.
//! - **VM scale set**: VM-hours and an OS disk per worker; a scale set has no fee of its own.
//! - **Container Apps, dedicated profile**: one profile instance per worker (one app per
//!   worker, the only pattern that gives each worker an address), billed per vCPU-hour and
//!   GiB-hour of the instance, plus the plan management fee per environment-hour, plus the
//!   registry.
//! - **Container Apps, consumption**: the worker's vCPU-seconds and GiB-seconds at the active
//!   rate (a polling worker never meets the idle conditions), plus the registry. The monthly
//!   free grant is per subscription and not credited here.
//! - **Container Instances**: vCPU-hours and GB-hours of one container group per worker, plus
//!   the registry.
//! - **Vendor-managed Connect**: task-hours and GB at the rates the user enters (no vendor
//!   publishes them for Azure in a form we can cite).
//!
//! A runtime's `monthly_cost` in the report is what it adds to the option's monthly total:
//! the option priced with it minus the option priced with no Connect at all, so it includes
//! its share of the OS-disk, monitoring and load-balancer lines.

use rust_decimal::Decimal;
use serde::Serialize;

use super::ctx::SizingCtx;
use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::Meter;
use super::units::{HOURS, HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH};
use crate::decision::Verdict;
use crate::decision::runtime::RuntimeReason;
use crate::domain::{Assumptions, PlatformOption, Runtime, vm_memory_gib, vm_vcpus};

/// One runtime judged and priced for one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuntimeRow {
    pub runtime: Runtime,
    pub label: &'static str,
    /// `recommended` for the runtime the option is priced on.
    pub verdict: Verdict,
    pub reasons: Vec<RuntimeReason>,
    /// What the runtime adds to the option's monthly total; `null` when a line has no price.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub monthly_cost: Option<Decimal>,
}

/// Every runtime for one option, and the one chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionRuntimes {
    #[serde(flatten)]
    pub option: PlatformOption,
    /// The runtime the option is priced on.
    pub chosen: Runtime,
    /// Set when the preference could not be honoured for this option.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Every runtime, in `Runtime::ALL` order.
    pub runtimes: Vec<RuntimeRow>,
}

impl OptionRuntimes {
    /// The chosen runtime's row.
    pub fn chosen_row(&self) -> &RuntimeRow {
        self.runtimes
            .iter()
            .find(|r| r.runtime == self.chosen)
            .unwrap_or(&self.runtimes[0])
    }
}

/// The compute shape one worker is billed at on a runtime: vCPU, GiB, and what it is called.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
    pub vcpu: u32,
    pub gib: u32,
    pub name: String,
}

/// Dedicated workload profile sizes (Microsoft Learn, container-apps workload-profiles-overview:
/// D4–D32 general purpose, 4 GiB per vCPU; E4–E32 memory optimised, 8 GiB per vCPU).
const PROFILE_VCPUS: [u32; 4] = [4, 8, 16, 32];

/// The worker's shape on `rt`: the VM size itself (AKS, VMs, Container Instances, consumption)
/// or the smallest dedicated profile that holds it. `None` when the VM family is unknown (the
/// runtime rule RT-SIZE disqualifies the container runtimes then).
pub(crate) fn shape(a: &Assumptions, rt: Runtime) -> Option<Shape> {
    let size = a.worker_vm_size.as_str();
    let (vcpu, gib) = vm_vcpus(size).zip(vm_memory_gib(size))?;
    if rt != Runtime::ContainerAppsDedicated {
        return Some(Shape {
            vcpu,
            gib,
            name: size.to_owned(),
        });
    }
    // General purpose when 4 GiB per vCPU is enough, else memory optimised.
    let (family, per) = if gib <= vcpu * 4 { ('D', 4) } else { ('E', 8) };
    let p = PROFILE_VCPUS
        .iter()
        .copied()
        .find(|&p| p >= vcpu && p * per >= gib)
        .unwrap_or(PROFILE_VCPUS[PROFILE_VCPUS.len() - 1]);
    Some(Shape {
        vcpu: p,
        gib: p * per,
        name: format!("{family}{p} profile"),
    })
}

/// The Connect workers' lines on runtime `rt`: the shared pool's, and one for all isolated
/// pools (one line per meter the runtime bills compute on).
pub(crate) fn connect_workers<E: Emit>(ctx: &SizingCtx, rt: Runtime, e: &mut E) {
    if ctx.connect.is_empty() {
        e.note(|| "No connectors listed, so no Connect workers are priced.".to_owned());
    }
    for (workers, component, inputs) in ctx.connect.lines() {
        compute(ctx, rt, workers, component, inputs, e);
    }
}

/// The compute of `workers` workers on `rt`: `base` names the pool ("Connect workers (shared
/// pool, …)") and `expr` derives the count ("3 workers [max(…)]").
pub(crate) fn compute<E: Emit>(
    ctx: &SizingCtx,
    rt: Runtime,
    workers: u32,
    base: impl std::fmt::Display,
    expr: impl std::fmt::Display,
    e: &mut E,
) {
    let w = f64::from(workers);
    match rt {
        Runtime::Aks | Runtime::Vm => e.add(
            Meter::WorkerVm,
            Category::Compute,
            w * HOURS,
            Basis::Total,
            || Describe {
                component: format!("{base} on {}", ctx.assumptions.worker_vm_size),
                inputs: format!("{expr} × {HOURS_PER_MONTH} h"),
            },
        ),
        Runtime::VendorManaged => {}
        _ => {
            let Some(s) = shape(&ctx.assumptions, rt) else {
                e.note(|| {
                    format!(
                        "{}: the worker size {} names no known VM family, so its vCPUs and memory are unknown and the workers are not priced.",
                        rt.label(),
                        ctx.assumptions.worker_vm_size
                    )
                });
                return;
            };
            let (cpu_meter, mem_meter, per, time) = match rt {
                Runtime::ContainerAppsDedicated => (
                    Meter::AcaDedicatedVcpu,
                    Meter::AcaDedicatedMemory,
                    HOURS,
                    "730 h",
                ),
                Runtime::ContainerAppsConsumption => (
                    Meter::AcaConsumptionVcpu,
                    Meter::AcaConsumptionMemory,
                    SECONDS_PER_MONTH,
                    "2,628,000 s",
                ),
                _ => (Meter::AciVcpu, Meter::AciMemory, HOURS, "730 h"),
            };
            // Written only by an emitter that itemises.
            let on = std::fmt::from_fn(|f| match rt {
                Runtime::ContainerAppsDedicated => write!(
                    f,
                    "Container Apps dedicated {} ({} vCPU / {} GiB, one app per worker)",
                    s.name, s.vcpu, s.gib
                ),
                Runtime::ContainerAppsConsumption => write!(
                    f,
                    "Container Apps consumption ({} vCPU / {} GiB per replica as {}, one app per worker)",
                    s.vcpu, s.gib, s.name
                ),
                _ => write!(
                    f,
                    "Container Instances ({} vCPU / {} GB per group as {}, one group per worker)",
                    s.vcpu, s.gib, s.name
                ),
            });
            e.add(
                cpu_meter,
                Category::Compute,
                w * f64::from(s.vcpu) * per,
                Basis::Total,
                || Describe {
                    component: format!("{base} on {on}: vCPU"),
                    inputs: format!("{expr} × {} vCPU × {time}", s.vcpu),
                },
            );
            e.add(
                mem_meter,
                Category::Compute,
                w * f64::from(s.gib) * per,
                Basis::Total,
                || Describe {
                    component: format!("{base} on {on}: memory"),
                    inputs: format!("{expr} × {} GiB × {time}", s.gib),
                },
            );
        }
    }
}

/// Workers added by one Connect cluster per Event Hubs namespace (the shared pool split over
/// `namespaces` clusters, each keeping the HA minimum). Returns the workers added.
pub(crate) fn extra_workers<E: Emit>(
    ctx: &SizingCtx,
    rt: Runtime,
    namespaces: Option<u32>,
    e: &mut E,
) -> u32 {
    let namespaces = namespaces.unwrap_or(1);
    if namespaces <= 1 || rt == Runtime::VendorManaged {
        return 0;
    }
    let Some(split) = ctx.connect.split_shared_pool(namespaces) else {
        return 0;
    };
    if split.extra_workers == 0 {
        return 0;
    }
    // Written only by an emitter that itemises.
    let base = std::fmt::from_fn(|f| {
        write!(
            f,
            "Connect workers added by one Connect cluster per namespace ({namespaces} clusters)"
        )
    });
    let expr = std::fmt::from_fn(|f| {
        write!(
            f,
            "{} workers [{namespaces} clusters × max(min {}, ceil({} tasks ÷ {namespaces} ÷ {} tasks/worker)) = {} − {} in the shared pool]",
            split.extra_workers,
            split.min_workers,
            split.demand,
            ctx.connect.tasks_per_worker,
            split.total_workers,
            split.shared_workers
        )
    });
    compute(ctx, rt, split.extra_workers, base, expr, e);
    split.extra_workers
}

/// What the runtime needs beyond its workers: the Container Apps environment's plan
/// management fee, the registry for the plugin image, or the vendor's per-task and per-GB
/// charges.
pub(crate) fn surroundings<E: Emit>(ctx: &SizingCtx, rt: Runtime, e: &mut E) {
    if ctx.connect.pools.is_empty() {
        return;
    }
    if rt == Runtime::ContainerAppsDedicated {
        e.add(
            Meter::AcaPlanManagement,
            Category::Compute,
            HOURS,
            Basis::Total,
            || Describe {
                component: "Container Apps dedicated plan management (one environment for the Connect workers)".to_owned(),
                inputs: format!("1 environment × {HOURS_PER_MONTH} h"),
            },
        );
    }
    if rt.needs_registry() {
        // Private endpoints on a registry need the Premium tier (Microsoft Learn,
        // container-registry-private-link), so a private-link estate pays for Premium.
        let (meter, tier) = if ctx.private_link {
            (Meter::AcrPremium, "Premium, for its private endpoint")
        } else {
            (Meter::AcrStandard, "Standard")
        };
        e.add(meter, Category::Compute, HOURS / 24.0, Basis::Total, || {
            Describe {
                component: format!(
                    "Azure Container Registry ({tier}) for the Connect worker image with its plugins"
                ),
                inputs: format!("1 registry × {HOURS_PER_MONTH} h ÷ 24 h/day"),
            }
        });
    }
    if rt == Runtime::VendorManaged {
        let tasks: u32 = ctx
            .connect
            .pools
            .iter()
            .map(|p| p.tasks)
            .fold(0, u32::saturating_add);
        let mb: f64 = ctx.connect.pools.iter().map(|p| p.mb_per_s).sum();
        e.add(
            Meter::ManagedConnectTask,
            Category::Compute,
            f64::from(tasks) * HOURS,
            Basis::Total,
            || Describe {
                component: "Vendor-managed Connect tasks".to_owned(),
                inputs: format!("{tasks} tasks × {HOURS_PER_MONTH} h"),
            },
        );
        e.add(
            Meter::ManagedConnectGb,
            Category::Compute,
            mb * SECONDS_PER_MONTH / MB_PER_GB,
            Basis::Total,
            || Describe {
                component: "Vendor-managed Connect throughput (GB read or written by connectors)"
                    .to_owned(),
                inputs: format!("{} MB/s × 2,628,000 s ÷ 1,000", fmt_f(mb)),
            },
        );
    }
}

/// Workers that are VMs or AKS nodes (they need OS disks).
pub(crate) fn worker_vms(rt: Runtime, workers: u32) -> u32 {
    if matches!(rt, Runtime::Aks | Runtime::Vm) {
        workers
    } else {
        0
    }
}

/// Workers the team monitors (every self-run worker ships metrics and logs).
pub(crate) fn monitored_workers(rt: Runtime, workers: u32) -> u32 {
    if rt.self_run() { workers } else { 0 }
}
