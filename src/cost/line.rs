//! Priced cost lines and how their numbers are written out.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// FinOps category of a cost line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Category {
    /// The streaming service itself (Event Hubs units, ingress events, Capture).
    #[strum(message = "Streaming")]
    Streaming,
    /// VMs and the AKS control plane.
    #[strum(message = "Compute")]
    Compute,
    /// Managed disks and Blob storage (capacity and operations).
    #[strum(message = "Storage")]
    Storage,
    /// Data transfer, peering, private endpoints.
    #[strum(message = "Network")]
    Network,
    /// Software subscriptions and support.
    #[strum(message = "License")]
    License,
    /// Logs and metrics (Log Analytics, Managed Prometheus).
    #[strum(message = "Monitoring")]
    Monitoring,
    /// People.
    #[strum(message = "Operations")]
    Operations,
}

pub use crate::pricing::PriceRef;

/// One priced line of an option's monthly cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    /// What is paid for, e.g. "Event Hubs Standard throughput units".
    pub component: String,
    pub category: Category,
    /// Billed quantity per month, in `unit` (the catalog's unit: e.g. TU-hours, GB-months).
    #[serde(with = "rust_decimal::serde::float")]
    pub quantity: Decimal,
    pub unit: std::borrow::Cow<'static, str>,
    /// List price of one `unit`; for a graduated (tiered) meter, the effective average.
    /// `None` when no price was found (see `flag`).
    #[serde(with = "rust_decimal::serde::float_option")]
    pub unit_price: Option<Decimal>,
    /// The pay-as-you-go (list) price of one `unit`: `unit_price`, except on a reservation
    /// line, where it is the pay-as-you-go price the reservation replaces. `None` when the
    /// line has no price, or a reservation's pay-as-you-go price is not in the catalog.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub list_unit_price: Option<Decimal>,
    /// Cost per month after commitment and negotiated discount, rounded to cents.
    #[serde(with = "rust_decimal::serde::float")]
    pub monthly_cost: Decimal,
    /// The arithmetic with every number filled in.
    pub formula: std::sync::Arc<str>,
    pub price_ref: Option<std::sync::Arc<PriceRef>>,
    /// Something the reader must know: a missing price, a fallback, a unit mismatch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
}

/// Round money to cents, halves away from zero (as invoices do).
pub fn round_cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The f64 twin of [`round_cents`], for the fast path. Binary floats land just below exact
/// decimal half-cents (21.90 × 0.95 = 20.8049999…), so the value is nudged up by a relative
/// 1e-12 — far below any price's precision — to round those halves as the decimal path does.
pub(crate) fn round_cents_f64(x: f64) -> f64 {
    (x * 100.0 * (1.0 + 1e-12)).round() / 100.0
}

/// Currency as written before an amount: `$` for USD, else the code and a space.
pub(crate) fn currency_prefix(code: &str) -> String {
    if code == "USD" {
        "$".to_owned()
    } else {
        format!("{code} ")
    }
}

/// `1234567.5` → `1,234,567.5` (trailing zeros dropped).
pub(crate) fn fmt_num(d: Decimal) -> String {
    let mut out = String::new();
    push_num(&mut out, d);
    out
}

/// [`fmt_num`] appended to `out`, written straight from the mantissa and scale (this runs for
/// every number of every cost line, so it skips `Display`, `normalize` and their buffers).
/// Returns how many decimals it wrote.
pub(crate) fn push_num(out: &mut String, d: Decimal) -> usize {
    let mantissa = d.mantissa();
    let g = Grouped::decimal(mantissa < 0, mantissa.unsigned_abs(), d.scale());
    out.push_str(g.as_str());
    g.decimals()
}

use crate::number::{Grouped, group};

/// An f64 input shown to 4 decimal places at most, with thousands separators: a value to
/// write (`format!` argument or `to_string`), formatted directly from the float without
/// allocating — this runs for most inputs of every line of every option.
pub(crate) fn fmt_f(x: f64) -> FourPlaces {
    FourPlaces(x)
}

/// See [`fmt_f`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct FourPlaces(f64);

impl std::fmt::Display for FourPlaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match four_places(self.0) {
            Some(g) => f.write_str(g.as_str()),
            None => f.write_str(&fmt_f_exact(self.0)),
        }
    }
}

/// [`fmt_f`] appended to `out`.
pub(crate) fn push_f(out: &mut String, x: f64) {
    match four_places(x) {
        Some(g) => out.push_str(g.as_str()),
        None => out.push_str(&fmt_f_exact(x)),
    }
}

