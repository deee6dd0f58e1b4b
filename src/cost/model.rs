//! [`Model`]: an assessment with every price resolved once, evaluated either itemised
//! ([`Model::estimate`]) or as a bare monthly total ([`Model::monthly_total`]) for scenario
//! analysis. Both run the same sizing functions.

use std::sync::OnceLock;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::connect::ConnectPlan;
use super::ctx::{Drivers, SizingCtx};
use super::emit::{Emit, LineEmitter, PerRuntime, Section, Subtotal, TotalEmitter};
use super::price::PriceTable;
use super::runtime::{OptionRuntimes, RuntimeRow};
use super::sizing::Sizing;
use super::{
    Estimate, OptionEstimate, assumptions_used, event_hubs, infra, network, object_storage, people,
    runtime, self_managed, standby,
};
use crate::decision::Verdict;
use crate::decision::runtime as runtime_rules;
use crate::domain::{
    Assessment, Direction, ObjectStorageProfile, OptionSet, Platform, PlatformOption, Runtime,
    SystemLocation, Variant,
};
use crate::estate::EstateFacts;
use crate::pricing::{PriceBook, PricingRef};

/// One option's monthly infrastructure cost from the fast path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Monthly {
    /// Cost per month, rounded to cents line by line as the itemised estimate does.
    pub cost: f64,
    /// No deployment delivers the load: `cost` is a lower bound, not a price.
    pub lower_bound: bool,
}

impl Monthly {
    /// The cost, when it is a real price.
    pub fn price(self) -> Option<f64> {
        (!self.lower_bound).then_some(self.cost)
    }
}

/// An assessment ready to be priced many times.
#[derive(Debug, Clone)]
pub struct Model {
    ctx: SizingCtx,
    prices: PriceTable,
    base: Drivers,
    pricing: PricingRef,
    currency: String,
    assumptions: std::sync::Arc<[super::AssumptionUsed]>,
    /// People lines per platform (Event Hubs, self-managed, object storage), and their sums.
    people: [Vec<super::CostLine>; 3],
    people_monthly: [f64; 3],
    /// The itemised lines no driver changes, written on first use.
    fixed: OnceLock<Fixed>,
    /// The Connect workers' lines per runtime, written and summed on first use (the fast
    /// path and the runtime choice add them up many times).
    connect: PerRuntime,
    /// What a runtime brings around its workers (registry, environment, outbound load
    /// balancer or NAT Gateway), per runtime: no option or driver changes it.
    surroundings: PerRuntime,
    /// `fixed`'s two sections, summed: on-premises link, network.
    fixed_subtotals: OnceLock<[Subtotal; 2]>,
    /// Every runtime judged and priced per option, and the one each option is priced on
    /// (`options()` order).
    runtimes: std::sync::Arc<[OptionRuntimes]>,
    /// The options this assessment compares (`PlatformOption::compared`).
    options: OptionSet,
}

/// Itemised sections that are the same for every option and every set of drivers.
#[derive(Debug, Clone)]
struct Fixed {
    on_premises: Section,
    network: Section,
}

/// Size one option's platform (everything but the Connect workers and the surroundings
/// every option shares) and emit its components.
fn platform<E: Emit>(ctx: &SizingCtx, option: PlatformOption, d: &Drivers, e: &mut E) -> Sizing {
    match (option.platform, option.variant) {
        (Platform::EventHubs, Variant::Premium) => event_hubs::premium(ctx, d, e),
        (Platform::EventHubs, Variant::Dedicated) => event_hubs::dedicated(ctx, d, e),
        (Platform::EventHubs, _) => event_hubs::standard(ctx, d, e),
        (Platform::SelfManagedKafka, v) => {
            let storage = if v.is_tiered() {
                self_managed::Storage::Tiered
            } else {
                self_managed::Storage::Local
            };
            self_managed::self_managed(ctx, d, !v.is_vm(), storage, self_managed::Engine::Kafka, e)
        }
        (Platform::KafkaCompatible, _) => object_storage::object_storage(
            ctx,
            d,
            option
                .object_storage_profile()
                .unwrap_or(ObjectStorageProfile::DEFAULT),
            e,
        ),
    }
}

/// What runtime `rt` brings around its workers: its own components, and the outbound path
/// for the workers it runs itself.
fn surroundings<E: Emit>(ctx: &SizingCtx, rt: Runtime, e: &mut E) {
    runtime::surroundings(ctx, rt, e);
    if rt.self_run() {
        infra::egress(ctx, e);
    }
}

