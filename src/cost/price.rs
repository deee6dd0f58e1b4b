//! The pricing pass: every meter resolved once against the [`PriceBook`], for the scenario's
//! region, currency, VM sizes and commitment. Both the itemised estimate and the fast path
//! price from this one table, so they cannot disagree about which price applies.

use rust_decimal::Decimal;

use super::commitment::{self, Commitment};
use super::line::{PriceRef, fmt_price};
use super::meter::{Meter, MeterDef, same_unit};
use crate::domain::{Assessment, Assumptions};
use crate::pricing::{PriceBook, PriceType};

/// One tier of a resolved price, in both number types.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tier {
    pub min: Decimal,
    pub price: Decimal,
    pub min_f: f64,
    pub price_f: f64,
}

/// How one meter is priced for this scenario.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resolved {
    /// Empty when there is no usable price.
    pub tiers: Vec<Tier>,
    pub price_ref: Option<std::sync::Arc<PriceRef>>,
    /// Shown on every line priced at this meter.
    pub flag: Option<String>,
    /// Written after the unit price, e.g. "(1-year reservation, hourly equivalent; …)".
    pub price_note: Option<String>,
    /// The pay-as-you-go price a reservation price replaced (`None` for other prices).
    pub payg_price: Option<Decimal>,
    /// The negotiated discount applies (catalog list prices only, not user-set amounts).
    pub discountable: bool,
    /// The line's unit, e.g. `TU-hours`.
    pub line_unit: &'static str,
    /// Written after a unit price, e.g. `TU-h`.
    pub price_unit: &'static str,
}

impl Resolved {
    pub fn missing(&self) -> bool {
        self.tiers.is_empty()
    }

    fn missing_with(flag: String, def: &MeterDef) -> Self {
        Self {
            tiers: Vec::new(),
            price_ref: None,
            flag: Some(flag),
            price_note: None,
            payg_price: None,
            discountable: false,
            line_unit: def.line_unit,
            price_unit: def.price_unit,
        }
    }

    /// A price the user set (not from a catalog): no discount, no price reference.
    pub fn assumed(amount: Decimal, note: String) -> Self {
        Self {
            tiers: vec![tier(Decimal::ZERO, amount)],
            price_ref: None,
            flag: None,
            price_note: Some(note),
            payg_price: None,
            discountable: false,
            line_unit: "months",
            price_unit: "month",
        }
    }
}

fn tier(min: Decimal, price: Decimal) -> Tier {
    use rust_decimal::prelude::ToPrimitive;
    Tier {
        min,
        price,
        min_f: min.to_f64().unwrap_or(f64::MAX),
        price_f: price.to_f64().unwrap_or(0.0),
    }
}

/// Every meter resolved, plus the discount to apply.
#[derive(Debug, Clone)]
pub(crate) struct PriceTable {
    entries: Vec<Resolved>,
    /// 1 − discount_percent / 100.
    pub discount_factor: Decimal,
    pub discount_factor_f: f64,
    pub discount_percent: Decimal,
    pub currency: String,
}

impl std::ops::Index<Meter> for PriceTable {
    type Output = Resolved;
    fn index(&self, m: Meter) -> &Resolved {
        &self.entries[m as usize]
    }
}

