//! Numbers people type and numbers people read: one parser for every input (questionnaire,
//! import preview, CSV template) and one set of formatters for every output (pages, charts,
//! decision records, cost formulas).
//!
//! Pure: no I/O, usable from `domain`, `cost` and `report` alike.
//!
//! Reading policy (issue 16): a value is never scaled silently. `1.5`, `1500`, `1 500` and
//! `1,500,000` are accepted; a comma is a decimal separator only where it cannot be a thousands
//! separator (`1,5`, `0,750`, `1 500,5`); anything else that could mean two things (`1,500`,
//! `1.500.000`, `1.500,5`) is refused with a message that shows both readings.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Why a typed value is not a number, in the words shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    /// The input as typed (trimmed).
    pub input: String,
    /// What is wrong and what to type instead.
    pub reason: String,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" {}", self.input, self.reason)
    }
}

impl std::error::Error for NumberError {}

/// Characters accepted as thousands separators between digit groups: space, no-break space,
/// narrow no-break space, thin space (what French, Swiss and SI typesetting produce).
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Parse a number as a person types it; see the module documentation for the policy.
///
/// ```
/// use connect_advisor::number::parse;
/// assert_eq!(parse("1 500").unwrap().to_string(), "1500");
/// assert_eq!(parse("1,5").unwrap().to_string(), "1.5");
/// assert!(parse("1,500").is_err()); // 1500 or 1.5? Refused, both readings shown.
/// ```
pub fn parse(raw: &str) -> Result<Decimal, NumberError> {
    let input = raw.trim();
    let err = |reason: String| NumberError {
        input: input.to_owned(),
        reason,
    };
    if input.is_empty() {
        return Err(err("is empty: type a number".into()));
    }
    let (negative, body) = match input.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, input.strip_prefix('+').unwrap_or(input).trim_start()),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',') || is_group_space(c))
    {
        return Err(err(
            "is not a number: type digits only, with a point for decimals (e.g. 1500 or 1.5)"
                .into(),
        ));
    }
    let spaced = body.contains(is_group_space);
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let digits_only = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();

    // Split off the decimal part, deciding what each separator means.
    let (int_part, frac_part): (String, String) = match (dots, commas) {
        (0, 0) => (body.to_owned(), String::new()),
        (1, 0) => {
            let (i, f) = body.split_once('.').unwrap_or((body, ""));
            (i.to_owned(), f.to_owned())
        }
        (0, 1) => {
            let (i, f) = body.split_once(',').unwrap_or((body, ""));
            let i_digits = digits_only(i);
            let thousands_shape = f.len() == 3
                && f.chars().all(|c| c.is_ascii_digit())
                && !spaced
                && (1..=3).contains(&i_digits.len())
                && !i_digits.starts_with('0');
            if thousands_shape {
                let as_thousands = format!("{i_digits}{f}");
                let as_decimal = format!("{i_digits}.{f}");
                return Err(err(format!(
                    "could mean {} or {}: type {as_thousands} or {as_decimal}",
                    group(&as_thousands),
                    normalise_str(&as_decimal)
                )));
            }
            (i.to_owned(), f.to_owned())
        }
        (0, _) => {
            // Several commas can only be thousands separators: 1,000,000.
            (body.to_owned(), String::new())
        }
        (1, _) if body.find(',') < body.find('.') => {
            // 1,234.5: commas group, the point is the decimal.
            let (i, f) = body.split_once('.').unwrap_or((body, ""));
            (i.to_owned(), f.to_owned())
        }
        _ => {
            let plain: String = digits_only(body);
            return Err(err(format!(
                "mixes separators ({plain} digits in all): type it with a point for decimals only, e.g. {}",
                example_reading(body)
            )));
        }
    };
    if frac_part.contains(|c: char| !c.is_ascii_digit()) {
        return Err(err(
            "has separators after the decimal point: type e.g. 1500.25".into(),
        ));
    }
    // The integer part: digits, optionally grouped by threes with commas or spaces (one kind).
    let grouped_by = |sep: fn(char) -> bool| {
        let groups: Vec<&str> = int_part.split(sep).collect();
        groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
    };
    let int_digits = if int_part.chars().all(|c| c.is_ascii_digit()) {
        int_part.clone()
    } else if grouped_by(|c| c == ',') || grouped_by(is_group_space) {
        digits_only(&int_part)
    } else {
        let plain = digits_only(&int_part);
        return Err(err(format!(
            "has digit groups that are not thousands: type {}{} without separators, or group by threes (e.g. 1 500 000)",
            if plain.is_empty() { "0" } else { &plain },
            if frac_part.is_empty() {
                String::new()
            } else {
                format!(".{frac_part}")
            }
        )));
    };
    if int_digits.is_empty() && frac_part.is_empty() {
        return Err(err("is not a number: type digits, e.g. 1500 or 1.5".into()));
    }
    let text = format!(
        "{}{}{}",
        if negative { "-" } else { "" },
        if int_digits.is_empty() {
            "0"
        } else {
            &int_digits
        },
        if frac_part.is_empty() {
            String::new()
        } else {
            format!(".{frac_part}")
        }
    );
    Decimal::from_str(&text)
        .map(|d| d.normalize())
        .map_err(|_| err("is too large or has too many decimals".into()))
}

