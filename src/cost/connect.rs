//! Kafka Connect workers: every option runs them, so every option pays for them.
//!
//! Rules (reference R20): a pool needs `ceil(max(tasks, throughput-equivalent tasks) ÷
//! tasks_per_worker)` workers, where throughput-equivalent tasks = `ceil(MB/s ÷ mb_per_s_per_task)`;
//! at least 2 workers for HA, 3 when spread over 3 zones. Connectors marked `isolated` get their
//! own pool under the same rules. Workers are sized from the connector inventory, not from the
//! scenario-analysis drivers, so they are computed once per assessment.

use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f, push_f, push_u64};
use super::meter::Meter;
use super::units::{HOURS, HOURS_PER_MONTH, ceil_units};
use crate::domain::{Assessment, Assumptions};

/// One worker pool.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pool {
    /// The pool of one connector marked `isolated` (else the shared pool).
    pub isolated: bool,
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
    /// What the workers are, without where they run ("Connect workers (shared pool, …)").
    component: String,
    /// The worker count's derivation, without the time ("3 workers [max(…)]").
    inputs: String,
}

/// The shared pool split over several Connect clusters (one per Event Hubs namespace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClusterSplit {
    /// Task demand of the shared pool: max(tasks, throughput-equivalent tasks).
    pub demand: u32,
    pub min_workers: u32,
    /// Workers the shared pool has as one cluster.
    pub shared_workers: u32,
    /// Workers over all clusters after the split.
    pub total_workers: u32,
    /// `total_workers − shared_workers`.
    pub extra_workers: u32,
}

/// Fewest workers in a pool: 2 for HA, 3 when spread over 3 availability zones.
pub(crate) fn min_workers(availability_zones: u8) -> u32 {
    if availability_zones >= 3 { 3 } else { 2 }
}

impl ConnectPlan {
    pub fn new(a: &Assessment) -> Self {
        let asm: &Assumptions = &a.options.assumptions;
        let min = min_workers(a.network.availability_zones);
        let pool = |isolated: bool, connectors: u32, tasks: u32, mb_per_s: f64| {
            let throughput_tasks = ceil_units(mb_per_s / asm.mb_per_s_per_task);
            let demand = tasks.max(throughput_tasks);
            let workers = min.max(demand.div_ceil(asm.tasks_per_worker.max(1)));
            Pool {
                isolated,
                connectors,
                tasks,
                mb_per_s,
                throughput_tasks,
                min_workers: min,
                workers,
            }
        };
        // The shared pool and one per isolated connector (a few, not the whole inventory).
        let isolated = a.connectors.iter().filter(|c| c.isolated).count();
        let mut pools = Vec::with_capacity(isolated + 1);
        let (mut n, mut tasks, mut mb) = (0u32, 0u32, 0.0);
        for c in a.connectors.iter().filter(|c| !c.isolated) {
            n += 1;
            tasks = tasks.saturating_add(c.tasks);
            mb += c.mb_per_s;
        }
        if n > 0 {
            pools.push(pool(false, n, tasks, mb));
        }
        let mut isolated_names: Vec<&str> = Vec::with_capacity(isolated);
        for c in a.connectors.iter().filter(|c| c.isolated) {
            pools.push(pool(true, 1, c.tasks, c.mb_per_s));
            // As the line has always shown it: a name repeating the old "isolated: " label
            // prefix loses those repeats.
            let mut name = c.name.trim();
            while let Some(rest) = name.strip_prefix("isolated: ") {
                name = rest;
            }
            isolated_names.push(name);
        }
        let mut plan = Self {
            workers: pools.iter().map(|p| p.workers).fold(0, u32::saturating_add),
            pools,
            tasks_per_worker: asm.tasks_per_worker.max(1),
            mb_per_s_per_task: asm.mb_per_s_per_task,
            worker_vm: asm.worker_vm_size.clone(),
            lines: Vec::new(),
        };
        plan.lines = plan.describe(&isolated_names);
        plan
    }

