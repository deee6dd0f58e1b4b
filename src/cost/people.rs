//! People: operations effort per option, a user-set figure shown in its own section and kept
//! out of the infrastructure total.

use rust_decimal::Decimal;

use super::line::{Category, CostLine, currency_prefix, dec, fmt_money, fmt_num, round_cents};
use crate::domain::{Assessment, Platform, PlatformOption};

/// Months per year, for a yearly loaded cost.
const MONTHS_PER_YEAR: u32 = 12;

/// FTEs the scenario sets for an option.
pub(crate) fn fte(a: &Assessment, option: PlatformOption) -> f64 {
    let p = &a.options.people;
    match option.platform {
        Platform::EventHubs => p.fte_event_hubs,
        Platform::SelfManagedKafka => p.fte_self_managed_kafka,
        Platform::KafkaCompatible => p.fte_kafka_compatible,
    }
}

/// The people lines of an option; empty when no loaded cost is set.
pub(crate) fn people(a: &Assessment, option: PlatformOption) -> Vec<CostLine> {
    let yearly = a.options.people.loaded_cost_per_fte_year;
    if yearly.is_zero() {
        return Vec::new();
    }
    let fte = dec(fte(a, option), 4);
    let monthly = yearly / Decimal::from(MONTHS_PER_YEAR);
    let cost = round_cents(fte * monthly);
    let p = currency_prefix(&a.currency);
    vec![CostLine {
        component: format!(
            "Operations effort ({})",
            match option.platform {
                Platform::EventHubs => "Event Hubs: the Connect workers",
                Platform::SelfManagedKafka => "self-managed Kafka and Connect",
                Platform::KafkaCompatible => "object-storage platform and Connect",
            }
        ),
        category: Category::Operations,
        quantity: fte,
        unit: "FTE".into(),
        unit_price: Some(round_cents(monthly)),
        list_unit_price: Some(round_cents(monthly)),
        monthly_cost: cost,
        formula: format!(
            "{} FTE × {}/FTE-year ÷ 12 = {}",
            fmt_num(fte),
            fmt_money(yearly, &p),
            fmt_money(cost, &p)
        )
        .into(),
        price_ref: None,
        flag: None,
    }]
}