/// The busiest topic's share of the write rate, taking throughput as proportional to
/// partitions (the widest topic over all data partitions), at most 1.
fn busiest_topic_share(a: &Assessment) -> f64 {
    let w = &a.workload;
    if w.partitions == 0 {
        return 1.0;
    }
    (f64::from(w.widest_topic_partitions()) / f64::from(w.partitions)).min(1.0)
}

fn platform_index(p: Platform) -> usize {
    match p {
        Platform::EventHubs => 0,
        Platform::SelfManagedKafka => 1,
        Platform::KafkaCompatible => 2,
    }
}

impl Model {
    /// Resolve every price the assessment can need (pure; no I/O).
    pub fn new(a: &Assessment, facts: &EstateFacts, book: &PriceBook) -> Self {
        let w = &a.workload;
        let ctx = SizingCtx {
            peak_to_average: w.peak_to_average,
            avg_record_bytes: f64::from(w.avg_record_bytes.max(1)),
            avg_record_bytes_u32: w.avg_record_bytes.max(1),
            az: a.network.availability_zones,
            topics_needed: facts.topics_needed,
            partitions_needed: facts.partitions_needed,
            busiest_topic_share: busiest_topic_share(a),
            sink_mb_per_s: a
                .connectors
                .iter()
                .filter(|c| c.direction == Direction::Sink)
                .map(|c| c.mb_per_s)
                .sum(),
            external_mb_per_s: a
                .connectors
                .iter()
                .filter(|c| {
                    matches!(
                        c.system_location,
                        SystemLocation::InternetSaas | SystemLocation::OtherCloud
                    )
                })
                .map(|c| c.mb_per_s)
                .sum(),
            on_premises_connectors: a
                .connectors
                .iter()
                .filter(|c| c.system_location == SystemLocation::OnPremises)
                .count(),
            cross_region_dr: a.team.cross_region_dr,
            assumptions: a.options.assumptions.clone(),
            capture: a.options.event_hubs_capture,
            private_link: a.network.private_link,
            runtime: a.options.connect_runtime,
            network: a.network.clone(),
            connect: ConnectPlan::new(a),
        };
        let people = [
            PlatformOption::EVENT_HUBS_STANDARD,
            PlatformOption::self_managed(a.options.connect_runtime),
            PlatformOption::KAFKA_COMPATIBLE,
        ]
        .map(|o| people::people(a, o));
        let people_monthly = [0, 1, 2].map(|i| {
            people[i]
                .iter()
                .map(|l| l.monthly_cost.to_f64().unwrap_or(0.0))
                .sum()
        });
        let mut model = Self {
            prices: PriceTable::resolve(a, book),
            base: Drivers::of(a),
            pricing: book.pricing_ref().clone(),
            currency: a.currency.clone(),
            assumptions: assumptions_used::list(a).into(),
            ctx,
            people,
            people_monthly,
            fixed: OnceLock::new(),
            connect: PerRuntime::default(),
            surroundings: PerRuntime::default(),
            fixed_subtotals: OnceLock::new(),
            runtimes: std::sync::Arc::new([]),
            options: PlatformOption::compared(
                a.options.connect_runtime,
                &a.options.object_storage_profiles,
            ),
        };
        model.runtimes = model.decide_runtimes(a).into();
        model
    }

