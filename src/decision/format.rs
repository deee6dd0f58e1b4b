//! Number and list formatting for messages. Messages are read in reviews, so numbers get
//! thousands separators and lists stay short enough to read aloud.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::Connector;

/// How many names a message lists before summarising the rest.
const MAX_NAMES: usize = 4;

/// `a, b, c and 2 more` — connector names in inventory order.
pub fn names(connectors: &[&Connector]) -> String {
    let list: Vec<&str> = connectors.iter().map(|c| c.name.trim()).collect();
    join_limited(&list)
}

/// Names as the subject of a sentence with the verb agreeing: `c1 keeps`, `c1 and c2 keep`.
pub fn subject(connectors: &[&Connector], singular: &str, plural: &str) -> String {
    let verb = if connectors.len() == 1 {
        singular
    } else {
        plural
    };
    format!("{} {verb}", names(connectors))
}

/// Join names, listing at most [`MAX_NAMES`] and counting the rest.
pub fn join_limited(items: &[&str]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].to_owned(),
        n if n <= MAX_NAMES => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
        n => format!(
            "{} and {} more",
            items[..MAX_NAMES].join(", "),
            n - MAX_NAMES
        ),
    }
}

/// An integer with thousands separators: `1,046,528`.
pub use crate::number::int;

/// A measured quantity with at most one decimal, and separators: `1,234.5`, `8`.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_owned();
    }
    let tenths = (x * 10.0).round();
    let whole = (tenths / 10.0).trunc();
    let frac = (tenths - whole * 10.0).abs() as u64;
    let sign = if x < 0.0 && tenths != 0.0 { "-" } else { "" };
    let base = int(whole.abs() as u64);
    if frac == 0 {
        format!("{sign}{base}")
    } else {
        format!("{sign}{base}.{frac}")
    }
}

/// Money rounded to whole units: `USD 12,345`.
pub fn money(amount: Decimal, currency: &str) -> String {
    let rounded = amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let whole = rounded.abs().to_u64().unwrap_or(u64::MAX);
    let sign = if rounded < Decimal::ZERO { "-" } else { "" };
    format!("{currency} {sign}{}", int(whole))
}

/// A percentage with no decimals: `12%`.
pub fn pct(fraction: Decimal) -> String {
    let p = (fraction * Decimal::from(100))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    format!("{p}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_for_humans() {
        assert_eq!(int(0), "0");
        assert_eq!(int(1_046_528), "1,046,528");
        assert_eq!(num(8.0), "8");
        assert_eq!(num(31.104), "31.1");
        assert_eq!(num(1234.56), "1,234.6");
        assert_eq!(money(Decimal::new(123_456, 1), "USD"), "USD 12,346");
        assert_eq!(pct(Decimal::new(125, 3)), "13%");
        assert_eq!(join_limited(&["a", "b"]), "a and b");
        assert_eq!(
            join_limited(&["a", "b", "c", "d", "e", "f"]),
            "a, b, c, d and 2 more"
        );
    }
}
