//! [`Model`]: an assessment with every price resolved once, evaluated either itemised
//! ([`Model::estimate`]) or as a bare monthly total ([`Model::monthly_total`]) for scenario
//! analysis. Both run the same sizing functions.

use std::sync::OnceLock;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::connect::ConnectPlan;
use super::emit::{Emit, LineEmitter, Section, TotalEmitter};
use super::price::PriceTable;
use super::sizing::Sizing;
use super::units::non_negative;
use super::{
    Estimate, OptionEstimate, assumptions_used, event_hubs, network, object_storage, people,
    self_managed,
};
use crate::domain::{
    Assessment, Assumptions, ConnectRuntime, Network, Platform, PlatformOption, Variant,
};
use crate::estate::EstateFacts;
use crate::pricing::{PriceBook, PricingRef};

/// The inputs scenario analysis varies. Everything else comes from the assessment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drivers {
    /// Average produce rate, MB/s.
    pub write_mb_per_s: f64,
    /// Consumer groups reading each byte.
    pub read_fanout: f64,
    /// Retention of data topics, hours.
    pub retention_hours: f64,
}

impl Drivers {
    /// The drivers as the assessment states them.
    pub fn of(a: &Assessment) -> Self {
        Self {
            write_mb_per_s: a.workload.write_mb_per_s,
            read_fanout: a.workload.read_fanout,
            retention_hours: f64::from(a.workload.retention_hours),
        }
    }

    /// NaN and negative values become 0 (the fast path takes unvalidated samples).
    fn sanitised(&self) -> Self {
        Self {
            write_mb_per_s: non_negative(self.write_mb_per_s),
            read_fanout: non_negative(self.read_fanout),
            retention_hours: non_negative(self.retention_hours),
        }
    }
}

/// Everything sizing needs from the assessment, copied out once.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub peak_to_average: f64,
    pub avg_record_bytes: f64,
    pub avg_record_bytes_u32: u32,
    pub az: u8,
    pub topics_needed: u32,
    pub partitions_needed: u32,
    pub a: Assumptions,
    pub capture: bool,
    pub private_link: bool,
    pub runtime: ConnectRuntime,
    pub network: Network,
    pub connect: ConnectPlan,
}

impl Ctx {
    pub fn runtime_is_aks(&self) -> bool {
        self.runtime == ConnectRuntime::Aks
    }
}

/// An assessment ready to be priced many times.
#[derive(Debug, Clone)]
pub struct Model {
    ctx: Ctx,
    prices: PriceTable,
    base: Drivers,
    pricing: PricingRef,
    currency: String,
    assumptions: Vec<super::AssumptionUsed>,
    /// People lines per platform (Event Hubs, self-managed, object storage), and their sums.
    people: [Vec<super::CostLine>; 3],
    people_monthly: [f64; 3],
    /// The itemised lines no driver changes, written on first use.
    fixed: OnceLock<Fixed>,
}

/// Itemised sections that are the same for every option and every set of drivers.
#[derive(Debug, Clone)]
struct Fixed {
    connect: Section,
    /// The AKS fee of a cluster that runs only the Connect workers.
    aks_connect_only: Section,
    network: Section,
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
        let ctx = Ctx {
            peak_to_average: w.peak_to_average,
            avg_record_bytes: f64::from(w.avg_record_bytes.max(1)),
            avg_record_bytes_u32: w.avg_record_bytes.max(1),
            az: a.network.availability_zones,
            topics_needed: facts.topics_needed,
            partitions_needed: facts.partitions_needed,
            a: a.options.assumptions.clone(),
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
        Self {
            prices: PriceTable::resolve(a, book),
            base: Drivers::of(a),
            pricing: book.pricing_ref().clone(),
            currency: a.currency.clone(),
            assumptions: assumptions_used::list(a),
            ctx,
            people,
            people_monthly,
            fixed: OnceLock::new(),
        }
    }

    fn fixed(&self) -> &Fixed {
        self.fixed.get_or_init(|| Fixed {
            connect: Section::record(&self.prices, |e| self.ctx.connect.emit(e)),
            aks_connect_only: Section::record(&self.prices, |e| super::connect::aks_fee(e, false)),
            network: Section::record(&self.prices, |e| network::network(&self.ctx, e)),
        })
    }

    /// The drivers the assessment states.
    pub fn base_drivers(&self) -> Drivers {
        self.base
    }

    /// The options compared, in report order.
    pub fn options(&self) -> [PlatformOption; 5] {
        PlatformOption::all(self.ctx.runtime)
    }

    /// Infrastructure cost per month of one option under `drivers`: the same figure as
    /// [`OptionEstimate::total`] (to the cent), with no allocation and no text.
    pub fn monthly_total(&self, option: PlatformOption, drivers: &Drivers) -> f64 {
        let mut e = TotalEmitter {
            prices: &self.prices,
            total: 0.0,
        };
        self.run(option, &drivers.sanitised(), &mut e);
        e.total
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
            lines, mut notes, ..
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
        OptionEstimate {
            option,
            sizing,
            lines,
            people,
            total,
            total_with_people: total + people_total,
            missing_prices,
            lower_bound: false,
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
        }
    }

    /// Size one option and emit its components: the single source of the arithmetic.
    fn run<E: Emit>(&self, option: PlatformOption, d: &Drivers, e: &mut E) -> Sizing {
        let ctx = &self.ctx;
        let (mut sizing, aks) = match (option.platform, option.variant) {
            (Platform::EventHubs, Variant::Premium) => {
                (event_hubs::premium(ctx, d, e), ctx.runtime_is_aks())
            }
            (Platform::EventHubs, Variant::Dedicated) => {
                (event_hubs::dedicated(ctx, d, e), ctx.runtime_is_aks())
            }
            (Platform::EventHubs, _) => (event_hubs::standard(ctx, d, e), ctx.runtime_is_aks()),
            (Platform::SelfManagedKafka, v) => {
                // Brokers and Connect share one AKS cluster; its fee is on the broker side.
                (
                    self_managed::self_managed(ctx, d, v != Variant::Vm, e),
                    false,
                )
            }
            // The object-storage platform pays the shared cluster's fee itself.
            (Platform::KafkaCompatible, _) => (object_storage::object_storage(ctx, d, e), false),
        };
        e.fixed(|| &self.fixed().connect, |e| ctx.connect.emit(e));
        if aks {
            e.fixed(
                || &self.fixed().aks_connect_only,
                |e| super::connect::aks_fee(e, false),
            );
            sizing.aks_clusters += 1;
        }
        e.fixed(|| &self.fixed().network, |e| network::network(ctx, e));
        sizing.connect_workers = ctx.connect.workers;
        sizing.connect_pools = ctx.connect.pools.len() as u32;
        sizing
    }
}
