//! What sizing reads: the drivers scenario analysis varies ([`Drivers`]) and everything else
//! copied out of the assessment once ([`SizingCtx`]). Apart from [`super::model`] so the
//! sizing modules (Event Hubs, self-managed, object storage, Connect, network) depend on it
//! and not on the model that calls them.

use super::connect::ConnectPlan;
use super::units::non_negative;
use crate::domain::{Assessment, Assumptions, ConnectRuntime, Network};

/// The inputs scenario analysis varies. Everything else comes from the assessment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drivers {
    /// Average produce rate, MB/s.
    pub write_mb_per_s: f64,
    /// Consumer groups reading each byte.
    pub read_fanout: f64,
    /// Retention of data topics, hours.
    pub retention_hours: f64,
    /// Ingress one Event Hubs Premium processing unit sustains, MB/s; egress is twice that
    /// (Microsoft: "~5–10 MB/s ingress and 10–20 MB/s egress" per PU).
    pub pu_ingress_mb_per_s: f64,
    /// Ingress one Event Hubs Dedicated capacity unit sustains, MB/s; egress is twice that
    /// (Microsoft's benchmark: 4 CU, 400 MB/s in, 800 MB/s out).
    pub cu_ingress_mb_per_s: f64,
}

impl Drivers {
    /// The drivers as the assessment states them.
    pub fn of(a: &Assessment) -> Self {
        let asm = &a.options.assumptions;
        Self {
            write_mb_per_s: a.workload.write_mb_per_s,
            read_fanout: a.workload.read_fanout,
            retention_hours: f64::from(a.workload.retention_hours),
            pu_ingress_mb_per_s: asm.premium_pu_ingress_mb_per_s,
            cu_ingress_mb_per_s: asm.dedicated_cu_ingress_mb_per_s,
        }
    }

    /// NaN and negative values become 0, unit capacities at least a hair above 0 (the fast
    /// path takes unvalidated samples).
    pub(crate) fn sanitised(&self) -> Self {
        let capacity = |x: f64| non_negative(x).max(1e-9);
        Self {
            write_mb_per_s: non_negative(self.write_mb_per_s),
            read_fanout: non_negative(self.read_fanout),
            retention_hours: non_negative(self.retention_hours),
            pu_ingress_mb_per_s: capacity(self.pu_ingress_mb_per_s),
            cu_ingress_mb_per_s: capacity(self.cu_ingress_mb_per_s),
        }
    }
}

/// Everything sizing needs from the assessment, copied out once.
#[derive(Debug, Clone)]
pub(crate) struct SizingCtx {
    pub peak_to_average: f64,
    pub avg_record_bytes: f64,
    pub avg_record_bytes_u32: u32,
    pub az: u8,
    pub topics_needed: u32,
    pub partitions_needed: u32,
    /// Share of the write rate the busiest topic carries (its partitions ÷ data partitions):
    /// a topic lives in one namespace, so this share must fit in one.
    pub busiest_topic_share: f64,
    /// Connect sink connectors' reads, MB/s (average), on top of the read fan-out.
    pub sink_mb_per_s: f64,
    /// Connectors' MB/s to internet SaaS and other clouds (through the load balancer).
    pub external_mb_per_s: f64,
    /// Connectors whose system is on-premises (they need the gateway).
    pub on_premises_connectors: usize,
    /// A standby platform in a second region is required (`team.cross_region_dr`).
    pub cross_region_dr: bool,
    pub assumptions: Assumptions,
    pub capture: bool,
    pub private_link: bool,
    pub runtime: ConnectRuntime,
    pub network: Network,
    pub connect: ConnectPlan,
}

impl SizingCtx {
    /// Average MB/s read from the platform: the read fan-out's consumer groups plus the Connect
    /// sink connectors.
    pub fn consumed_mb_per_s(&self, d: &Drivers) -> f64 {
        d.write_mb_per_s * d.read_fanout + self.sink_mb_per_s
    }
}
