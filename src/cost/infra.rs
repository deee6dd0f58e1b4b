//! What every option needs around its platform, priced for every option alike: OS disks on
//! each VM and node, the AKS cluster's control plane, system node pool and load balancer,
//! monitoring, the link to on-premises systems, and how clients in another VNet reach the
//! platform.

use super::ctx::{Drivers, SizingCtx};
use super::emit::{Basis, Describe, Emit};
use super::line::{Category, fmt_f};
use super::meter::{Meter, OS_DISK_TIER};
use super::units::{HOURS, HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH};
use crate::domain::{ClientLocation, Egress, OnPremisesLink};

/// The AKS cluster fixed costs: Standard-tier control plane and the system node pool.
/// Returns the system nodes (they need OS disks and monitoring too).
pub(crate) fn aks_cluster<E: Emit>(ctx: &SizingCtx, shared_with_brokers: bool, e: &mut E) -> u32 {
    super::connect::aks_fee(e, shared_with_brokers);
    let a = &ctx.assumptions;
    let nodes = a.aks_system_nodes;
    e.add(
        Meter::AksSystemNodeVm,
        Category::Compute,
        f64::from(nodes) * HOURS,
        Basis::Total,
        || Describe {
            component: format!("AKS system node pool on {}", a.aks_system_node_vm_size),
            inputs: format!("{nodes} node(s) × {HOURS_PER_MONTH} h"),
        },
    );
    nodes
}

/// One Standard Load Balancer: the outbound path of the Connect workers (AKS creates one
/// per cluster; VMs need explicit outbound since Azure retired default outbound access), and
/// the data it processes for connectors whose systems sit outside Azure's private network.
/// Traffic to Azure PaaS through service or private endpoints does not pass its
/// data-processing meter, so Azure-hosted systems add nothing here.
fn load_balancer<E: Emit>(ctx: &SizingCtx, e: &mut E) {
    e.add(
        Meter::LoadBalancer,
        Category::Network,
        HOURS,
        Basis::Total,
        || Describe {
            component: "Standard Load Balancer (outbound rules for the Connect workers)".to_owned(),
            inputs: format!("1 load balancer × {HOURS_PER_MONTH} h"),
        },
    );
    let external = ctx.external_mb_per_s;
    if external > 0.0 {
        let gb = external * SECONDS_PER_MONTH / MB_PER_GB;
        e.add(
            Meter::LoadBalancerData,
            Category::Network,
            gb,
            Basis::Total,
            || Describe {
                component:
                    "Load Balancer data processed (connectors to internet SaaS and other clouds)"
                        .to_owned(),
                inputs: format!("{} MB/s × 2,628,000 s ÷ 1,000", fmt_f(external)),
            },
        );
    }
}

/// The Connect workers' outbound path, by the scenario's `network.egress`: the load
/// balancer's outbound rules, or a NAT Gateway with its public IP (controlled egress). Either
/// way the data to systems outside Azure's private network is metered once, on that path.
pub(crate) fn egress<E: Emit>(ctx: &SizingCtx, e: &mut E) {
    match ctx.network.egress {
        Egress::LoadBalancer => load_balancer(ctx, e),
        Egress::NatGateway => nat_gateway(ctx, e),
    }
}

/// A NAT Gateway for the workers' subnet: gateway hours, its Standard static public IP, and
/// the data it processes for connectors whose systems are on the internet or another cloud.
/// It replaces the load balancer's outbound rules (AKS `outboundType: managedNATGateway`
/// creates no outbound load balancer), so no load-balancer line is written alongside it.
fn nat_gateway<E: Emit>(ctx: &SizingCtx, e: &mut E) {
    e.add(Meter::NatGateway, Category::Network, HOURS, Basis::Total, || {
        Describe {
            component: "NAT Gateway (controlled egress for the Connect workers, network.egress = nat_gateway)".to_owned(),
            inputs: format!("1 gateway × {HOURS_PER_MONTH} h"),
        }
    });
    e.add(
        Meter::PublicIp,
        Category::Network,
        HOURS,
        Basis::Total,
        || Describe {
            component:
                "Standard static public IP of the NAT Gateway (the address SaaS allow-lists name)"
                    .to_owned(),
            inputs: format!("1 IP × {HOURS_PER_MONTH} h"),
        },
    );
    let external = ctx.external_mb_per_s;
    if external > 0.0 {
        let gb = external * SECONDS_PER_MONTH / MB_PER_GB;
        e.add(
            Meter::NatGatewayData,
            Category::Network,
            gb,
            Basis::Total,
            || Describe {
                component:
                    "NAT Gateway data processed (connectors to internet SaaS and other clouds)"
                        .to_owned(),
                inputs: format!("{} MB/s × 2,628,000 s ÷ 1,000", fmt_f(external)),
            },
        );
    }
}

