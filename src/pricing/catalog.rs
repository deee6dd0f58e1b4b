//! One price catalog: a CSV file of [`PriceRow`]s, parsed strictly.
//!
//! A catalog is data a FinOps analyst reads and edits by hand, so a bad row must be
//! reported with its file, line and reason, never skipped.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::Date;
use time::macros::format_description;

/// The columns every catalog starts with, in this order.
pub const REQUIRED_COLUMNS: [&str; 11] = [
    "service",
    "product",
    "sku",
    "meter",
    "region",
    "unit",
    "unit_price",
    "currency",
    "effective_start",
    "meter_id",
    "source",
];

/// Optional columns that may follow the required ones (any subset, any order).
pub const OPTIONAL_COLUMNS: [&str; 3] = ["tier_min_units", "price_type", "confidence"];

/// How a price is bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceType {
    /// Pay-as-you-go list price.
    Consumption,
    /// One-year reservation, expressed as an hourly (or per-unit) equivalent.
    #[serde(rename = "reservation_1y")]
    Reservation1y,
    /// Three-year reservation, expressed as an hourly (or per-unit) equivalent.
    #[serde(rename = "reservation_3y")]
    Reservation3y,
}

impl PriceType {
    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consumption => "consumption",
            Self::Reservation1y => "reservation_1y",
            Self::Reservation3y => "reservation_3y",
        }
    }
}

impl FromStr for PriceType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "" | "consumption" => Ok(Self::Consumption),
            "reservation_1y" => Ok(Self::Reservation1y),
            "reservation_3y" => Ok(Self::Reservation3y),
            other => Err(format!(
                "unknown price_type \"{other}\" (expected consumption, reservation_1y or reservation_3y)"
            )),
        }
    }
}

impl fmt::Display for PriceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far a catalog row can be trusted (the reference document's H / M / L).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Confidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "high" => Ok(Self::High),
            "medium" => Ok(Self::Medium),
            "low" => Ok(Self::Low),
            other => Err(format!(
                "unknown confidence \"{other}\" (expected high, medium or low)"
            )),
        }
    }
}

/// One price: a meter of a SKU in a region, from a tier upwards, with its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceRow {
    /// Azure `serviceName`, e.g. `Event Hubs`.
    pub service: String,
    /// Azure `productName`, e.g. `Virtual Machines Dsv5 Series`.
    pub product: String,
    /// Azure `skuName`, e.g. `Standard`, `D4s v5`.
    pub sku: String,
    /// Azure `meterName`, e.g. `Standard Throughput Unit`.
    pub meter: String,
    /// Azure `armRegionName`, e.g. `eastus`; `global` for region-less meters.
    pub region: String,
    /// Azure `unitOfMeasure`, e.g. `1 Hour`, `1M`, `1 GB/Month`, `10K`.
    pub unit: String,
    /// Price of one `unit`, in `currency`.
    #[serde(with = "rust_decimal::serde::str")]
    pub unit_price: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// First day this price applies.
    #[serde(serialize_with = "serialize_date")]
    pub effective_start: Date,
    /// Azure `meterId`; empty when the source did not give one.
    pub meter_id: String,
    /// Where the figure comes from (reference row, URL, API file).
    pub source: String,
    /// Tiered meters: this price applies from this many units upwards (0 for the first tier).
    #[serde(with = "rust_decimal::serde::str")]
    pub tier_min_units: Decimal,
    pub price_type: PriceType,
    pub confidence: Option<Confidence>,
    /// 1-based line in the catalog file (the header is line 1).
    pub line: u64,
}

/// Serialise a date as `YYYY-MM-DD` (time's own serde format is a tuple).
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with passes the field by reference"
)]
pub(crate) fn serialize_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_date(*d))
}

/// `YYYY-MM-DD`.
pub fn format_date(d: Date) -> String {
    let (year, month, day) = (d.year(), u8::from(d.month()), d.day());
    match u16::try_from(year) {
        // Four-digit years, written without the formatting machinery.
        Ok(y) if y <= 9999 => {
            let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
            let mut s = String::with_capacity(10);
            s.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
            s.push('-');
            s.extend([digit(u16::from(month) / 10), digit(u16::from(month))]);
            s.push('-');
            s.extend([digit(u16::from(day) / 10), digit(u16::from(day))]);
            s
        }
        _ => format!("{year:04}-{month:02}-{day:02}"),
    }
}

/// Parse `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s, format_description!("[year]-[month]-[day]")).ok()
}

/// A catalog that could not be read: which file, which line, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct CatalogError {
    pub file: String,
    /// 1-based line; the header is line 1. 0 when the problem is the file as a whole.
    pub line: u64,
    pub reason: String,
}

