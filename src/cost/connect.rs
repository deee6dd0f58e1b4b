//! Kafka Connect workers: every option runs them, so every option pays for them.
//!
//! Rules (reference R20): a pool needs `ceil(max(tasks, throughput-equivalent tasks) ÷
//! tasks_per_worker)` workers, where throughput-equivalent tasks = `ceil(MB/s ÷ mb_per_s_per_task)`;
//! at least 2 workers for HA, 3 when spread over 3 zones. Connectors marked `isolated` get their
//! own pool under the same rules. Workers are sized from the connector inventory, not from the
//! scenario-analysis drivers, so they are computed once per assessment.

use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::Meter;
use super::units::{HOURS, HOURS_PER_MONTH, ceil_units};
use crate::domain::{Assessment, Assumptions};

/// One worker pool.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pool {
    /// "shared pool" or "isolated: <connector name>".
    pub label: String,
    pub connectors: u32,
    pub tasks: u32,
    pub mb_per_s: f64,
    /// `ceil(mb_per_s ÷ mb_per_s_per_task)`.
    pub throughput_tasks: u32,
    pub min_workers: u32,
    pub workers: u32,
}

/// Every pool of the estate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConnectPlan {
    pub pools: Vec<Pool>,
    pub workers: u32,
    pub tasks_per_worker: u32,
    pub mb_per_s_per_task: f64,
    pub worker_vm: String,
    /// The (at most two) lines, written once: every option carries the same ones, and a
    /// 500-connector estate must not re-format them five times.
    lines: Vec<PlanLine>,
}

/// One Connect line: the shared pool, or all isolated pools together.
#[derive(Debug, Clone, PartialEq)]
struct PlanLine {
    workers: u32,
    component: String,
    inputs: String,
}

/// Fewest workers in a pool: 2 for HA, 3 when spread over 3 availability zones.
pub(crate) fn min_workers(availability_zones: u8) -> u32 {
    if availability_zones >= 3 { 3 } else { 2 }
}

impl ConnectPlan {
    pub fn new(a: &Assessment) -> Self {
        let asm: &Assumptions = &a.options.assumptions;
        let min = min_workers(a.network.availability_zones);
        let pool = |label: String, connectors: u32, tasks: u32, mb_per_s: f64| {
            let throughput_tasks = ceil_units(mb_per_s / asm.mb_per_s_per_task);
            let demand = tasks.max(throughput_tasks);
            let workers = min.max(demand.div_ceil(asm.tasks_per_worker.max(1)));
            Pool {
                label,
                connectors,
                tasks,
                mb_per_s,
                throughput_tasks,
                min_workers: min,
                workers,
            }
        };
        let mut pools = Vec::new();
        let (mut n, mut tasks, mut mb) = (0u32, 0u32, 0.0);
        for c in a.connectors.iter().filter(|c| !c.isolated) {
            n += 1;
            tasks = tasks.saturating_add(c.tasks);
            mb += c.mb_per_s;
        }
        if n > 0 {
            pools.push(pool("shared pool".to_owned(), n, tasks, mb));
        }
        for c in a.connectors.iter().filter(|c| c.isolated) {
            pools.push(pool(
                format!("isolated: {}", c.name.trim()),
                1,
                c.tasks,
                c.mb_per_s,
            ));
        }
        let mut plan = Self {
            workers: pools.iter().map(|p| p.workers).fold(0, u32::saturating_add),
            pools,
            tasks_per_worker: asm.tasks_per_worker.max(1),
            mb_per_s_per_task: asm.mb_per_s_per_task,
            worker_vm: asm.worker_vm_size.clone(),
            lines: Vec::new(),
        };
        plan.lines = plan.describe();
        plan
    }

    /// `max(min 3, ceil(max(7 tasks, ceil(4.5 MB/s ÷ 1.5 MB/s per task) = 3) ÷ 4 tasks/worker))`
    fn rule(&self, p: &Pool) -> String {
        format!(
            "max(min {}, ceil(max({} tasks, ceil({} MB/s ÷ {} MB/s per task) = {}) ÷ {} tasks/worker))",
            p.min_workers,
            p.tasks,
            fmt_f(p.mb_per_s),
            fmt_f(self.mb_per_s_per_task),
            p.throughput_tasks,
            self.tasks_per_worker
        )
    }

