//! Reading an Azure Cost Management FOCUS (`FocusCost`) CSV into typed rows.
//!
//! Only the columns the comparison needs are read; every other column (Azure writes about a
//! hundred, most of them `x_`) is ignored. Errors name the file line and the column, so a
//! FinOps analyst can open the file at the offending cell.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;

use super::ActualsError;

/// One billing period (`[start, end)`, calendar dates: FOCUS writes UTC midnights).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BillingPeriod {
    /// Inclusive start, `YYYY-MM-DD`.
    pub start: String,
    /// Exclusive end, `YYYY-MM-DD`.
    pub end: String,
}

impl std::fmt::Display for BillingPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} to {}", self.start, self.end)
    }
}

/// One cost row of an actuals file, reduced to what matching and comparing need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActualRow {
    /// Line of the file where the row starts (the header is line 1).
    pub line: u64,
    pub billing_period: BillingPeriod,
    /// `BillingCurrency`.
    pub currency: String,
    /// `EffectiveCost`: amortised, after every discount — what the estimate's lines are.
    #[serde(with = "rust_decimal::serde::str")]
    pub effective_cost: Decimal,
    pub charge_category: String,
    pub charge_description: String,
    pub service_category: String,
    pub service_name: String,
    pub sku_id: String,
    pub sku_price_id: String,
    /// `SkuMeter` (FOCUS 1.2), else Azure's `x_SkuMeterName`.
    pub sku_meter: String,
    /// Azure's meter GUID, `x_SkuMeterId`.
    pub meter_id: String,
    /// Azure's meter category, `x_SkuMeterCategory` (the Retail Prices API `serviceName`).
    pub meter_category: String,
    /// `SubAccountId` (Azure: `/subscriptions/<guid>`).
    pub subscription_id: String,
    pub subscription_name: String,
    /// `x_ResourceGroupName`, else the `resourceGroups/<name>` segment of `ResourceId`.
    pub resource_group: String,
    pub resource_id: String,
    pub resource_name: String,
    /// `Tags`, names lower-cased (Azure tag names are case-insensitive).
    pub tags: BTreeMap<String, String>,
}

/// The columns a file must have: without them no row can be compared.
const REQUIRED: [&str; 5] = [
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "EffectiveCost",
    "ServiceCategory",
];

/// Column positions, by FOCUS name (matched without case).
struct Columns(HashMap<String, usize>);

impl Columns {
    fn get(&self, name: &str) -> Option<usize> {
        self.0.get(&name.to_ascii_lowercase()).copied()
    }
}

/// Parse a FOCUS cost CSV. `currency` is the estimate's currency: a row billed in another
/// currency refuses the whole file (amounts in two currencies cannot be compared, and a
/// conversion rate would be a number nobody can trace).
pub fn parse(text: &str, currency: &str) -> Result<Vec<ActualRow>, ActualsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ActualsError::File(
            "the file is empty; export the costs from Cost Management as FOCUS (FocusCost) CSV"
                .into(),
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| ActualsError::Line {
        line: 1,
        message: format!("the header is not readable CSV ({e})"),
    })?;
    let columns = Columns(
        header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_ascii_lowercase(), i))
            .collect(),
    );
    let width = header.len();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| columns.get(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ActualsError::Line {
            line: 1,
            message: format!(
                "the header has no {} column{}; is this a FOCUS cost export (Cost Management → Exports → \"Cost and usage (FOCUS)\")?",
                missing.join(", "),
                if missing.len() == 1 { "" } else { "s" }
            ),
        });
    }

    let mut rows = Vec::new();
    let mut record = ::csv::StringRecord::new();
    // File line of a byte offset: newlines counted incrementally (quoted fields may span
    // lines, so the record index is not the line).
    let bytes = text.as_bytes();
    let (mut counted_to, mut line_at) = (0usize, 1u64);
    let mut line_of = |byte: u64| -> u64 {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        // After a CRLF the reader puts the next record's start on the `\n`: skip line ends.
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > counted_to {
            line_at += bytes[counted_to..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted_to = byte;
        }
        line_at
    };
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let byte = e.position().map_or(start, csv::Position::byte);
                return Err(ActualsError::Line {
                    line: line_of(byte),
                    message: format!("not readable CSV ({e})"),
                });
            }
        }
        let line = line_of(record.position().map_or(start, csv::Position::byte));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != width {
            return Err(ActualsError::Line {
                line,
                message: format!(
                    "the row has {} fields but the header has {width}",
                    record.len()
                ),
            });
        }
        rows.push(row(&columns, &record, line, currency)?);
    }
    if rows.is_empty() {
        return Err(ActualsError::File(
            "the file has a header but no cost rows".into(),
        ));
    }
    Ok(rows)
}