/// A parsed catalog file.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// File name, e.g. `eastus.csv`.
    pub name: String,
    /// First 16 hex characters of the SHA-256 of the file's bytes.
    pub version: String,
    /// Latest `effective_start` of its rows.
    pub effective_date: Date,
    pub rows: Vec<PriceRow>,
    /// The CSV text as loaded (what a stored catalog version keeps).
    text: String,
}

/// First 16 hex characters of the SHA-256 of `bytes`.
pub fn content_version(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = hex::encode(digest);
    hex.truncate(16);
    hex
}

impl Catalog {
    /// Parse a catalog's CSV text. `name` is used in errors and in every price reference.
    pub fn parse(name: &str, text: &str) -> Result<Self, CatalogError> {
        let fail = |line: u64, reason: String| CatalogError {
            file: name.to_owned(),
            line,
            reason,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| fail(1, format!("unreadable header: {e}")))?
            .clone();
        let columns = Columns::from_header(&headers).map_err(|r| fail(1, r))?;

        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                fail(line, format!("malformed CSV: {}", csv_reason(&e)))
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            let row = columns
                .row(&record, line)
                .map_err(|reason| fail(line, reason))?;
            rows.push(row);
        }
        let effective_date = rows
            .iter()
            .map(|r| r.effective_start)
            .max()
            .ok_or_else(|| fail(0, "the catalog has no price rows".to_owned()))?;
        Ok(Self {
            name: name.to_owned(),
            version: content_version(text.as_bytes()),
            effective_date,
            rows,
            text: text.to_owned(),
        })
    }

    /// The CSV text this catalog was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        _ => e.to_string(),
    }
}

/// Where each column sits in this file.
struct Columns {
    tier: Option<usize>,
    price_type: Option<usize>,
    confidence: Option<usize>,
}

impl Columns {
    fn from_header(h: &csv::StringRecord) -> Result<Self, String> {
        for (i, want) in REQUIRED_COLUMNS.iter().enumerate() {
            match h.get(i).map(str::trim) {
                Some(got) if got == *want => {}
                Some(got) => {
                    return Err(format!(
                        "bad header: column {} must be \"{want}\", found \"{got}\" (expected {})",
                        i + 1,
                        REQUIRED_COLUMNS.join(",")
                    ));
                }
                None => {
                    return Err(format!(
                        "bad header: missing column \"{want}\" (expected {})",
                        REQUIRED_COLUMNS.join(",")
                    ));
                }
            }
        }
        let mut cols = Self {
            tier: None,
            price_type: None,
            confidence: None,
        };
        for (i, name) in h.iter().enumerate().skip(REQUIRED_COLUMNS.len()) {
            let slot = match name.trim() {
                "tier_min_units" => &mut cols.tier,
                "price_type" => &mut cols.price_type,
                "confidence" => &mut cols.confidence,
                other => {
                    return Err(format!(
                        "bad header: unknown column \"{other}\" (optional columns: {})",
                        OPTIONAL_COLUMNS.join(", ")
                    ));
                }
            };
            if slot.replace(i).is_some() {
                return Err(format!(
                    "bad header: column \"{}\" appears twice",
                    name.trim()
                ));
            }
        }
        Ok(cols)
    }

    fn row(&self, r: &csv::StringRecord, line: u64) -> Result<PriceRow, String> {
        let field = |i: usize| r.get(i).map_or("", str::trim);
        let required = |i: usize| {
            let v = field(i);
            if v.is_empty() {
                Err(format!("{} must not be empty", REQUIRED_COLUMNS[i]))
            } else {
                Ok(v.to_owned())
            }
        };
        let unit_price = parse_amount("unit_price", field(6))?;
        let currency = required(7)?;
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "currency \"{currency}\" is not an ISO 4217 code such as USD"
            ));
        }
        let effective_start = parse_date(field(8)).ok_or_else(|| {
            format!(
                "effective_start \"{}\" is not a date in YYYY-MM-DD form",
                field(8)
            )
        })?;
        let tier_min_units = match self.tier.map(field) {
            None | Some("") => Decimal::ZERO,
            Some(v) => parse_amount("tier_min_units", v)?,
        };
        let price_type = self.price_type.map_or("", field).parse::<PriceType>()?;
        let confidence = match self.confidence.map(field) {
            None | Some("") => None,
            Some(v) => Some(v.parse::<Confidence>()?),
        };
        Ok(PriceRow {
            service: required(0)?,
            product: required(1)?,
            sku: required(2)?,
            meter: required(3)?,
            region: required(4)?,
            unit: required(5)?,
            unit_price,
            currency,
            effective_start,
            meter_id: field(9).to_owned(),
            source: required(10)?,
            tier_min_units,
            price_type,
            confidence,
            line,
        })
    }
}

