//! Network lines every option carries: VNet peering, internet egress and cross-region
//! replication, from the volumes the scenario states (they do not depend on the platform).

use super::ctx::SizingCtx;
use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::Meter;

pub(crate) fn network<E: Emit>(ctx: &SizingCtx, e: &mut E) {
    let n = &ctx.network;
    if n.vnet_peering_gb_per_month > 0.0 {
        let gb = n.vnet_peering_gb_per_month;
        // Peering is billed twice: outbound from one VNet and inbound to the other.
        e.add(
            Meter::VnetPeeringOut,
            Category::Network,
            gb,
            Basis::Total,
            || Describe {
                component: "VNet peering, outbound".to_owned(),
                inputs: format!("{} GB", fmt_f(gb)),
            },
        );
        e.add(
            Meter::VnetPeeringIn,
            Category::Network,
            gb,
            Basis::Total,
            || Describe {
                component: "VNet peering, inbound".to_owned(),
                inputs: format!("{} GB", fmt_f(gb)),
            },
        );
    }
    if n.internet_egress_gb_per_month > 0.0 {
        let gb = n.internet_egress_gb_per_month;
        e.add(
            Meter::InternetEgress,
            Category::Network,
            gb,
            Basis::Total,
            || Describe {
                component: "Internet egress (first 100 GB per month free)".to_owned(),
                inputs: format!("{} GB", fmt_f(gb)),
            },
        );
    }
    if n.cross_region_replication_gb_per_month > 0.0 {
        let gb = n.cross_region_replication_gb_per_month;
        e.add(
            Meter::InterRegion,
            Category::Network,
            gb,
            Basis::Total,
            || Describe {
                component: "Cross-region replication traffic".to_owned(),
                inputs: format!("{} GB", fmt_f(gb)),
            },
        );
    }
}