/// Key Vault secret reads of the self-run Connect workers (config providers resolving
/// connector credentials at start, rebalance and rotation).
pub(crate) fn key_vault<E: Emit>(ctx: &SizingCtx, workers: u32, e: &mut E) {
    if workers == 0 {
        return;
    }
    let per = ctx.assumptions.key_vault_reads_per_worker_month;
    let reads = f64::from(workers) * per;
    // Grouped with the workers it serves: the line categories have no security group.
    e.add(
        Meter::KeyVaultOperations,
        Category::Compute,
        reads / 10_000.0,
        Basis::Total,
        || Describe {
            component: "Key Vault secret operations (Connect workers reading connector secrets)"
                .to_owned(),
            inputs: format!(
                "{workers} worker(s) × {} reads per month (assumption key_vault_reads_per_worker_month) = {} reads ÷ 10,000",
                fmt_f(per),
                fmt_f(reads)
            ),
        },
    );
}

/// One OS disk per VM and node; `what` names them (called only when itemising).
pub(crate) fn os_disks<E: Emit>(vms: u32, what: impl FnOnce() -> String, e: &mut E) {
    if vms == 0 {
        return;
    }
    e.add(
        Meter::OsDisk,
        Category::Storage,
        f64::from(vms),
        Basis::Total,
        || Describe {
            component: format!(
                "OS disks (Premium SSD {OS_DISK_TIER} LRS, 128 GiB) for {}",
                what()
            ),
            inputs: format!("{vms} disk(s) × 1 month"),
        },
    );
}

/// Log Analytics ingestion from a per-node volume assumption.
pub(crate) fn monitoring<E: Emit>(ctx: &SizingCtx, nodes: u32, e: &mut E) {
    if nodes == 0 {
        return;
    }
    let per = ctx.assumptions.monitoring_gb_per_node_month;
    e.add(
        Meter::LogAnalyticsIngestion,
        Category::Monitoring,
        f64::from(nodes) * per,
        Basis::Total,
        || Describe {
            component: "Monitoring: Log Analytics ingestion (VMs and nodes; the first 5 GB per billing account and month are free)".to_owned(),
            inputs: format!(
                "{nodes} VM(s)/node(s) × {} GB per month (assumption monitoring_gb_per_node_month)",
                fmt_f(per)
            ),
        },
    );
}

/// The gateway to on-premises systems, when any connector's system is there. The same for
/// every option, so every option carries it.
pub(crate) fn on_premises_link<E: Emit>(ctx: &SizingCtx, e: &mut E) {
    let on_prem = ctx.on_premises_connectors;
    if on_prem == 0 {
        return;
    }
    match ctx.network.on_premises_link {
        OnPremisesLink::Vpn => {
            e.add(
                Meter::VpnGateway,
                Category::Network,
                HOURS,
                Basis::Total,
                || Describe {
                    component: format!(
                        "VPN gateway (VpnGw1AZ, zone-redundant) for {on_prem} on-premises connector(s)"
                    ),
                    inputs: format!("1 gateway × {HOURS_PER_MONTH} h"),
                },
            );
            e.add(
                Meter::VpnConnection,
                Category::Network,
                HOURS,
                Basis::Total,
                || Describe {
                    component: "VPN site-to-site connection".to_owned(),
                    inputs: format!("1 connection × {HOURS_PER_MONTH} h"),
                },
            );
        }
        OnPremisesLink::Expressroute => {
            e.add(
                Meter::ExpressRouteGateway,
                Category::Network,
                HOURS,
                Basis::Total,
                || Describe {
                    component: format!(
                        "ExpressRoute gateway (ErGw1AZ, zone-redundant) for {on_prem} on-premises connector(s)"
                    ),
                    inputs: format!("1 gateway × {HOURS_PER_MONTH} h"),
                },
            );
            e.note(|| "The ExpressRoute circuit (port and provider fees) is not priced: it is usually an existing, shared connection, and its price depends on the provider and bandwidth.".to_owned());
        }
        OnPremisesLink::None => e.note(|| format!(
            "{on_prem} connector(s) reach on-premises systems but network.on_premises_link is none: no gateway is priced. Choose vpn or expressroute to price it."
        )),
    }
}

/// Clients in another VNet reach a platform that runs in the team's VNet (brokers) through
/// VNet peering, billed out of one VNet and into the other. Clients are the producers and
/// the consumer groups of the read fan-out; Connect workers sit beside the brokers.
/// Event Hubs is reached through its public or private endpoint instead (priced with it).
pub(crate) fn client_access<E: Emit>(ctx: &SizingCtx, d: &Drivers, e: &mut E) {
    if ctx.network.client_location != ClientLocation::OtherVnet {
        return;
    }
    let mb = d.write_mb_per_s * (1.0 + d.read_fanout);
    let gb = mb * SECONDS_PER_MONTH / MB_PER_GB;
    let inputs = || {
        format!(
            "{} MB/s × (1 producer + {} consumer groups) × 2,628,000 s ÷ 1,000",
            fmt_f(d.write_mb_per_s),
            fmt_f(d.read_fanout)
        )
    };
    e.add(
        Meter::VnetPeeringOut,
        Category::Network,
        gb,
        Basis::Total,
        || Describe {
            component: "Client traffic over VNet peering, outbound (clients in another VNet)"
                .to_owned(),
            inputs: inputs(),
        },
    );
    e.add(
        Meter::VnetPeeringIn,
        Category::Network,
        gb,
        Basis::Total,
        || Describe {
            component: "Client traffic over VNet peering, inbound (clients in another VNet)"
                .to_owned(),
            inputs: inputs(),
        },
    );
}