/// A non-negative decimal written in plain notation (no exponent, no currency sign).
fn parse_amount(column: &str, v: &str) -> Result<Decimal, String> {
    let d =
        Decimal::from_str(v).map_err(|_| format!("{column} \"{v}\" is not a decimal number"))?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("{column} {v} is negative"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "service,product,sku,meter,region,unit,unit_price,currency,effective_start,meter_id,source,tier_min_units,price_type,confidence";

    fn parse(body: &str) -> Result<Catalog, CatalogError> {
        Catalog::parse("t.csv", &format!("{HEADER}\n{body}"))
    }

    const GOOD: &str = "Event Hubs,Event Hubs,Standard,Standard Throughput Unit,eastus,1 Hour,0.03,USD,2024-07-01,,ref,0,consumption,high";

    #[test]
    fn parses_a_good_row() {
        let c = parse(GOOD).unwrap();
        assert_eq!(c.rows.len(), 1);
        let r = &c.rows[0];
        assert_eq!(r.unit_price, Decimal::new(3, 2));
        assert_eq!(r.line, 2);
        assert_eq!(format_date(c.effective_date), "2024-07-01");
        assert_eq!(c.version.len(), 16);
        assert_eq!(r.price_type, PriceType::Consumption);
    }

    #[test]
    fn dates_are_written_as_the_formatter_writes_them() {
        for (y, m, d) in [
            (2024, 7, 1),
            (1, 1, 1),
            (999, 12, 31),
            (0, 2, 29),
            (9999, 12, 31),
        ] {
            let date = Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
            assert_eq!(format_date(date), format!("{y:04}-{m:02}-{d:02}"));
        }
        let early = Date::from_calendar_date(-5, time::Month::March, 9).unwrap();
        assert_eq!(format_date(early), "-005-03-09");
    }

    #[test]
    fn optional_columns_may_be_absent() {
        let text = format!(
            "{}\nEvent Hubs,Event Hubs,Standard,M,eastus,1 Hour,0.03,USD,2024-07-01,,ref",
            REQUIRED_COLUMNS.join(",")
        );
        let c = Catalog::parse("t.csv", &text).unwrap();
        assert_eq!(c.rows[0].tier_min_units, Decimal::ZERO);
        assert_eq!(c.rows[0].confidence, None);
    }

    fn err(body: &str) -> CatalogError {
        parse(body).unwrap_err()
    }

    #[test]
    fn bad_header_names_file_line_and_column() {
        let e = Catalog::parse("x.csv", "service,product,sku,meter\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("x.csv", 1));
        assert!(e.reason.contains("missing column \"region\""), "{e}");
        let e = Catalog::parse("x.csv", &HEADER.replace("unit_price", "price")).unwrap_err();
        assert!(e.reason.contains("column 7 must be \"unit_price\""), "{e}");
        let e = Catalog::parse("x.csv", &format!("{HEADER},colour")).unwrap_err();
        assert!(e.reason.contains("unknown column \"colour\""), "{e}");
    }

    #[test]
    fn bad_number_is_reported_with_its_line() {
        let e = err(&format!("{GOOD}\n{}", GOOD.replace("0.03", "three cents")));
        assert_eq!(e.line, 3);
        assert!(
            e.reason
                .contains("unit_price \"three cents\" is not a decimal"),
            "{e}"
        );
        assert_eq!(e.to_string(), format!("t.csv:3: {}", e.reason));
    }

    #[test]
    fn negative_price_is_rejected() {
        let e = err(&GOOD.replace("0.03", "-0.03"));
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("negative"), "{e}");
    }

    #[test]
    fn bad_date_is_rejected() {
        let e = err(&GOOD.replace("2024-07-01", "2024-13-01"));
        assert!(e.reason.contains("effective_start \"2024-13-01\""), "{e}");
        let e = err(&GOOD.replace("2024-07-01", "01/07/2024"));
        assert!(e.reason.contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn unknown_price_type_and_confidence_are_rejected() {
        let e = err(&GOOD.replace("consumption", "spot"));
        assert!(e.reason.contains("unknown price_type \"spot\""), "{e}");
        let e = err(&GOOD.replace(",high", ",sure"));
        assert!(e.reason.contains("unknown confidence"), "{e}");
    }

    #[test]
    fn missing_source_and_bad_currency_are_rejected() {
        let e = err(&GOOD.replace(",ref,", ",,"));
        assert!(e.reason.contains("source must not be empty"), "{e}");
        let e = err(&GOOD.replace("USD", "usd"));
        assert!(e.reason.contains("ISO 4217"), "{e}");
    }

    #[test]
    fn wrong_field_count_is_reported() {
        let e = err(&format!("{GOOD}\nEvent Hubs,Event Hubs"));
        assert_eq!(e.line, 3);
        assert!(e.reason.contains("expected 14 fields, found 2"), "{e}");
    }

    #[test]
    fn empty_catalog_is_rejected() {
        let e = Catalog::parse("t.csv", HEADER).unwrap_err();
        assert!(e.reason.contains("no price rows"));
    }
}
