//! The assumptions an estimate used, with what each means, for display next to the numbers.

use serde::Serialize;
use serde_json::Value;

use super::units::HOURS_PER_MONTH;
use crate::domain::{Assessment, Named};

/// One assumption and the value this estimate used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssumptionUsed {
    /// Field name under `options.assumptions` (or `options.*` / `model.*`).
    pub name: String,
    pub value: Value,
    pub description: String,
}

/// What each field of [`crate::domain::Assumptions`] means (kept next to the names so a
/// test can prove every field is described).
const DESCRIPTIONS: &[(&str, &str)] = &[
    (
        "mb_per_s_per_task",
        "Throughput one Connect task sustains, MB/s (Redpanda rule of thumb: 1–2 MB/s).",
    ),
    ("tasks_per_worker", "Connect tasks one worker runs."),
    ("worker_vm_size", "VM size of a Connect worker."),
    (
        "broker_vm_size",
        "VM size of a Kafka broker (self-managed and object-storage platforms).",
    ),
    (
        "broker_mb_per_s_per_vcpu",
        "Write-equivalent MB/s one broker vCPU handles (Google Cloud's Kafka sizing method: ~20).",
    ),
    (
        "broker_target_cpu_percent",
        "Target average broker CPU, percent (Google's baseline 50%; the peak may reach 100%).",
    ),
    (
        "max_partition_replicas_per_broker",
        "Partition replicas one broker carries (MSK guidance; KIP-578 ceiling 4,000).",
    ),
    (
        "replication_factor",
        "Replication factor of data topics on self-managed Kafka.",
    ),
    (
        "disk_headroom_percent",
        "Free disk kept above retained data, percent.",
    ),
    (
        "max_disk_gib_per_broker",
        "Largest data disk per broker, GiB; more data adds brokers (production guides: 8–16 TB).",
    ),
    ("kraft_controllers", "Dedicated KRaft controllers."),
    ("controller_vm_size", "VM size of a KRaft controller."),
    (
        "fetch_from_follower",
        "Consumers read from a replica in their own zone (KIP-392), so reads do not cross zones.",
    ),
    (
        "premium_pu_ingress_mb_per_s",
        "Ingress one Event Hubs Premium PU sustains, MB/s; egress twice that (Microsoft: ~5–10 MB/s in, 10–20 out).",
    ),
    (
        "dedicated_cu_ingress_mb_per_s",
        "Ingress one Event Hubs Dedicated CU sustains, MB/s; egress twice that (Microsoft benchmark: 4 CU, 400 MB/s in, 800 out).",
    ),
    (
        "bill_kafka_endpoint_meter",
        "Price the \"Standard Kafka Endpoint\" meter (unverified whether it is billed).",
    ),
    (
        "object_storage_broker_write_mb_per_s",
        "Produce MB/s one stateless object-storage broker handles.",
    ),
    (
        "object_storage_object_mb",
        "Size of one object written to Blob storage, MB (drives PUT and GET counts).",
    ),
    (
        "object_storage_wal_gib",
        "Write-ahead-log disk per object-storage broker, GiB.",
    ),
    (
        "object_storage_blob_read_percent",
        "Share of consumer reads fetched from Blob rather than broker cache, percent (100 = upper bound).",
    ),
    (
        "object_storage_subscription_per_month",
        "Subscription or support fee of the object-storage platform per month.",
    ),
    (
        "tiered_local_retention_hours",
        "Hours the tiered-storage variant keeps on broker disks (local.retention.ms); the rest lives in Blob.",
    ),
    (
        "tiered_remote_read_percent",
        "Share of consumer reads the tiered-storage variant serves from Blob, percent.",
    ),
    (
        "tiered_block_mib",
        "Blob block size of the tiered-storage plugin's uploads and reads, MiB (Aiven default 5).",
    ),
    (
        "inter_zone_price_per_gb",
        "Inter-availability-zone transfer price per GB, each direction (absent: the catalog's rate, 0 in Azure today).",
    ),
    (
        "monitoring_gb_per_node_month",
        "Log Analytics data per VM or AKS node per month, GB (our estimate; low confidence).",
    ),
    (
        "aks_system_nodes",
        "AKS system node pool nodes (Microsoft recommends at least 3 for production).",
    ),
    ("aks_system_node_vm_size", "VM size of an AKS system node."),
    (
        "redpanda_byoc_per_month",
        "Redpanda BYOC subscription per month (no public price; absent: the line is unpriced).",
    ),
    (
        "uncompressed_ratio",
        "Uncompressed bytes per byte written: WarpStream bills uncompressed GiB written and stored.",
    ),
    (
        "key_vault_reads_per_worker_month",
        "Key Vault secret reads per self-run Connect worker per month (starts, rebalances, rotations; our estimate, low confidence).",
    ),
];

/// Every assumption of the assessment, then the options and model constants that shape cost.
pub(crate) fn list(a: &Assessment) -> Vec<AssumptionUsed> {
    let mut out = Vec::new();
    if let Ok(Value::Object(fields)) = serde_json::to_value(&a.options.assumptions) {
        for (name, value) in fields {
            let description = DESCRIPTIONS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("", |(_, d)| d)
                .to_owned();
            out.push(AssumptionUsed {
                name,
                value,
                description,
            });
        }
    }
    let o = &a.options;
    let mut push = |name: &str, value: Value, description: &str| {
        out.push(AssumptionUsed {
            name: name.to_owned(),
            value,
            description: description.to_owned(),
        });
    };
    push(
        "options.commitment",
        Value::from(o.commitment.key()),
        "How VMs are bought; a reservation price replaces pay-as-you-go where the catalog has one.",
    );
    push(
        "options.discount_percent",
        serde_json::to_value(o.discount_percent.to_string()).unwrap_or(Value::Null),
        "Negotiated discount applied to every catalog-priced line.",
    );
    push(
        "options.connect_runtime",
        Value::from(o.connect_runtime.key()),
        "Where Connect workers (and self-managed brokers) run; AKS adds one Standard-tier control-plane fee.",
    );
    push(
        "options.event_hubs_capture",
        Value::Bool(o.event_hubs_capture),
        "Event Hubs Capture enabled (billed per TU-hour on Standard; included in Premium and Dedicated).",
    );
    push(
        "model.hours_per_month",
        Value::from(HOURS_PER_MONTH),
        "Hours in a billing month (8,760 ÷ 12).",
    );
    push(
        "model.event_hubs_tu_capacity",
        Value::from(
            "1 MB/s or 1,000 events/s in; 2 MB/s or 4,096 events/s out; 84 GB included; max 40 per namespace",
        ),
        "Microsoft compare-tiers.md quota table.",
    );
    push(
        "model.event_hubs_event_billing_unit_bytes",
        Value::from(super::event_hubs::EVENT_BILLING_BYTES),
        "Ingress events are billed in 64 KB units.",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_assumption_field_is_described() {
        let Ok(Value::Object(fields)) = serde_json::to_value(crate::domain::Assumptions::default())
        else {
            panic!("assumptions serialise to an object")
        };
        for name in fields.keys() {
            assert!(
                DESCRIPTIONS.iter().any(|(n, _)| n == name),
                "assumption {name} has no description"
            );
        }
    }
}