fn row(
    columns: &Columns,
    record: &::csv::StringRecord,
    line: u64,
    currency: &str,
) -> Result<ActualRow, ActualsError> {
    let cell = |name: &str| -> String {
        columns
            .get(name)
            .and_then(|i| record.get(i))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let err = |column: &str, message: String| ActualsError::Cell {
        line,
        column: column.to_owned(),
        message,
    };

    let row_currency = cell("BillingCurrency");
    if row_currency.is_empty() {
        return Err(err(
            "BillingCurrency",
            "is empty; FOCUS requires the billing currency on every row".into(),
        ));
    }
    if !row_currency.eq_ignore_ascii_case(currency) {
        return Err(err(
            "BillingCurrency",
            format!(
                "the costs are billed in {row_currency} but the estimate is in {currency}; \
                 compare in one currency: set the scenario's currency to {row_currency}, or export the costs in {currency}"
            ),
        ));
    }
    let start = date(&cell("BillingPeriodStart"))
        .ok_or_else(|| err("BillingPeriodStart", bad_date(&cell("BillingPeriodStart"))))?;
    let end = date(&cell("BillingPeriodEnd"))
        .ok_or_else(|| err("BillingPeriodEnd", bad_date(&cell("BillingPeriodEnd"))))?;
    if end <= start {
        return Err(err(
            "BillingPeriodEnd",
            format!("{end} is not after BillingPeriodStart {start} (the end is exclusive)"),
        ));
    }
    let raw_cost = cell("EffectiveCost");
    let effective_cost = decimal(&raw_cost).ok_or_else(|| {
        err(
            "EffectiveCost",
            if raw_cost.is_empty() {
                "is empty; FOCUS requires a number on every row".to_owned()
            } else {
                format!("{raw_cost:?} is not a number")
            },
        )
    })?;
    let raw_tags = cell("Tags");
    let tags = tags(&raw_tags).ok_or_else(|| {
        err(
            "Tags",
            format!("{raw_tags:?} is not a JSON object of tag names and values"),
        )
    })?;
    let resource_id = cell("ResourceId");
    let mut resource_group = cell("x_ResourceGroupName");
    if resource_group.is_empty() {
        resource_group = segment_after(&resource_id, "resourcegroups").unwrap_or_default();
    }
    let mut subscription_id = cell("SubAccountId");
    if subscription_id.is_empty() {
        subscription_id = segment_after(&resource_id, "subscriptions")
            .map(|s| format!("/subscriptions/{s}"))
            .unwrap_or_default();
    }
    let mut sku_meter = cell("SkuMeter");
    if sku_meter.is_empty() {
        sku_meter = cell("x_SkuMeterName");
    }
    Ok(ActualRow {
        line,
        billing_period: BillingPeriod {
            start: start.to_string(),
            end: end.to_string(),
        },
        currency: row_currency.to_ascii_uppercase(),
        effective_cost,
        charge_category: cell("ChargeCategory"),
        charge_description: cell("ChargeDescription"),
        service_category: cell("ServiceCategory"),
        service_name: cell("ServiceName"),
        sku_id: cell("SkuId"),
        sku_price_id: cell("SkuPriceId"),
        sku_meter,
        meter_id: cell("x_SkuMeterId"),
        meter_category: cell("x_SkuMeterCategory"),
        subscription_id,
        subscription_name: cell("SubAccountName"),
        resource_group,
        resource_id,
        resource_name: cell("ResourceName"),
        tags,
    })
}

fn bad_date(raw: &str) -> String {
    format!("{raw:?} is not a date-time such as 2026-10-01T00:00:00Z")
}

/// `2026-10-01T00:00:00Z`, `2026-10-01T00:00Z` (FocusCost 1.0) or `2026-10-01` → the date.
fn date(raw: &str) -> Option<Date> {
    let (day, rest) = (raw.get(..10)?, raw.get(10..)?);
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    Date::parse(day, format_description!("[year]-[month]-[day]")).ok()
}

/// A FOCUS decimal: plain (`12.34`, `-0.5`) or scientific (`1.2E-05`, as some exports write
/// tiny amounts).
fn decimal(raw: &str) -> Option<Decimal> {
    if raw.is_empty() {
        return None;
    }
    raw.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(raw).ok())
}

/// The `Tags` cell: a JSON object (FOCUS), or Azure's legacy brace-less form
/// `"env": "prod","team": "data"`. Values that are not strings are kept as their JSON text.
fn tags(raw: &str) -> Option<BTreeMap<String, String>> {
    if raw.is_empty() || raw == "{}" {
        return Some(BTreeMap::new());
    }
    let json = if raw.starts_with('{') {
        raw.to_owned()
    } else {
        format!("{{{raw}}}")
    };
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&json).ok()?;
    Some(
        map.into_iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (k.trim().to_ascii_lowercase(), v.trim().to_owned())
            })
            .collect(),
    )
}

/// In an Azure resource id `/subscriptions/<s>/resourceGroups/<g>/…`, the segment after `key`
/// (matched without case).
fn segment_after(resource_id: &str, key: &str) -> Option<String> {
    let mut parts = resource_id.split('/');
    while let Some(p) = parts.next() {
        if p.eq_ignore_ascii_case(key) {
            return parts.next().filter(|s| !s.is_empty()).map(str::to_owned);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_both_focuscost_releases_parse() {
        assert_eq!(
            date("2026-10-01T00:00:00Z").map(|d| d.to_string()),
            Some("2026-10-01".into())
        );
        assert!(date("2026-10-01T00:00Z").is_some());
        assert!(date("2026-10-01").is_some());
        assert!(date("2026-13-01").is_none());
        assert!(date("01/10/2026").is_none());
        assert!(date("2026-10-011").is_none());
    }

    #[test]
    fn decimals_and_tags() {
        assert_eq!(decimal("1.2E-05"), Some(Decimal::new(12, 6)));
        assert_eq!(decimal("-3.5"), Some(Decimal::new(-35, 1)));
        assert_eq!(decimal("12,3"), None);
        let t = tags(r#"{"Connect-Advisor-Option":"event_hubs.premium","n":3}"#).unwrap();
        assert_eq!(t["connect-advisor-option"], "event_hubs.premium");
        assert_eq!(t["n"], "3");
        assert_eq!(tags(r#""env": "prod""#).unwrap()["env"], "prod");
        assert!(tags("env=prod").is_none());
        assert_eq!(
            segment_after(
                "/subscriptions/abc/resourceGroups/rg-x/providers/a",
                "resourcegroups"
            ),
            Some("rg-x".into())
        );
    }
}