    /// Judge and price every runtime for every option, and choose one per option
    /// (`decision::runtime::choose`). A runtime's cost is what it adds to the option's total
    /// at the assessment's own drivers.
    fn decide_runtimes(&self, a: &Assessment) -> Vec<OptionRuntimes> {
        let rctx = runtime_rules::RuntimeCtx::new(a);
        let d = self.base.sanitised();
        self.options()
            .iter()
            .map(|&option| {
                let costs = self.runtime_costs(option, &d);
                let rows: Vec<RuntimeRow> = Runtime::ALL
                    .iter()
                    .zip(costs)
                    .map(|(&rt, cost)| {
                        let judged = runtime_rules::assess(&rctx, option, rt);
                        RuntimeRow {
                            runtime: rt,
                            label: rt.label(),
                            verdict: judged.verdict,
                            reasons: judged.reasons,
                            monthly_cost: cost.map(|c| super::line::dec(c, 2)),
                        }
                    })
                    .collect();
                let assessed: Vec<runtime_rules::RuntimeAssessment> = rows
                    .iter()
                    .map(|r| runtime_rules::RuntimeAssessment {
                        runtime: r.runtime,
                        verdict: r.verdict,
                        reasons: Vec::new(),
                    })
                    .collect();
                let priced: Vec<runtime_rules::Priced> = rows
                    .iter()
                    .map(|r| runtime_rules::Priced {
                        runtime: r.runtime,
                        monthly: r.monthly_cost,
                        points: runtime_rules::points(&r.reasons),
                    })
                    .collect();
                let (chosen, note) =
                    runtime_rules::choose(self.ctx.runtime, option, &assessed, &priced)
                        // Every runtime disqualified cannot happen (nothing disqualifies VMs);
                        // VMs are the safe answer should a future rule do it.
                        .unwrap_or((Runtime::Vm, None));
                let mut rows = rows;
                for r in &mut rows {
                    if r.runtime == chosen {
                        r.verdict = Verdict::Recommended;
                    }
                }
                OptionRuntimes {
                    option,
                    chosen,
                    note,
                    runtimes: rows,
                }
            })
            .collect()
    }

    /// The runtime `option` is priced on.
    pub fn runtime_of(&self, option: PlatformOption) -> Runtime {
        self.runtimes
            .iter()
            .find(|r| r.option == option)
            .map_or(Runtime::Vm, |r| r.chosen)
    }

    /// Every runtime judged and priced, per option.
    pub fn runtimes(&self) -> &[OptionRuntimes] {
        &self.runtimes
    }