    fn describe(&self) -> Vec<PlanLine> {
        let plural = |n: u32, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut lines = Vec::new();
        if let Some(p) = self.pools.iter().find(|p| !p.label.starts_with("isolated")) {
            lines.push(PlanLine {
                workers: p.workers,
                component: format!(
                    "Connect workers (shared pool, {}, {}) on {}",
                    plural(p.connectors, "connector"),
                    plural(p.tasks, "task"),
                    self.worker_vm
                ),
                inputs: format!(
                    "{} workers [{}] × {HOURS_PER_MONTH} h",
                    p.workers,
                    self.rule(p)
                ),
            });
        }
        let isolated: Vec<&Pool> = self
            .pools
            .iter()
            .filter(|p| p.label.starts_with("isolated"))
            .collect();
        if !isolated.is_empty() {
            let workers = isolated
                .iter()
                .map(|p| p.workers)
                .fold(0, u32::saturating_add);
            let tasks = isolated
                .iter()
                .map(|p| p.tasks)
                .fold(0, u32::saturating_add);
            // Each pool follows the same rule; list every pool so each count stays traceable.
            let each = isolated
                .iter()
                .map(|p| {
                    format!(
                        "{} {} = {}",
                        p.label.trim_start_matches("isolated: "),
                        self.rule(p),
                        p.workers
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            lines.push(PlanLine {
                workers,
                component: format!(
                    "Connect workers ({} isolated pool{}, one per isolated connector, {}) on {}",
                    isolated.len(),
                    if isolated.len() == 1 { "" } else { "s" },
                    plural(tasks, "task"),
                    self.worker_vm
                ),
                inputs: format!("{workers} workers [{each}] × {HOURS_PER_MONTH} h"),
            });
        }
        lines
    }

    /// The shared pool's line and one line for all isolated pools.
    pub fn emit<E: Emit>(&self, e: &mut E) {
        if self.pools.is_empty() {
            e.note(|| "No connectors listed, so no Connect workers are priced.".to_owned());
        }
        for l in &self.lines {
            e.add(
                Meter::WorkerVm,
                Category::Compute,
                f64::from(l.workers) * HOURS,
                Basis::Total,
                || Describe {
                    component: l.component.clone(),
                    inputs: l.inputs.clone(),
                },
            );
        }
    }
}

/// The AKS Standard-tier control-plane fee for one cluster.
pub(crate) fn aks_fee<E: Emit>(e: &mut E, shared_with_brokers: bool) {
    e.add(
        Meter::AksControlPlane,
        Category::Compute,
        HOURS,
        Basis::Total,
        || Describe {
            component: if shared_with_brokers {
                "AKS Standard-tier control plane (one cluster shared by brokers and Connect workers)"
                    .to_owned()
            } else {
                "AKS Standard-tier control plane (one cluster for the Connect workers)".to_owned()
            },
            inputs: format!("1 cluster × {HOURS_PER_MONTH} h"),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(connectors: serde_json::Value, az: u8) -> ConnectPlan {
        let a = Assessment::from_value(json!({
            "schema_version": 1, "name": "t", "region": "eastus",
            "workload": { "write_mb_per_s": 10, "topics": 4, "partitions": 16 },
            "connectors": connectors,
            "network": { "availability_zones": az }
        }))
        .unwrap();
        ConnectPlan::new(&a)
    }

    #[test]
    fn pools_follow_tasks_throughput_and_minimums() {
        // Shared: 10 tasks vs ceil(9 MB/s ÷ 1.5) = 6 → 10 tasks ÷ 4 = 3 workers (min 3).
        // Isolated: 2 tasks vs ceil(15 ÷ 1.5) = 10 → 10 ÷ 4 = 3 workers.
        let p = plan(
            json!([
                { "name": "a", "class": "x.A", "direction": "sink", "tasks": 6, "mb_per_s": 6 },
                { "name": "b", "class": "x.B", "direction": "source", "tasks": 4, "mb_per_s": 3 },
                { "name": "c", "class": "x.C", "direction": "sink", "tasks": 2, "mb_per_s": 15, "isolated": true }
            ]),
            3,
        );
        assert_eq!(p.pools.len(), 2);
        assert_eq!(
            (
                p.pools[0].tasks,
                p.pools[0].throughput_tasks,
                p.pools[0].workers
            ),
            (10, 6, 3)
        );
        assert_eq!((p.pools[1].throughput_tasks, p.pools[1].workers), (10, 3));
        assert_eq!(p.workers, 6);
        assert_eq!(p.lines.len(), 2);
        assert_eq!(
            p.lines[1].inputs,
            "3 workers [c max(min 3, ceil(max(2 tasks, ceil(15 MB/s ÷ 1.5 MB/s per task) = 10) ÷ 4 tasks/worker)) = 3] × 730 h"
        );
        // One zone: the minimum is 2.
        let p = plan(
            json!([{ "name": "a", "class": "x.A", "direction": "sink", "tasks": 1 }]),
            1,
        );
        assert_eq!(p.workers, 2);
        // No connectors, no pools.
        assert_eq!(plan(json!([]), 3).workers, 0);
    }
}