/// One plausible reading of a mixed-separator input, for the error message: the last
/// separator taken as the decimal point.
fn example_reading(body: &str) -> String {
    let last = body.rfind(['.', ',']).unwrap_or(body.len());
    let (i, f) = body.split_at(last);
    let i: String = i.chars().filter(char::is_ascii_digit).collect();
    let f: String = f.chars().filter(char::is_ascii_digit).collect();
    if f.is_empty() { i } else { format!("{i}.{f}") }
}

fn normalise_str(s: &str) -> String {
    Decimal::from_str(s).map_or_else(|_| s.to_owned(), |d| d.normalize().to_string())
}

/// Parse a whole number (counts, hours, bytes); decimals are refused with the rounded value
/// suggested rather than truncated.
pub fn parse_whole(raw: &str) -> Result<u64, NumberError> {
    let d = parse(raw)?;
    let input = raw.trim().to_owned();
    if d.is_sign_negative() && !d.is_zero() {
        return Err(NumberError {
            input,
            reason: "is negative: type a whole number of 0 or more".into(),
        });
    }
    if !d.fract().is_zero() {
        return Err(NumberError {
            input,
            reason: format!("is not a whole number: type e.g. {}", d.round()),
        });
    }
    d.to_u64().ok_or(NumberError {
        input,
        reason: "is too large".into(),
    })
}

// ------------------------------------------------------------------------------- formatting

/// Thousands separators on a plain decimal string: `-1234567.5` → `-1,234,567.5`.
pub fn group(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    push_grouped(&mut out, s);
    out
}

/// [`group`] appended to `out` (no intermediate allocation; the cost model formats many).
pub fn push_grouped(out: &mut String, s: &str) {
    let (sign, s) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    out.push_str(sign);
    if int.is_ascii() {
        // Whole runs of three digits at a time.
        let head = int.len() % 3;
        let mut rest = int;
        if head > 0 {
            out.push_str(&int[..head]);
            rest = &int[head..];
        }
        while !rest.is_empty() {
            if rest.len() < int.len() {
                out.push(',');
            }
            out.push_str(&rest[..3]);
            rest = &rest[3..];
        }
    } else {
        out.push_str(int);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
}

/// A number spelled out on the stack: sign, digits with thousands separators, fraction
/// without trailing zeros. The cost model writes about a thousand per estimate, most as
/// `format!` arguments, so it costs no allocation: digits two at a time, then the groups
/// copied as slices.
#[derive(Clone, Copy)]
pub struct Grouped {
    buf: [u8; 64],
    len: usize,
    decimals: usize,
}

/// `"00"`, `"01"`, … `"99"`: two digits per division.
const DIGIT_PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut k = 0;
    while k < 100 {
        t[2 * k] = b'0' + (k / 10) as u8;
        t[2 * k + 1] = b'0' + (k % 10) as u8;
        k += 1;
    }
    t
};

