//! Sizing assumptions. Each has a documented default (and its source); a scenario may
//! override any subset under `options.assumptions`, and every report prints the values used.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The sizing assumptions the cost model and decision engine use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Assumptions {
    /// Throughput one Connect task sustains, MB/s. Default 1.5 (Redpanda rule of thumb: 1–2 MB/s per task).
    pub mb_per_s_per_task: f64,
    /// Connect tasks one worker runs. Default 4 (about 1 vCPU + 4 GiB per task, the MSK Connect MCU, on a 4 vCPU / 16 GiB worker).
    pub tasks_per_worker: u32,
    /// VM size of a Connect worker. Default `D4s_v5` (4 vCPU / 16 GiB).
    pub worker_vm_size: String,
    /// VM size of a self-managed Kafka broker. Default `D8s_v5` (8 vCPU / 32 GiB; Microsoft's AKS guide: D8ds for 1–3 brokers per node).
    pub broker_vm_size: String,
    /// Deprecated and ignored: brokers are now sized by the write-equivalent method
    /// (`broker_mb_per_s_per_vcpu`, `broker_target_cpu_percent`). Accepted so older scenarios
    /// load; never written back.
    #[serde(skip_serializing)]
    pub broker_write_mb_per_s: f64,
    /// Write-equivalent MB/s one broker vCPU handles. Default 20 (Google Cloud, "Plan the size of
    /// your Managed Service for Apache Kafka cluster": write-equivalent = produce × replicas +
    /// (consume + produce × (replicas − 1)) ÷ 4, about 20 MBps per vCPU; read 2026-11-30).
    pub broker_mb_per_s_per_vcpu: f64,
    /// Target average broker CPU utilisation, percent. Default 50 (the same Google method's
    /// baseline); at the peak, utilisation may reach 100%, so vCPUs = max(average ÷ target,
    /// peak ÷ 100%).
    pub broker_target_cpu_percent: f64,
    /// Partition replicas one broker carries. Default 2,000 (MSK guidance for 2–8 vCPU brokers; KIP-578 ceiling 4,000).
    pub max_partition_replicas_per_broker: u32,
    /// Replication factor of data topics on self-managed Kafka. Default 3.
    pub replication_factor: u32,
    /// Free disk kept above retained data, percent. Default 30 (never run a Kafka disk above ~70%).
    pub disk_headroom_percent: f64,
    /// Largest data disk per broker, GiB: more data adds brokers. Default 8,192 (production
    /// guides run 8–16 TB per broker, e.g. Confluent's "12 × 1 TB" disks per broker; Premium SSD v2
    /// itself allows 64 TiB). A sizing choice, not an Azure limit.
    pub max_disk_gib_per_broker: u32,
    /// Dedicated KRaft controllers. Default 3 (tolerates one failure).
    pub kraft_controllers: u32,
    /// VM size of a KRaft controller. Default `D4s_v5`.
    pub controller_vm_size: String,
    /// Consumers use fetch-from-follower (KIP-392), so reads stay in their zone. Default false.
    pub fetch_from_follower: bool,
    /// Ingress one Event Hubs Premium processing unit sustains, MB/s. Default 5 (third-party rule of thumb 5–10; low confidence).
    pub premium_pu_ingress_mb_per_s: f64,
    /// Ingress one Event Hubs Dedicated capacity unit sustains, MB/s. Default 100 (Microsoft benchmark: 4 CUs, 400 MB/s).
    pub dedicated_cu_ingress_mb_per_s: f64,
    /// Bill the "Standard Kafka Endpoint" meter (unverified whether it is charged). Default false.
    pub bill_kafka_endpoint_meter: bool,
    /// Produce MB/s one stateless object-storage broker handles. Default 60 (no replication traffic on the broker).
    pub object_storage_broker_write_mb_per_s: f64,
    /// Size of one object written to Blob storage, MB. Default 8.
    pub object_storage_object_mb: f64,
    /// Write-ahead-log disk per object-storage broker, GiB. Default 10 (AutoMQ: 10 GiB gives ~120 MiB/s).
    pub object_storage_wal_gib: u32,
    /// Share of consumer reads the object-storage platform fetches from Blob (GET operations)
    /// rather than serving from broker cache, percent. Default 100: a deliberate upper bound,
    /// since no source quantifies the cache hit rate (AutoMQ serves tail reads from memory).
    pub object_storage_blob_read_percent: f64,
    /// AutoMQ BYOC licence per month (its prepaid AKU licence, as a monthly amount), scenario
    /// currency. AutoMQ publishes no Azure price (usage billing is AWS only), so it is the
    /// user's figure; 0 (the default) leaves the AutoMQ BYOC licence line unpriced. Scenarios
    /// saved before vendor profiles existed used it for "the commercial build".
    pub object_storage_subscription_per_month: f64,
    /// Hours of data the tiered-storage variant keeps on broker disks before it lives only in
    /// Blob (`local.retention.ms`, KIP-405). Default 24.
    pub tiered_local_retention_hours: u32,
    /// Share of consumer reads the tiered-storage variant serves from Blob (catch-up and
    /// replays older than the local retention), percent. Default 10: tail readers, Connect sinks
    /// included, read local segments.
    pub tiered_remote_read_percent: f64,
    /// Block size of Blob uploads and reads by the tiered-storage plugin, MiB. Default 5
    /// (Aiven tiered-storage-for-apache-kafka, `azure.upload.block.size` default 5 MiB).
    pub tiered_block_mib: f64,
    /// Inter-availability-zone transfer price per GB, each direction, in the scenario currency.
    /// Absent: the catalog's rate (0 in Azure today: "Azure doesn't charge for data transfer
    /// between availability zones", Microsoft Learn availability-zones-overview, 2025-08-01).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inter_zone_price_per_gb: Option<f64>,
    /// Log Analytics data ingested per VM or AKS node per month, GB (monitoring). Default 2:
    /// our estimate for Container insights / Azure Monitor Agent with Kafka and Connect JMX
    /// metrics at a 1-minute interval; low confidence, swung in the sensitivity ranking.
    pub monitoring_gb_per_node_month: f64,
    /// AKS system node pool nodes (CoreDNS, metrics server, konnectivity). Default 3, Microsoft's
    /// production recommendation for system node pools.
    pub aks_system_nodes: u32,
    /// VM size of an AKS system node. Default `D4s_v5` (Microsoft: at least 4 vCPUs for production system pools).
    pub aks_system_node_vm_size: String,
    /// A vendor's managed Connect, price per task-hour in the scenario currency. Absent: the
    /// runtime is shown unpriced (Confluent bills `CONNECT_NUM_TASKS` per task-hour but renders
    /// its rates client-side; AutoMQ and Aiven publish no Connect rates for Azure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_connect_per_task_hour: Option<f64>,
    /// A vendor's managed Connect, price per GB read or written (`CONNECT_THROUGHPUT`), in the
    /// scenario currency. Absent: that line is unpriced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_connect_per_gb: Option<f64>,
    /// Key Vault secret reads per self-run Connect worker per month. Default 1,000: our
    /// estimate for a worker resolving its connectors' secrets (Kafka's config providers,
    /// KIP-297) at each start, rebalance and credential rotation; low confidence, swung from a
    /// tenth to ten times it (a config-provider TTL of minutes reaches the high end).
    pub key_vault_reads_per_worker_month: f64,
    /// Redpanda BYOC subscription per month, scenario currency: Redpanda prices BYOC by usage
    /// tier in a quote, not on a public page. Absent: the subscription line is unpriced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redpanda_byoc_per_month: Option<f64>,
    /// Uncompressed bytes per byte written (the producers' compression ratio). WarpStream
    /// bills uncompressed GiB written and stored, while `workload.write_mb_per_s` is after
    /// compression. Default 1 (no compression): set your codec's measured ratio.
    pub uncompressed_ratio: f64,
}