    fn total_emitter(&self) -> TotalEmitter<'_> {
        TotalEmitter {
            prices: &self.prices,
            total: 0.0,
            lower_bound: false,
            missing: false,
        }
    }

    /// What each runtime adds to `option`'s monthly total (`None`: a line has no price), in
    /// `Runtime::ALL` order. The platform and its standby do not depend on the runtime, so
    /// they are sized once and only what a runtime changes is summed per runtime: the same
    /// differences as whole totals with and without Connect, at a seventh of the work.
    fn runtime_costs(&self, option: PlatformOption, d: &Drivers) -> Vec<Option<f64>> {
        let mut fixed = self.total_emitter();
        let sizing = platform(&self.ctx, option, d, &mut fixed);
        self.standby(option, d, &mut fixed);
        let rest = |rt: Option<Runtime>| {
            let mut e = self.total_emitter();
            let extra = rt.map_or(0, |rt| {
                runtime::extra_workers(&self.ctx, rt, sizing.namespaces, &mut e)
            });
            self.around_platform(option, rt, sizing.clone(), extra, d, &mut e);
            (e.total, e.missing)
        };
        let (without, _) = rest(None);
        // A platform line without a price (a vendor licence the user has not entered) says
        // nothing about what a runtime adds: only the runtime's own lines can unprice it.
        Runtime::ALL
            .iter()
            .map(|&rt| {
                let (with, missing) = rest(Some(rt));
                (!missing).then_some(with - without)
            })
            .collect()
    }

    fn fixed(&self) -> &Fixed {
        self.fixed.get_or_init(|| Fixed {
            on_premises: Section::record(&self.prices, |e| infra::on_premises_link(&self.ctx, e)),
            network: Section::record(&self.prices, |e| network::network(&self.ctx, e)),
        })
    }

    fn fixed_subtotals(&self) -> [Subtotal; 2] {
        *self.fixed_subtotals.get_or_init(|| {
            [
                Subtotal::record(&self.prices, |e| infra::on_premises_link(&self.ctx, e)),
                Subtotal::record(&self.prices, |e| network::network(&self.ctx, e)),
            ]
        })
    }

    fn connect_subtotal(&self, rt: Runtime) -> Subtotal {
        self.connect.subtotal(rt, &self.prices, |e| {
            runtime::connect_workers(&self.ctx, rt, e);
        })
    }

    fn connect_section(&self, rt: Runtime) -> &Section {
        self.connect.section(rt, &self.prices, |e| {
            runtime::connect_workers(&self.ctx, rt, e);
        })
    }

    /// The inter-zone transfer rate per GB each way this model prices at (the scenario's
    /// assumption, else the catalog's first tier; 0 when neither has one).
    pub fn inter_zone_rate(&self) -> f64 {
        self.prices[super::meter::Meter::InterZone]
            .tiers
            .first()
            .map_or(0.0, |t| t.price_f)
    }

    /// The drivers the assessment states.
    pub fn base_drivers(&self) -> Drivers {
        self.base
    }

    /// The options this assessment compares, in report order (the object-storage profiles it
    /// picked only).
    pub fn options(&self) -> OptionSet {
        self.options
    }

    /// Infrastructure cost per month of one option under `drivers`: the same figure as
    /// [`OptionEstimate::total`] (to the cent), with no allocation and no text.
    pub fn monthly_total(&self, option: PlatformOption, drivers: &Drivers) -> f64 {
        self.monthly(option, drivers).cost
    }

    /// [`Model::monthly_total`] and whether it is only a lower bound.
    pub fn monthly(&self, option: PlatformOption, drivers: &Drivers) -> Monthly {
        let mut e = TotalEmitter {
            prices: &self.prices,
            total: 0.0,
            lower_bound: false,
            missing: false,
        };
        self.run(option, &drivers.sanitised(), &mut e);
        Monthly {
            cost: e.total,
            lower_bound: e.lower_bound,
        }
    }

    /// [`Model::monthly_total`] plus the option's people cost.
    pub fn monthly_total_with_people(&self, option: PlatformOption, drivers: &Drivers) -> f64 {
        self.monthly_total(option, drivers) + self.people_monthly[platform_index(option.platform)]
    }

    /// The itemised estimate of one option under `drivers`.
    pub fn estimate_option(&self, option: PlatformOption, drivers: &Drivers) -> OptionEstimate {
        let mut e = LineEmitter::new(&self.prices);
        let sizing = self.run(option, &drivers.sanitised(), &mut e);
        let LineEmitter {
            lines,
            mut notes,
            lower_bound,
            ..
        } = e;
        let total: Decimal = lines.iter().map(|l| l.monthly_cost).sum();
        let people = self.people[platform_index(option.platform)].clone();
        let people_total: Decimal = people.iter().map(|l| l.monthly_cost).sum();
        let missing_prices = lines.iter().filter(|l| l.unit_price.is_none()).count();
        if missing_prices > 0 {
            notes.push(format!(
                "{missing_prices} line(s) have no price in the catalog and count as 0 in the total; see each line's flag."
            ));
        }
        let runtimes = self.runtimes.iter().find(|r| r.option == option);
        if let Some(n) = runtimes.and_then(|r| r.note.clone()) {
            notes.push(n);
        }
        let connect_runtime = match runtimes {
            Some(r) => r.chosen_row().clone(),
            None => RuntimeRow {
                runtime: Runtime::Vm,
                label: Runtime::Vm.label(),
                verdict: Verdict::Recommended,
                reasons: Vec::new(),
                monthly_cost: None,
            },
        };
        OptionEstimate {
            connect_runtime,
            option,
            sizing,
            lines,
            people,
            total,
            total_with_people: total + people_total,
            missing_prices,
            lower_bound,
            notes,
        }
    }

    /// The itemised estimate of every option at the assessment's own drivers.
    pub fn estimate(&self) -> Estimate {
        Estimate {
            currency: self.currency.clone(),
            options: self
                .options()
                .iter()
                .map(|&o| self.estimate_option(o, &self.base))
                .collect(),
            assumptions: self.assumptions.clone(),
            pricing: self.pricing.clone(),
            connect_runtimes: self.runtimes.clone(),
        }
    }

    /// Size one option on its chosen Connect runtime and emit its components.
    fn run<E: Emit>(&self, option: PlatformOption, d: &Drivers, e: &mut E) -> Sizing {
        self.run_with(option, Some(self.runtime_of(option)), d, e)
    }

    /// Size one option with its Connect workers on `rt` (`None`: no Connect at all, the
    /// baseline a runtime's cost is measured from) and emit its components: the single source
    /// of the arithmetic.
    fn run_with<E: Emit>(
        &self,
        option: PlatformOption,
        rt: Option<Runtime>,
        d: &Drivers,
        e: &mut E,
    ) -> Sizing {
        let ctx = &self.ctx;
        let sizing = platform(ctx, option, d, e);
        let extra_workers = match rt {
            Some(rt) => runtime::extra_workers(ctx, rt, sizing.namespaces, e),
            None => 0,
        };
        self.standby(option, d, e);
        self.around_platform(option, rt, sizing, extra_workers, d, e)
    }

    /// The same platform again in the paired region, and the traffic that feeds it, when the
    /// scenario asks for cross-region DR. No runtime changes it.
    fn standby<E: Emit>(&self, option: PlatformOption, d: &Drivers, e: &mut E) {
        let ctx = &self.ctx;
        if ctx.cross_region_dr {
            platform(ctx, option, d, &mut standby::StandbyEmitter { inner: e });
            standby::replication(
                option,
                d,
                ctx.network.cross_region_replication_gb_per_month,
                e,
            );
        }
    }

    /// Everything after the platform itself: Connect on `rt`, the AKS cluster, disks,
    /// monitoring, client access and the network. `sizing` is the platform's.
    fn around_platform<E: Emit>(
        &self,
        option: PlatformOption,
        rt: Option<Runtime>,
        mut sizing: Sizing,
        extra_workers: u32,
        d: &Drivers,
        e: &mut E,
    ) -> Sizing {
        let ctx = &self.ctx;
        if let Some(rt) = rt {
            e.fixed_with_subtotal(
                || self.connect_section(rt),
                || self.connect_subtotal(rt),
                |e| runtime::connect_workers(ctx, rt, e),
            );
        }
        // One AKS cluster per option when Connect runs on AKS or self-managed brokers do: they
        // share it when both do (self-managed on AKS, or the object-storage platform).
        let runs_brokers = option.platform != Platform::EventHubs;
        let brokers_on_aks =
            option.platform == Platform::SelfManagedKafka && !option.variant.is_vm();
        let aks = brokers_on_aks || rt == Some(Runtime::Aks);
        let mut system_nodes = 0;
        if aks {
            system_nodes = infra::aks_cluster(ctx, runs_brokers, e);
            sizing.aks_clusters = 1;
        }
        if let Some(rt) = rt {
            e.fixed_with_subtotal(
                || {
                    self.surroundings
                        .section(rt, &self.prices, |e| surroundings(ctx, rt, e))
                },
                || {
                    self.surroundings
                        .subtotal(rt, &self.prices, |e| surroundings(ctx, rt, e))
                },
                |e| surroundings(ctx, rt, e),
            );
        }
        sizing.extra_connect_workers = extra_workers;
        let all_workers = ctx.connect.workers.saturating_add(extra_workers);
        sizing.connect_workers = all_workers;
        sizing.connect_pools = ctx.connect.pools.len() as u32;
        // Self-run workers read their connectors' secrets from Key Vault; a vendor's managed
        // Connect keeps them in the vendor's own store.
        if rt.is_some_and(Runtime::self_run) && !ctx.connect.pools.is_empty() {
            infra::key_vault(ctx, all_workers, e);
        }
        let platform_vms = sizing
            .brokers
            .unwrap_or(0)
            .saturating_add(sizing.kraft_controllers.unwrap_or(0));
        let rt_or_none = |f: fn(Runtime, u32) -> u32| rt.map_or(0, |rt| f(rt, all_workers));
        let worker_vms = rt_or_none(runtime::worker_vms);
        let vms = platform_vms
            .saturating_add(worker_vms)
            .saturating_add(system_nodes);
        infra::os_disks(
            vms,
            || {
                format!(
                    "{} Connect worker(s){}{}",
                    worker_vms,
                    if platform_vms > 0 {
                        format!(", {platform_vms} broker/controller VM(s)")
                    } else {
                        String::new()
                    },
                    if system_nodes > 0 {
                        format!(", {system_nodes} AKS system node(s)")
                    } else {
                        String::new()
                    }
                )
            },
            e,
        );
        let monitored = vms
            .saturating_add(rt_or_none(runtime::monitored_workers))
            .saturating_sub(worker_vms);
        infra::monitoring(ctx, monitored, e);
        sizing.vms = vms;
        if runs_brokers {
            infra::client_access(ctx, d, e);
        }
        e.fixed_with_subtotal(
            || &self.fixed().on_premises,
            || self.fixed_subtotals()[0],
            |e| infra::on_premises_link(ctx, e),
        );
        e.fixed_with_subtotal(
            || &self.fixed().network,
            || self.fixed_subtotals()[1],
            |e| network::network(ctx, e),
        );
        sizing
    }
}
