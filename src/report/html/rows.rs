//! Rows of the report page's tables: cost lines, sizing facts, Connect runtimes.

use rust_decimal::Decimal;

use super::{LineRow, ReasonRow, effect_label, money, quantity, verdict_label};
use crate::cost::CostLine;
use crate::domain::Labelled;

/// One runtime for one option in the report's runtime table.
pub struct RuntimeTableRow {
    pub option: &'static str,
    /// True on the option's first row (the chosen runtime), which names the option.
    pub first: bool,
    pub span: usize,
    pub runtime: &'static str,
    pub verdict: &'static str,
    pub verdict_class: &'static str,
    pub cost: String,
    pub reasons: Vec<ReasonRow>,
}

/// The runtime table rows of a report: per option, the chosen runtime, then the others.
pub(super) fn runtime_rows(report: &crate::report::Report) -> Vec<RuntimeTableRow> {
    let mut rows = Vec::new();
    for o in report.estimate.connect_runtimes.iter() {
        let chosen = o.runtimes.iter().filter(|r| r.runtime == o.chosen);
        let others = o.runtimes.iter().filter(|r| r.runtime != o.chosen);
        for (i, r) in chosen.chain(others).enumerate() {
            let (verdict, verdict_class) = verdict_label(Some(r.verdict));
            rows.push(RuntimeTableRow {
                option: o.option.label(),
                first: i == 0,
                span: o.runtimes.len(),
                runtime: r.label,
                verdict,
                verdict_class,
                cost: r
                    .monthly_cost
                    .map_or_else(|| "not priced".to_owned(), money),
                reasons: r
                    .reasons
                    .iter()
                    .map(|x| {
                        let (effect, effect_class) = effect_label(x.effect);
                        ReasonRow {
                            rule: x.rule.to_owned(),
                            effect,
                            effect_class,
                            message: format!("{} (read {})", x.message, x.read_on),
                            source: x.source.to_owned(),
                        }
                    })
                    .collect(),
            });
        }
    }
    rows
}

pub(super) fn line_row(l: &CostLine) -> LineRow {
    let category = l.category.label();
    let pr = l.price_ref.as_deref();
    LineRow {
        component: l.component.clone(),
        category,
        quantity: quantity(l.quantity),
        unit: l.unit.to_string(),
        unit_price: l
            .unit_price
            .map_or_else(|| "—".to_owned(), |p| p.normalize().to_string()),
        monthly_cost: money(l.monthly_cost),
        formula: l.formula.to_string(),
        price_row: pr.map_or_else(String::new, |p| {
            let id = if p.meter_id.is_empty() {
                String::new()
            } else {
                format!(" · meter id {}", p.meter_id)
            };
            format!(
                "{} · {} · {} · {} · from {}{id}",
                p.catalog, p.meter, p.region, p.price_type, p.effective_date
            )
        }),
        price_source: pr.map_or_else(String::new, |p| p.source.clone()),
        confidence: pr
            .and_then(|p| p.confidence)
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        flag: l.flag.clone().unwrap_or_default(),
    }
}

/// Human labels (with units) for the sizing facts an option reports.
const SIZING_LABELS: &[(&str, &str)] = &[
    ("peak_write_mb_per_s", "Peak write, MB/s"),
    ("retained_gb", "Data retained, GB (one copy)"),
    ("throughput_units", "Throughput units"),
    ("throughput_units_needed", "Throughput units the load needs"),
    (
        "ingress_million_events_per_month",
        "Ingress events, millions per month",
    ),
    ("processing_units", "Processing units"),
    (
        "processing_units_needed",
        "Processing units the load needs (before rounding to sizes)",
    ),
    ("capacity_units", "Capacity units"),
    ("namespaces", "Namespaces (or clusters)"),
    ("storage_above_included_gb", "Storage above included, GB"),
    ("brokers", "Brokers"),
    ("kraft_controllers", "KRaft controllers"),
    ("disk_gib_per_broker", "Data disk per broker, GiB"),
    ("disk_gib_total", "Data disk in total, GiB"),
    ("disk_iops_per_broker", "Disk IOPS per broker"),
    (
        "disk_mb_per_s_per_broker",
        "Disk throughput per broker, MB/s",
    ),
    (
        "cross_zone_gb_per_month",
        "Cross-zone traffic, GB per month",
    ),
    ("wal_gib_per_broker", "Write-ahead log per broker, GiB"),
    ("blob_gb", "Blob capacity, GB"),
    ("blob_put_per_month", "Blob writes per month"),
    ("blob_get_per_month", "Blob reads per month"),
    ("connect_workers", "Connect workers"),
    (
        "extra_connect_workers",
        "Connect workers added by one Connect cluster per namespace",
    ),
    ("vms", "VMs and AKS nodes (OS disks, monitoring)"),
    ("connect_pools", "Connect worker pools"),
    ("aks_clusters", "AKS clusters"),
    ("private_endpoints", "Private endpoints"),
];

pub(super) fn sizing_facts(s: &crate::cost::Sizing) -> Vec<(String, String)> {
    // The sizing struct's JSON is the one place that knows which facts an option has.
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(s) else {
        return vec![];
    };
    map.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let label = SIZING_LABELS
                .iter()
                .find(|(key, _)| *key == k)
                .map_or_else(|| k.replace('_', " "), |(_, l)| (*l).to_owned());
            let value = match v {
                serde_json::Value::Number(n) => n
                    .as_f64()
                    .and_then(Decimal::from_f64_retain)
                    .map_or_else(|| n.to_string(), |d| quantity(d.round_dp(2))),
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (label, value)
        })
        .collect()
}