impl PriceTable {
    pub fn resolve(a: &Assessment, book: &PriceBook) -> Self {
        use rust_decimal::prelude::ToPrimitive;
        let assumptions = &a.options.assumptions;
        let commitment = Commitment::from(a.options.commitment);
        let entries: Vec<Resolved> = Meter::ALL
            .iter()
            .map(|&m| match m.def(assumptions) {
                Some(def) => {
                    let payg = book.lookup_ref(&def.key_ref(&a.region, &a.currency, PriceType::Consumption));
                    let reserved = match (def.reservable, commitment.price_type()) {
                        (true, Some(pt)) => Some(book.lookup_ref(&def.key_ref(&a.region, &a.currency, pt))),
                        _ => None,
                    };
                    let chosen = commitment::choose(commitment, payg, reserved);
                    match chosen.quote {
                        None => Resolved::missing_with(
                            format!(
                                "no price in the catalog for {}; this line is not priced",
                                def.key(&a.region, &a.currency, PriceType::Consumption)
                            ),
                            &def,
                        ),
                        Some(q) if !same_unit(&q.base().row.unit, def.catalog_unit) => {
                            Resolved::missing_with(
                                format!(
                                    "the catalog prices {} / {} per \"{}\" but this line counts \"{}\"; not priced",
                                    def.sku,
                                    def.meter,
                                    q.base().row.unit,
                                    def.catalog_unit
                                ),
                                &def,
                            )
                        }
                        Some(q) => {
                            let prefix = super::line::currency_prefix(&a.currency);
                            let price_note = chosen.note.map(|n| {
                                let payg = chosen
                                    .payg_price
                                    .map(|p| format!("; pay-as-you-go {}/{}", fmt_price(p, &prefix), def.price_unit))
                                    .unwrap_or_default();
                                format!("({n}{payg})")
                            });
                            Resolved {
                                tiers: q.tiers.iter().map(|t| tier(t.min_units, t.unit_price)).collect(),
                                price_ref: Some(q.price_ref()),
                                flag: chosen.flag,
                                price_note,
                                payg_price: chosen.payg_price,
                                discountable: true,
                                line_unit: def.line_unit,
                                price_unit: def.price_unit,
                            }
                        }
                    }
                }
                None if matches!(m, Meter::ManagedConnectTask | Meter::ManagedConnectGb) => {
                    managed_connect_price(m, assumptions)
                }
                None => {
                    // The vendors' licences: the user's own figure, or an unpriced line that
                    // names the input to fill in.
                    let (amount, input, vendor) = if m == Meter::RedpandaSubscription {
                        (
                            assumptions.redpanda_byoc_per_month.filter(|p| *p > 0.0),
                            "redpanda_byoc_per_month",
                            "Redpanda prices BYOC by quote, not on a public page",
                        )
                    } else {
                        (
                            Some(assumptions.object_storage_subscription_per_month).filter(|p| *p > 0.0),
                            "object_storage_subscription_per_month",
                            "AutoMQ publishes no BYOC licence price for Azure (prepaid AKU; usage billing is AWS only)",
                        )
                    };
                    match amount {
                        Some(p) => Resolved::assumed(
                            Decimal::try_from(p).unwrap_or_default().round_dp(2),
                            format!("(assumption {input}; no discount applied)"),
                        ),
                        None => Resolved {
                            tiers: Vec::new(),
                            price_ref: None,
                            flag: Some(format!(
                                "{vendor}: {}{input} to price this line",
                                super::LICENCE_INPUT_FLAG
                            )),
                            price_note: None,
                            payg_price: None,
                            discountable: false,
                            line_unit: "months",
                            price_unit: "month",
                        },
                    }
                }
            })
            .collect();
        let mut entries = entries;
        if let Some(rate) = assumptions.inter_zone_price_per_gb {
            // The scenario's own rate replaces the catalog's (a sensitivity case, or a future
            // Azure charge); it is the user's number, so no discount and no price row.
            let amount = Decimal::try_from(rate).unwrap_or_default();
            entries[Meter::InterZone as usize] = Resolved {
                tiers: vec![tier(Decimal::ZERO, amount)],
                price_ref: None,
                flag: None,
                price_note: Some(
                    "(assumption options.assumptions.inter_zone_price_per_gb, each direction; no discount applied)"
                        .to_owned(),
                ),
                payg_price: None,
                discountable: false,
                line_unit: "GB",
                price_unit: "GB",
            };
        }
        let discount_percent = a.options.discount_percent;
        let discount_factor = (Decimal::ONE_HUNDRED - discount_percent) / Decimal::ONE_HUNDRED;
        Self {
            entries,
            discount_factor,
            discount_factor_f: discount_factor.to_f64().unwrap_or(1.0),
            discount_percent,
            currency: a.currency.clone(),
        }
    }
}

/// Graduated cost of `level` units over `tiers` (each tier's price applies from its `min`
/// up to the next tier's), f64 for the fast path.
pub(crate) fn graduated_f64(tiers: &[Tier], level: f64) -> f64 {
    let mut cost = 0.0;
    for (i, t) in tiers.iter().enumerate() {
        if level <= t.min_f {
            break;
        }
        let upper = tiers.get(i + 1).map_or(f64::INFINITY, |n| n.min_f);
        cost += (level.min(upper) - t.min_f) * t.price_f;
    }
    cost
}

/// Graduated cost in decimals, with the units falling in each tier (for the formula).
pub(crate) fn graduated(tiers: &[Tier], level: Decimal) -> (Decimal, Vec<(Decimal, &Tier)>) {
    let mut cost = Decimal::ZERO;
    let mut used = Vec::new();
    for (i, t) in tiers.iter().enumerate() {
        if level <= t.min {
            break;
        }
        let portion = match tiers.get(i + 1) {
            Some(n) if level > n.min => n.min - t.min,
            _ => level - t.min,
        };
        cost += portion * t.price;
        used.push((portion, t));
    }
    (cost, used)
}

/// The price of a vendor's managed Connect meter, from the user's assumption; unpriced (and
/// flagged with what to set) when absent.
pub(crate) fn managed_connect_price(m: Meter, a: &Assumptions) -> Resolved {
    let (value, field, line_unit, price_unit) = match m {
        Meter::ManagedConnectTask => (
            a.managed_connect_per_task_hour,
            "managed_connect_per_task_hour",
            "task-hours",
            "task-h",
        ),
        _ => (
            a.managed_connect_per_gb,
            "managed_connect_per_gb",
            "GB",
            "GB",
        ),
    };
    match value {
        Some(v) => {
            let amount = Decimal::try_from(v).unwrap_or_default();
            let mut r = Resolved::assumed(
                amount,
                format!("(assumption options.assumptions.{field}; no discount applied)"),
            );
            r.line_unit = line_unit;
            r.price_unit = price_unit;
            r
        }
        None => Resolved {
            tiers: Vec::new(),
            price_ref: None,
            flag: Some(format!(
                "the vendor publishes no rate for Azure that this catalog can cite; set options.assumptions.{field} from your quote"
            )),
            price_note: None,
            payg_price: None,
            discountable: false,
            line_unit,
            price_unit,
        },
    }
}