/// `n`'s digits written right-aligned before `end` in `digits`; returns where they start.
pub(crate) fn write_digits(digits: &mut [u8], mut end: usize, mut n: u64) -> usize {
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        end -= 2;
        digits[end..end + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        end -= 2;
        digits[end..end + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        end -= 1;
        digits[end] = b'0' + n as u8;
    }
    end
}

impl Grouped {
    /// `±mantissa × 10^−scale`, as a `Decimal` holds it (mantissa below 2⁹⁶, scale at most 28;
    /// a larger scale is read as 28).
    pub fn decimal(negative: bool, mantissa: u128, scale: u32) -> Self {
        const CHUNK: u128 = 10_000_000_000_000_000_000;
        let scale = scale.min(28) as usize;
        // The mantissa's digits, most significant first, padded with leading zeros so at
        // least one stands before the point: 39 digits for any u128.
        let mut digits = [b'0'; 40];
        let mut i = digits.len();
        // 128-bit division is a library call: peel off 19-digit chunks so the digit loop
        // runs on u64 (each chunk zero-padded to its full 19 digits).
        let mut n = mantissa;
        while n > u128::from(u64::MAX) {
            let chunk = (n % CHUNK) as u64;
            n /= CHUNK;
            write_digits(&mut digits, i, chunk);
            i -= 19;
        }
        i = write_digits(&mut digits, i, n as u64);
        i = i.min(digits.len() - scale - 1);
        let (int, frac) = digits[i..].split_at(digits.len() - i - scale);
        let decimals = frac.iter().rposition(|&b| b != b'0').map_or(0, |p| p + 1);
        // Left to right: sign, grouped whole part, point, fraction (at most 53 bytes).
        let mut buf = [0u8; 64];
        let mut j = 0;
        if negative && mantissa != 0 {
            buf[0] = b'-';
            j = 1;
        }
        let head = match int.len() % 3 {
            0 => 3,
            h => h,
        };
        buf[j..j + head].copy_from_slice(&int[..head]);
        j += head;
        for group in int[head..].chunks_exact(3) {
            buf[j] = b',';
            buf[j + 1..j + 4].copy_from_slice(group);
            j += 4;
        }
        if decimals > 0 {
            buf[j] = b'.';
            buf[j + 1..=j + decimals].copy_from_slice(&frac[..decimals]);
            j += 1 + decimals;
        }
        Self {
            buf,
            len: j,
            decimals,
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits, separators and signs are written, so this never falls back.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }

    /// How many digits stand after the point.
    pub fn decimals(&self) -> usize {
        self.decimals
    }
}

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A whole count with separators: `1046528` → `1,046,528`.
pub fn int(n: u64) -> String {
    group(&n.to_string())
}

/// Money with two decimals and separators, no currency: `1234567.891` → `1,234,567.89`;
/// negative amounts carry a true minus sign.
pub fn money(d: Decimal) -> String {
    let mut rounded = d.round_dp(2);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    rounded.set_sign_positive(true);
    rounded.rescale(2);
    format!(
        "{}{}",
        if negative { "−" } else { "" },
        group(&rounded.to_string())
    )
}

/// A quantity as written on an invoice: separators, no trailing zeros (`12500.50` → `12,500.5`);
/// negative quantities carry a true minus sign, as [`money`] does.
pub fn quantity(d: Decimal) -> String {
    let n = d.normalize();
    let text = group(&n.abs().to_string());
    if n.is_sign_negative() && !n.is_zero() {
        format!("−{text}")
    } else {
        text
    }
}

/// An f64 measurement rounded to at most `dp` decimals, separators, no trailing zeros.
pub fn quantity_f64(x: f64, dp: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let s = format!("{x:.dp$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    group(if s == "-0" { "0" } else { &s })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).to_string()
    }

    fn refused(s: &str) -> String {
        parse(s).expect_err(s).to_string()
    }

    #[test]
    fn plain_and_grouped_numbers_are_read_as_typed() {
        assert_eq!(ok("1500"), "1500");
        assert_eq!(ok("1.5"), "1.5");
        assert_eq!(ok(" 1 500 "), "1500");
        assert_eq!(ok("1\u{202f}500"), "1500");
        assert_eq!(ok("1,000,000"), "1000000");
        assert_eq!(ok("1,234.5"), "1234.5");
        assert_eq!(ok("1 234.5"), "1234.5");
        assert_eq!(ok(".5"), "0.5");
        assert_eq!(ok("-2.50"), "-2.5");
        assert_eq!(ok("+3"), "3");
    }

    #[test]
    fn a_comma_is_a_decimal_only_where_it_cannot_group_thousands() {
        // Not three digits after it: it cannot be a thousands separator.
        assert_eq!(ok("1,5"), "1.5");
        assert_eq!(ok("12,25"), "12.25");
        assert_eq!(ok("1,5000"), "1.5");
        // A leading zero cannot start a thousands group.
        assert_eq!(ok("0,750"), "0.75");
        // Grouped by spaces, the comma is the decimal.
        assert_eq!(ok("1 500,5"), "1500.5");
    }

    #[test]
    fn ambiguous_input_is_refused_with_both_readings() {
        let m = refused("1,500");
        assert!(m.contains("1,500 or 1.5"), "{m}");
        assert!(m.contains("type 1500 or 1.5"), "{m}");
        let m = refused("1.500.000");
        assert!(m.contains("1500000"), "{m}");
        let m = refused("1.500,5");
        assert!(m.contains("1500.5"), "{m}");
        assert!(refused("7 days").contains("not a number"));
        assert!(refused("1 50").contains("not thousands"));
        assert!(refused("1,50,000").contains("not thousands"));
        assert!(refused("1e3").contains("not a number"));
        assert!(refused("").contains("empty"));
        assert!(refused(".").contains("not a number"));
    }

    #[test]
    fn whole_numbers_refuse_decimals_and_negatives() {
        assert_eq!(parse_whole("1 000").unwrap(), 1000);
        assert!(
            parse_whole("7.5")
                .unwrap_err()
                .reason
                .contains("whole number")
        );
        assert!(parse_whole("-1").unwrap_err().reason.contains("negative"));
        assert!(
            parse_whole("99999999999999999999999")
                .unwrap_err()
                .reason
                .contains("too large")
        );
    }

    #[test]
    fn formatting_groups_thousands_once() {
        assert_eq!(group("1234567.891"), "1,234,567.891");
        assert_eq!(group("-1234"), "-1,234");
        assert_eq!(group("123"), "123");
        assert_eq!(int(1_046_528), "1,046,528");
        assert_eq!(money(Decimal::new(1_234_567_891, 3)), "1,234,567.89");
        assert_eq!(money(Decimal::new(-5, 1)), "−0.50");
        assert_eq!(money(Decimal::new(-1, 3)), "0.00");
        assert_eq!(quantity(Decimal::new(1_250_050, 2)), "12,500.5");
        assert_eq!(quantity_f64(1234.5678, 2), "1,234.57");
        assert_eq!(quantity_f64(-0.001, 1), "0");
    }

    proptest::proptest! {
        /// Whatever a formatter prints, the parser reads back as the same value: plain and
        /// grouped numbers never scale.
        #[test]
        fn grouped_output_parses_back(n in 0u64..10_000_000_000, cents in 0u32..100) {
            let d = Decimal::new(i64::try_from(n).unwrap() * 100 + i64::from(cents), 2);
            let shown = money(d);
            // A single comma followed by exactly three digits and no point is refused as ambiguous;
            // money always prints a point, so it never is.
            proptest::prop_assert_eq!(parse(&shown).unwrap(), d.normalize());
            proptest::prop_assert_eq!(parse(&n.to_string()).unwrap(), Decimal::from(n));
        }

        /// Nothing the parser accepts has a different number of significant digits than typed.
        #[test]
        fn a_comma_is_never_thousands_and_decimal_at_once(a in 1u32..1000, b in 0u32..1000) {
            let typed = format!("{a},{b:03}");
            proptest::prop_assert!(parse(&typed).is_err());
        }
    }
}