/// The fast path of [`fmt_f`]: below 2⁴⁰ ten-thousandths, `x × 10⁴` is within 2⁻¹³ of its
/// exact value, so unless it lies within 10⁻³ of a half its nearest integer is exactly the
/// correctly rounded `{x:.4}` — the digits are then written from that integer. `None` for
/// everything else (near-ties, huge values, NaN, infinities), which goes through `format!`.
fn four_places(x: f64) -> Option<Grouped> {
    let scaled = x.abs() * 10_000.0;
    if !(scaled < TEN_THOUSANDTHS_LIMIT && ((scaled - scaled.floor()) - 0.5).abs() > 1e-3) {
        return None;
    }
    let k = scaled.round() as u64;
    // `k == 0` is zero whatever the sign: "0", never "-0" (`Grouped` writes no sign on 0).
    Some(Grouped::decimal(x < 0.0, u128::from(k), 4))
}

/// 2⁴⁰: the bound of [`push_f`]'s fast path, in ten-thousandths.
const TEN_THOUSANDTHS_LIMIT: f64 = 1_099_511_627_776.0;

/// [`fmt_f`] through the standard library's exact float formatting.
fn fmt_f_exact(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_owned() } else { group(s) }
}

/// `n` in decimal, appended to `out`.
pub(crate) fn push_u64(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let start = crate::number::write_digits(&mut buf, 20, n);
    out.push_str(std::str::from_utf8(&buf[start..]).unwrap_or_default());
}

/// Money with two decimals: `$1,234.50`.
pub(crate) fn fmt_money(d: Decimal, prefix: &str) -> String {
    let mut out = String::new();
    push_money(&mut out, d, prefix);
    out
}

/// [`fmt_money`] appended to `out`.
pub(crate) fn push_money(out: &mut String, d: Decimal, prefix: &str) {
    push_price(out, round_cents(d), prefix);
}

/// A unit price: every significant digit, at least two decimals: `$0.03`, `$0.00011`.
pub(crate) fn fmt_price(d: Decimal, prefix: &str) -> String {
    let mut out = String::new();
    push_price(&mut out, d, prefix);
    out
}

/// [`fmt_price`] appended to `out`.
pub(crate) fn push_price(out: &mut String, d: Decimal, prefix: &str) {
    out.push_str(prefix);
    match push_num(out, d) {
        0 => out.push_str(".00"),
        1 => out.push('0'),
        _ => {}
    }
}

