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
    /// Produce MB/s one self-managed broker handles as partition leader, before replication. Default 25
    /// (GCP method: 20 MB/s per vCPU at 50% target utilisation, 8 vCPU, write-equivalent of RF 3 and one reader).
    pub broker_write_mb_per_s: f64,
    /// Partition replicas one broker carries. Default 2,000 (MSK guidance for 2–8 vCPU brokers; KIP-578 ceiling 4,000).
    pub max_partition_replicas_per_broker: u32,
    /// Replication factor of data topics on self-managed Kafka. Default 3.
    pub replication_factor: u32,
    /// Free disk kept above retained data, percent. Default 30 (never run a Kafka disk above ~70%).
    pub disk_headroom_percent: f64,
    /// Largest data disk per broker, GiB. Default 4,096 (Microsoft AKS guide, large cluster starting point).
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
    /// Subscription or support fee for the object-storage platform per month, scenario currency. Default 0 (open source).
    pub object_storage_subscription_per_month: f64,
}

impl Default for Assumptions {
    fn default() -> Self {
        Self {
            mb_per_s_per_task: 1.5,
            tasks_per_worker: 4,
            worker_vm_size: "D4s_v5".to_owned(),
            broker_vm_size: "D8s_v5".to_owned(),
            broker_write_mb_per_s: 25.0,
            max_partition_replicas_per_broker: 2_000,
            replication_factor: 3,
            disk_headroom_percent: 30.0,
            max_disk_gib_per_broker: 4_096,
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
        }
    }
}