impl Default for Assumptions {
    fn default() -> Self {
        Self {
            mb_per_s_per_task: 1.5,
            tasks_per_worker: 4,
            worker_vm_size: "D4s_v5".to_owned(),
            broker_vm_size: "D8s_v5".to_owned(),
            broker_write_mb_per_s: 25.0,
            broker_mb_per_s_per_vcpu: 20.0,
            broker_target_cpu_percent: 50.0,
            max_partition_replicas_per_broker: 2_000,
            replication_factor: 3,
            disk_headroom_percent: 30.0,
            max_disk_gib_per_broker: 8_192,
            kraft_controllers: 3,
            controller_vm_size: "D4s_v5".to_owned(),
            fetch_from_follower: false,
            premium_pu_ingress_mb_per_s: 5.0,
            dedicated_cu_ingress_mb_per_s: 100.0,
            bill_kafka_endpoint_meter: false,
            object_storage_broker_write_mb_per_s: 60.0,
            object_storage_object_mb: 8.0,
            object_storage_wal_gib: 10,
            object_storage_blob_read_percent: 100.0,
            object_storage_subscription_per_month: 0.0,
            tiered_local_retention_hours: 24,
            tiered_remote_read_percent: 10.0,
            tiered_block_mib: 5.0,
            inter_zone_price_per_gb: None,
            monitoring_gb_per_node_month: 2.0,
            aks_system_nodes: 3,
            aks_system_node_vm_size: "D4s_v5".to_owned(),
            managed_connect_per_task_hour: None,
            managed_connect_per_gb: None,
            key_vault_reads_per_worker_month: 1_000.0,
            redpanda_byoc_per_month: None,
            uncompressed_ratio: 1.0,
        }
    }
}

/// vCPUs of an Azure VM size from its name: the number after the family letters
/// (`D8s_v5` → 8, `Standard_E16ds_v5` → 16, `DC4s_v3` → 4), per Azure's VM naming convention
/// (Microsoft Learn, `vm-naming-conventions`). `None` when the name carries no number there.
pub fn vm_vcpus(size: &str) -> Option<u32> {
    let name = size.strip_prefix("Standard_").unwrap_or(size);
    let digits: String = name
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::vm_vcpus;

    #[test]
    fn vcpus_come_from_the_size_name() {
        assert_eq!(vm_vcpus("D8s_v5"), Some(8));
        assert_eq!(vm_vcpus("Standard_E16ds_v5"), Some(16));
        assert_eq!(vm_vcpus("DC4s_v3"), Some(4));
        assert_eq!(vm_vcpus("L80s_v3"), Some(80));
        assert_eq!(vm_vcpus("Standard_"), None);
        assert_eq!(vm_vcpus("D0s_v5"), None);
    }
}