/// An f64 as a decimal rounded to `dp` places (0 for values a decimal cannot hold): the
/// exact binary value of `x`, rounded half away from zero.
pub(crate) fn dec(x: f64, dp: u32) -> Decimal {
    // Fast path, same result: `x × 10^dp` in f64 is off the exact product by at most half an
    // ulp, so when it lies further than that from a half-integer both round to the same
    // integer. Only near-ties take the exact (and ~10× slower) conversion.
    const SCALES: [f64; 7] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
    if let Some(&scale) = SCALES.get(dp as usize) {
        let y = x * scale;
        if y.is_finite() && y.abs() < 9.0e15 {
            let off_tie = ((y - y.trunc()).abs() - 0.5).abs();
            if off_tie > 8.0 * f64::EPSILON * y.abs().max(1.0) {
                // `as` is exact here: |y| < 2^53, and `round` leaves an integer.
                #[allow(clippy::cast_possible_truncation)]
                return Decimal::new(y.round() as i64, dp).normalize();
            }
        }
    }
    Decimal::from_f64_retain(x)
        .map(|d| {
            d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `dec` without its fast path: the exact binary value, rounded half away from zero.
    fn dec_exact(x: f64, dp: u32) -> Decimal {
        Decimal::from_f64_retain(x)
            .map(|d| {
                d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
                    .normalize()
            })
            .unwrap_or_default()
    }

    #[test]
    fn dec_rounds_ties_and_near_ties_exactly() {
        // 1.005 is 1.00499999999999989… in binary: it rounds down; 0.125 is an exact tie.
        assert_eq!(dec(1.005, 2), Decimal::new(1, 0));
        assert_eq!(dec(0.125, 2), Decimal::new(13, 2));
        assert_eq!(dec(-0.125, 2), Decimal::new(-13, 2));
        assert_eq!(dec(2.675, 2), dec_exact(2.675, 2));
        assert_eq!(dec(1e300, 2), dec_exact(1e300, 2));
        assert_eq!(dec(f64::NAN, 2), Decimal::ZERO);
        for cents in 0..100_000_i64 {
            let x = cents as f64 / 100.0 + 0.005;
            assert_eq!(dec(x, 2), dec_exact(x, 2), "{x}");
        }
    }

    proptest! {
        #[test]
        fn dec_fast_path_is_the_exact_rounding(x in -1.0e13_f64..1.0e13, dp in 0_u32..7) {
            prop_assert_eq!(dec(x, dp), dec_exact(x, dp));
        }

        #[test]
        fn dec_fast_path_is_exact_on_cent_grids(cents in -1_000_000_000_i64..1_000_000_000, half in 0_u8..2) {
            let x = cents as f64 / 100.0 + f64::from(half) * 0.005;
            prop_assert_eq!(dec(x, 2), dec_exact(x, 2));
        }
    }

    #[test]
    fn numbers_are_written_for_people() {
        assert_eq!(fmt_num(Decimal::new(12_345_675, 1)), "1,234,567.5");
        assert_eq!(fmt_num(Decimal::new(5840, 0)), "5,840");
        assert_eq!(fmt_num(Decimal::new(-1000, 0)), "-1,000");
        assert_eq!(fmt_money(Decimal::new(17520, 2), "$"), "$175.20");
        assert_eq!(fmt_money(Decimal::new(1, 0), "EUR "), "EUR 1.00");
        assert_eq!(fmt_price(Decimal::new(3, 2), "$"), "$0.03");
        assert_eq!(fmt_price(Decimal::new(11, 5), "$"), "$0.00011");
        assert_eq!(fmt_price(Decimal::new(1, 1), "$"), "$0.10");
        assert_eq!(fmt_f(2.0 / 3.0).to_string(), "0.6667");
        assert_eq!(fmt_f(-0.00001).to_string(), "0");
        assert_eq!(fmt_f(-1_234_567.25).to_string(), "-1,234,567.25");
    }

    #[test]
    fn decimals_are_written_as_display_writes_them_grouped() {
        let mut values = vec![
            Decimal::ZERO,
            Decimal::new(-0, 3),
            Decimal::new(1, 28),
            Decimal::new(-5, 1),
            Decimal::new(100_000, 2),
            Decimal::MAX,
            Decimal::MIN,
        ];
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let lo = state;
            let hi = state.rotate_left(29) & 0xFFFF_FFFF;
            let scale = (state >> 40) as u32 % 29;
            let shift = (state >> 50) as u32 % 96;
            let m = ((i128::from(hi) << 64 | i128::from(lo)) >> shift)
                * if state & 1 == 0 { 1 } else { -1 };
            if let Ok(d) = Decimal::try_from_i128_with_scale(m, scale) {
                values.push(d);
            }
        }
        for d in values {
            assert_eq!(fmt_num(d), group(&d.normalize().to_string()), "{d:?}");
        }
    }

    #[test]
    fn fast_float_formatting_matches_the_exact_one() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.00005,
            0.000_049_99,
            -0.00004,
            1.5,
            3.8,
            1_047.8,
            2.0 / 3.0,
            0.12345,
            0.00015,
            123_456_789.987_65,
            109_951_162.777_5,
            109_951_162.777_6,
            1e15,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // A deterministic spread of magnitudes and fractions (xorshift).
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exp = (state % 24) as i32 - 8;
            let x = mantissa * 10f64.powi(exp);
            values.push(if state & 1 == 0 { x } else { -x });
            // Values on and around ten-thousandth ties.
            let tie = ((state >> 20) % 10_000_000) as f64 / 10_000.0 + 0.00005;
            values.extend([
                tie,
                tie + 1e-12,
                tie - 1e-12,
                (state % 1_000_000) as f64 / 8.0,
            ]);
        }
        for x in values {
            let mut fast = String::new();
            push_f(&mut fast, x);
            assert_eq!(fast, fmt_f_exact(x), "{x:e}");
            assert_eq!(fmt_f(x).to_string(), fast, "{x:e}");
        }
        let mut s = String::new();
        push_u64(&mut s, 0);
        push_u64(&mut s, u64::MAX);
        s.push_str(Grouped::decimal(false, 1_234_567, 0).as_str());
        assert_eq!(s, "0184467440737095516151,234,567");
        // Every u128, not only a Decimal's 96 bits, and scales past a Decimal's 28.
        assert_eq!(
            Grouped::decimal(true, u128::MAX, 0).as_str(),
            "-340,282,366,920,938,463,463,374,607,431,768,211,455"
        );
        assert_eq!(
            Grouped::decimal(false, 5, 40).as_str(),
            format!("0.{}5", "0".repeat(27))
        );
        assert_eq!(Grouped::decimal(true, 0, 3).as_str(), "0");
    }

    #[test]
    fn cents_round_half_away_from_zero_in_both_paths() {
        assert_eq!(round_cents(Decimal::new(1005, 3)).to_string(), "1.01");
        assert_eq!(round_cents_f64(2.5), 2.5);
        assert_eq!(round_cents_f64(0.125), 0.13);
        assert_eq!(round_cents_f64(21.9 * 0.95), 20.81);
        assert_eq!(
            round_cents(Decimal::new(2190, 2) * Decimal::new(95, 2)),
            Decimal::new(2081, 2)
        );
    }
}