    /// `max(min 3, ceil(max(7 tasks, ceil(4.5 MB/s ÷ 1.5 MB/s per task) = 3) ÷ 4 tasks/worker))`,
    /// appended to `out`; `per_task` is `mb_per_s_per_task` already written.
    fn write_rule(&self, out: &mut String, p: &Pool, per_task: &str) {
        out.push_str("max(min ");
        push_u64(out, p.min_workers.into());
        out.push_str(", ceil(max(");
        push_u64(out, p.tasks.into());
        out.push_str(" tasks, ceil(");
        push_f(out, p.mb_per_s);
        out.push_str(" MB/s ÷ ");
        out.push_str(per_task);
        out.push_str(" MB/s per task) = ");
        push_u64(out, p.throughput_tasks.into());
        out.push_str(") ÷ ");
        push_u64(out, self.tasks_per_worker.into());
        out.push_str(" tasks/worker))");
    }

    /// The lines; `isolated_names` names the isolated pools in order.
    fn describe(&self, isolated_names: &[&str]) -> Vec<PlanLine> {
        let plural = |n: u32, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let per_task = fmt_f(self.mb_per_s_per_task).to_string();
        let mut lines = Vec::new();
        if let Some(p) = self.pools.iter().find(|p| !p.isolated) {
            let mut rule = String::with_capacity(128);
            self.write_rule(&mut rule, p, &per_task);
            lines.push(PlanLine {
                workers: p.workers,
                component: format!(
                    "Connect workers (shared pool, {}, {})",
                    plural(p.connectors, "connector"),
                    plural(p.tasks, "task"),
                ),
                inputs: format!("{} workers [{rule}]", p.workers),
            });
        }
        let isolated = self.pools.iter().filter(|p| p.isolated);
        if !isolated_names.is_empty() {
            let (mut workers, mut tasks) = (0u32, 0u32);
            for p in isolated.clone() {
                workers = workers.saturating_add(p.workers);
                tasks = tasks.saturating_add(p.tasks);
            }
            // Each pool follows the same rule; list every pool so each count stays traceable.
            let mut inputs = String::with_capacity(32 + isolated_names.len() * 128);
            push_u64(&mut inputs, workers.into());
            inputs.push_str(" workers [");
            for (i, (p, name)) in isolated.zip(isolated_names).enumerate() {
                if i > 0 {
                    inputs.push_str("; ");
                }
                inputs.push_str(name);
                inputs.push(' ');
                self.write_rule(&mut inputs, p, &per_task);
                inputs.push_str(" = ");
                push_u64(&mut inputs, p.workers.into());
            }
            inputs.push(']');
            lines.push(PlanLine {
                workers,
                component: format!(
                    "Connect workers ({} isolated pool{}, one per isolated connector, {})",
                    isolated_names.len(),
                    if isolated_names.len() == 1 { "" } else { "s" },
                    plural(tasks, "task"),
                ),
                inputs,
            });
        }
        lines
    }

    /// The shared pool split evenly over `clusters` Connect clusters, each keeping the HA
    /// minimum; `None` without a shared pool.
    pub fn split_shared_pool(&self, clusters: u32) -> Option<ClusterSplit> {
        let p = self.pools.iter().find(|p| !p.isolated)?;
        let clusters = clusters.max(1);
        let demand = p.tasks.max(p.throughput_tasks);
        let per_cluster = p
            .min_workers
            .max(demand.div_ceil(clusters).div_ceil(self.tasks_per_worker));
        let total = per_cluster.saturating_mul(clusters);
        Some(ClusterSplit {
            demand,
            min_workers: p.min_workers,
            shared_workers: p.workers,
            total_workers: total.max(p.workers),
            extra_workers: total.saturating_sub(p.workers),
        })
    }

    /// The workers' lines: the shared pool, then every isolated pool together.
    pub(crate) fn lines(&self) -> impl Iterator<Item = (u32, &str, &str)> {
        self.lines
            .iter()
            .map(|l| (l.workers, l.component.as_str(), l.inputs.as_str()))
    }

    /// Whether no connector is listed (no pool at all).
    pub(crate) fn is_empty(&self) -> bool {
        self.pools.is_empty()
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
            "3 workers [c max(min 3, ceil(max(2 tasks, ceil(15 MB/s ÷ 1.5 MB/s per task) = 10) ÷ 4 tasks/worker)) = 3]"
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
