//! Turn saved Azure Retail Prices API response pages into a price catalog.
//!
//! Pure: the caller reads the files (`connect-advisor pricing import FILE… --out FILE`);
//! this module only transforms text. Rules:
//! - one catalog row per API item; tiered meters already come as one item per tier;
//! - `DevTestConsumption` items are skipped (dev/test subscriptions are not what production pays);
//! - a `Reservation` item's `retailPrice` is the total for the whole term, so it is divided by
//!   the term's hours (8,760 for "1 Year", 26,280 for "3 Years") into an hourly equivalent,
//!   and the row's `source` says so;
//! - pages are expected in the order they were fetched; a `NextPageLink` whose page was not
//!   supplied is a warning, not an error, so a partial download still imports;
//! - an item that repeats another item's catalog key keeps the first and warns.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use super::catalog::{
    Catalog, Confidence, OPTIONAL_COLUMNS, PriceType, REQUIRED_COLUMNS, parse_date,
};

/// Hours in a one-year reservation term.
pub const HOURS_PER_YEAR_TERM: u32 = 8_760;
/// Hours in a three-year reservation term.
pub const HOURS_PER_3_YEAR_TERM: u32 = 26_280;
/// Decimal places kept when a reservation total is turned into an hourly equivalent.
const HOURLY_EQUIVALENT_DP: u32 = 8;

/// The result of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOutcome {
    /// The catalog, CSV text with the standard header (loadable by `PriceBook`).
    pub csv: String,
    /// Price rows written.
    pub rows: usize,
    /// Things the user should know (missing pages, skipped items, duplicates).
    pub warnings: Vec<String>,
}

/// Import failed; names the file (and item) at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: not a Retail Prices API response page: {reason}")]
    MalformedPage { file: String, reason: String },
    #[error("{file}: Items[{index}]: {reason}")]
    BadItem {
        file: String,
        index: usize,
        reason: String,
    },
    #[error("no importable price items in {pages} page(s)")]
    Empty { pages: usize },
    #[error("the imported rows do not form a valid catalog: {0}")]
    Invalid(String),
}

#[derive(Deserialize)]
struct Page {
    #[serde(rename = "Items")]
    items: Vec<Value>,
    #[serde(rename = "NextPageLink", default)]
    next_page_link: Option<String>,
    #[serde(rename = "Count", default)]
    count: Option<u64>,
    #[serde(rename = "BillingCurrency", default)]
    billing_currency: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    currency_code: String,
    #[serde(default)]
    tier_minimum_units: Option<Value>,
    retail_price: Value,
    arm_region_name: String,
    effective_start_date: String,
    #[serde(default)]
    meter_id: String,
    meter_name: String,
    product_name: String,
    sku_name: String,
    service_name: String,
    unit_of_measure: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    reservation_term: Option<String>,
}

/// One output row, in catalog column order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub service: String,
    pub product: String,
    pub sku: String,
    pub meter: String,
    pub region: String,
    pub unit: String,
    pub unit_price: Decimal,
    pub currency: String,
    pub effective_start: String,
    pub meter_id: String,
    pub source: String,
    pub tier: Decimal,
    pub price_type: PriceType,
    pub confidence: Confidence,
}

/// Convert saved API pages (`(file name, JSON text)`, in fetch order) into catalog CSV.
pub fn import_pages(pages: &[(String, String)]) -> Result<ImportOutcome, ImportError> {
    let (rows, warnings) = collect_rows(pages)?;
    finish(rows, warnings)
}

/// The rows of saved API pages (`(label, JSON text)`, in fetch order), before sorting.
/// Each row's source is `Azure Retail Prices API (label)`, so the label should say where
/// the page came from (a file, or a repository, path and commit).
pub(crate) fn collect_rows(
    pages: &[(String, String)],
) -> Result<(Vec<Row>, Vec<String>), ImportError> {
    let mut warnings = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut dev_test = 0usize;
    let mut parsed = Vec::with_capacity(pages.len());
    for (file, json) in pages {
        let page: Page = serde_json::from_str(json).map_err(|e| ImportError::MalformedPage {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        if let Some(count) = page.count
            && count != page.items.len() as u64
        {
            warnings.push(format!(
                "{file}: Count says {count} items but the page holds {}",
                page.items.len()
            ));
        }
        for (index, value) in page.items.iter().enumerate() {
            let bad = |reason: String| ImportError::BadItem {
                file: file.clone(),
                index,
                reason,
            };
            let item: Item =
                serde_json::from_value(value.clone()).map_err(|e| bad(e.to_string()))?;
            let Some(row) = convert(file, &item, page.billing_currency.as_deref(), &mut warnings)
                .map_err(bad)?
            else {
                if item.kind == "DevTestConsumption" {
                    dev_test += 1;
                }
                continue;
            };
            let key = format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                row.service,
                row.product,
                row.sku,
                row.meter,
                row.region,
                row.price_type,
                row.currency,
                row.tier
            );
            let at = format!("{file} Items[{index}]");
            if let Some(first) = seen.get(&key) {
                warnings.push(format!(
                    "{at} repeats the price of {first} ({} / {} / {} in {}); kept the first",
                    row.service, row.sku, row.meter, row.region
                ));
                continue;
            }
            seen.insert(key, at);
            rows.push(row);
        }
        parsed.push((file.as_str(), page));
    }
    if dev_test > 0 {
        warnings.push(format!(
            "skipped {dev_test} DevTestConsumption item(s): dev/test rates are not production prices"
        ));
    }
    check_links(&parsed, &mut warnings);
    if rows.is_empty() {
        return Err(ImportError::Empty { pages: pages.len() });
    }
    Ok((rows, warnings))
}

/// Rows the cost model needs that Azure does not publish, estimated from published rows of
/// the same region and currency by a documented method (low confidence, and the source says
/// so): Event Hubs Standard storage above the included 84 GB per TU is "charged as overage"
/// with no rate published (shared/reference/azure-pricing.md §1a); it is priced at the
/// region's Blob Hot LRS capacity price, as grafana/cloudcost-exporter does. Nothing is
/// derived when the base row is missing, or when a row of the same meter already exists.
pub(crate) fn derived_estimates(rows: &[Row]) -> Vec<Row> {
    let mut out = Vec::new();
    for blob in rows.iter().filter(|r| {
        r.service == "Storage"
            && r.product == "General Block Blob v2"
            && r.sku == "Hot LRS"
            && r.meter == "Hot LRS Data Stored"
            && r.tier.is_zero()
            && r.price_type == PriceType::Consumption
    }) {
        let exists = rows.iter().any(|r| {
            r.service == "Event Hubs"
                && r.meter == "Standard Storage Overage"
                && r.region == blob.region
                && r.currency == blob.currency
        });
        if exists {
            continue;
        }
        out.push(Row {
            service: "Event Hubs".to_owned(),
            product: "Event Hubs".to_owned(),
            sku: "Standard".to_owned(),
            meter: "Standard Storage Overage".to_owned(),
            region: blob.region.clone(),
            unit: blob.unit.clone(),
            unit_price: blob.unit_price,
            currency: blob.currency.clone(),
            effective_start: blob.effective_start.clone(),
            meter_id: String::new(),
            source: format!(
                "ESTIMATE, not a published meter: shared/reference/azure-pricing.md §1a 'Standard storage above 84 GB/TU' says only 'overage charges' (no rate); priced at this region's Blob Hot LRS Data Stored, first tier, as grafana/cloudcost-exporter does. Verify on an invoice. Blob row: {}",
                blob.source
            ),
            tier: Decimal::ZERO,
            price_type: PriceType::Consumption,
            confidence: Confidence::Low,
        });
    }
    out
}

/// Sort rows into catalog order, write the CSV and prove it loads.
pub(crate) fn finish(
    mut rows: Vec<Row>,
    warnings: Vec<String>,
) -> Result<ImportOutcome, ImportError> {
    rows.sort_by(|a, b| {
        (
            &a.service,
            &a.product,
            &a.sku,
            &a.meter,
            &a.region,
            a.price_type,
            &a.currency,
            a.tier,
        )
            .cmp(&(
                &b.service,
                &b.product,
                &b.sku,
                &b.meter,
                &b.region,
                b.price_type,
                &b.currency,
                b.tier,
            ))
    });
    let csv = write_csv(&rows).map_err(ImportError::Invalid)?;
    // Prove the output loads, so a bad import fails here rather than at server start.
    Catalog::parse("import", &csv).map_err(|e| ImportError::Invalid(e.to_string()))?;
    Ok(ImportOutcome {
        csv,
        rows: rows.len(),
        warnings,
    })
}

/// `Ok(None)` for items deliberately left out.
fn convert(
    file: &str,
    item: &Item,
    billing_currency: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<Option<Row>, String> {
    let price_type = match (item.kind.as_str(), item.reservation_term.as_deref()) {
        ("Consumption", _) => PriceType::Consumption,
        ("DevTestConsumption", _) => return Ok(None),
        ("Reservation", Some("1 Year")) => PriceType::Reservation1y,
        ("Reservation", Some("3 Years")) => PriceType::Reservation3y,
        ("Reservation", term) => {
            warnings.push(format!(
                "{file}: skipped a reservation of {} / {} with unsupported term {term:?}",
                item.service_name, item.sku_name
            ));
            return Ok(None);
        }
        (other, _) => {
            warnings.push(format!(
                "{file}: skipped {} / {} of unknown type \"{other}\"",
                item.service_name, item.sku_name
            ));
            return Ok(None);
        }
    };
    let retail = number(&item.retail_price).ok_or("retailPrice is not a number")?;
    if retail.is_sign_negative() && !retail.is_zero() {
        return Err(format!("retailPrice {retail} is negative"));
    }
    let tier = match &item.tier_minimum_units {
        None | Some(Value::Null) => Decimal::ZERO,
        Some(v) => number(v).ok_or("tierMinimumUnits is not a number")?,
    };
    let date = item.effective_start_date.get(..10).unwrap_or("");
    if parse_date(date).is_none() {
        return Err(format!(
            "effectiveStartDate \"{}\" does not start with a YYYY-MM-DD date",
            item.effective_start_date
        ));
    }
    if let Some(bc) = billing_currency
        && bc != item.currency_code
    {
        warnings.push(format!(
            "{file}: item {} / {} is in {} but the page's BillingCurrency is {bc}; kept the item's currency",
            item.service_name, item.meter_name, item.currency_code
        ));
    }
    let mut source = format!("Azure Retail Prices API ({file})");
    let (unit, unit_price) = match price_type {
        PriceType::Consumption => (item.unit_of_measure.clone(), retail),
        PriceType::Reservation1y | PriceType::Reservation3y => {
            let hours = if price_type == PriceType::Reservation1y {
                HOURS_PER_YEAR_TERM
            } else {
                HOURS_PER_3_YEAR_TERM
            };
            let hourly = (retail / Decimal::from(hours)).round_dp(HOURLY_EQUIVALENT_DP);
            source.push_str(&format!(
                "; reservation retailPrice {retail} is the total for the {} term, converted to an hourly equivalent: {retail} ÷ {hours} h = {hourly}",
                item.reservation_term.as_deref().unwrap_or_default()
            ));
            ("1 Hour".to_owned(), hourly)
        }
    };
    Ok(Some(Row {
        service: item.service_name.clone(),
        product: item.product_name.clone(),
        sku: item.sku_name.clone(),
        meter: item.meter_name.clone(),
        region: if item.arm_region_name.is_empty() {
            super::book::GLOBAL_REGION.to_owned()
        } else {
            item.arm_region_name.to_lowercase()
        },
        unit,
        unit_price,
        currency: item.currency_code.clone(),
        effective_start: date.to_owned(),
        meter_id: item.meter_id.clone(),
        source,
        tier,
        price_type,
        confidence: Confidence::High,
    }))
}

/// A JSON number or numeric string as an exact decimal.
fn number(v: &Value) -> Option<Decimal> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_owned(),
        _ => return None,
    };
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .ok()
        .map(|d| d.normalize())
}

/// Warn about `NextPageLink`s whose page was not supplied.
///
/// The API pages with `$skip`; a full page that links on starts at `skip − items`. So the page
/// after one linking to `$skip=N` must be supplied next and, if it too links on, start at N.
fn check_links(pages: &[(&str, Page)], warnings: &mut Vec<String>) {
    for (i, (file, page)) in pages.iter().enumerate() {
        let Some(link) = page.next_page_link.as_deref().filter(|l| !l.is_empty()) else {
            continue;
        };
        let Some((next_file, next)) = pages.get(i + 1) else {
            warnings.push(format!(
                "{file}: NextPageLink {link} points to a page that was not supplied; the catalog may be incomplete"
            ));
            continue;
        };
        let want = skip_of(link);
        let next_start = next
            .next_page_link
            .as_deref()
            .and_then(skip_of)
            .and_then(|s| s.checked_sub(next.items.len() as u64));
        if let (Some(want), Some(start)) = (want, next_start)
            && want != start
        {
            warnings.push(format!(
                "{file}: NextPageLink asks for $skip={want} but the next file, {next_file}, starts at {start}; a page may be missing"
            ));
        }
    }
}

fn skip_of(link: &str) -> Option<u64> {
    let query = link.split_once('?')?.1;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        matches!(k, "$skip" | "%24skip").then(|| v.parse().ok())?
    })
}

fn write_csv(rows: &[Row]) -> Result<String, String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .chain(&OPTIONAL_COLUMNS)
        .copied()
        .collect();
    w.write_record(&header).map_err(|e| e.to_string())?;
    for r in rows {
        w.write_record([
            r.service.as_str(),
            &r.product,
            &r.sku,
            &r.meter,
            &r.region,
            &r.unit,
            &r.unit_price.to_string(),
            &r.currency,
            &r.effective_start,
            &r.meter_id,
            &r.source,
            &r.tier.to_string(),
            r.price_type.as_str(),
            r.confidence.as_str(),
        ])
        .map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::{PriceBook, PriceKey};

    fn fixture(name: &str) -> (String, String) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/retail-prices")
            .join(name);
        (name.to_owned(), std::fs::read_to_string(path).unwrap())
    }

    fn two_pages() -> Vec<(String, String)> {
        vec![fixture("page-1.json"), fixture("page-2.json")]
    }

    #[test]
    fn imports_linked_pages_into_a_loadable_catalog() {
        let out = import_pages(&two_pages()).unwrap();
        assert!(
            out.warnings.iter().all(|w| !w.contains("not supplied")),
            "{:?}",
            out.warnings
        );
        let book = PriceBook::from_sources([("imported.csv".to_owned(), out.csv.clone())]).unwrap();
        let key = |service: &str, sku: &str, meter: &str, pt| PriceKey {
            service: service.into(),
            product: None,
            sku: sku.into(),
            meter: meter.into(),
            region: "eastus".into(),
            price_type: pt,
            currency: "USD".into(),
        };
        let tu = book
            .lookup(&key(
                "Event Hubs",
                "Standard",
                "Standard Throughput Unit",
                PriceType::Consumption,
            ))
            .unwrap();
        assert_eq!(tu.base().unit_price.to_string(), "0.03");
        assert!(tu.base().row.source.contains("page-1.json"));
        // Page 2 supplied the VM rows.
        let vm = book
            .lookup(&key(
                "Virtual Machines",
                "D4s v5",
                "D4s v5",
                PriceType::Consumption,
            ))
            .unwrap();
        assert_eq!(vm.base().unit_price.to_string(), "0.192");
        assert_eq!(out.rows, book.catalogs()[0].rows.len());
    }

    #[test]
    fn tiered_meters_become_one_row_per_tier() {
        let out = import_pages(&two_pages()).unwrap();
        let book = PriceBook::from_sources([("i.csv".to_owned(), out.csv)]).unwrap();
        let q = book
            .lookup(&PriceKey::consumption(
                "Bandwidth",
                "Standard",
                "Standard Data Transfer Out",
                "eastus",
            ))
            .unwrap();
        assert_eq!(q.tier_labels(), ["0@0", "0.087@100", "0.083@10240"]);
    }

    #[test]
    fn reservations_become_hourly_equivalents_and_say_so() {
        let out = import_pages(&two_pages()).unwrap();
        // 1-year total 1,006.00 ÷ 8,760 h = 0.11484018...
        let line = out
            .csv
            .lines()
            .find(|l| l.contains("reservation_1y"))
            .unwrap();
        assert!(line.contains(",0.11484018,"), "{line}");
        assert!(line.contains("1006 ÷ 8760 h"), "{line}");
        let line3 = out
            .csv
            .lines()
            .find(|l| l.contains("reservation_3y"))
            .unwrap();
        // 3-year total 1,917.00 ÷ 26,280 h = 0.07294521...
        assert!(line3.contains(",0.07294521,"), "{line3}");
    }

    #[test]
    fn dev_test_items_are_skipped_with_a_warning() {
        let out = import_pages(&two_pages()).unwrap();
        assert!(!out.csv.contains("DevTest"));
        assert!(
            out.warnings
                .iter()
                .any(|w| w.contains("skipped 1 DevTestConsumption")),
            "{:?}",
            out.warnings
        );
        // The dev/test D4s v5 price (0.1) must not have displaced the real one.
        assert!(
            !out.csv
                .lines()
                .any(|l| l.contains("D4s v5") && l.contains(",0.1,"))
        );
    }

    #[test]
    fn a_missing_next_page_warns_but_imports() {
        let out = import_pages(&[fixture("page-1.json")]).unwrap();
        assert!(
            out.warnings
                .iter()
                .any(|w| w.starts_with("page-1.json: NextPageLink") && w.contains("not supplied")),
            "{:?}",
            out.warnings
        );
        assert!(out.rows > 0);
    }

    #[test]
    fn a_malformed_page_fails_naming_the_file() {
        let mut pages = two_pages();
        pages.push(fixture("malformed.json"));
        let e = import_pages(&pages).unwrap_err();
        assert!(
            matches!(&e, ImportError::MalformedPage { file, .. } if file == "malformed.json"),
            "{e}"
        );
    }

    #[test]
    fn a_bad_item_fails_naming_file_and_index() {
        let page = r#"{"BillingCurrency":"USD","Items":[{"currencyCode":"USD","retailPrice":-1,"unitPrice":-1,
            "armRegionName":"eastus","location":"US East","effectiveStartDate":"2024-01-01T00:00:00Z","meterId":"m",
            "meterName":"M","productName":"P","skuName":"S","serviceName":"X","unitOfMeasure":"1 Hour","type":"Consumption"}],
            "NextPageLink":null,"Count":1}"#;
        let e = import_pages(&[("neg.json".into(), page.into())]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "neg.json: Items[0]: retailPrice -1 is negative"
        );
    }

    #[test]
    fn skip_is_read_from_links() {
        assert_eq!(
            skip_of("https://prices.azure.com/api/retail/prices?$filter=x&$skip=100"),
            Some(100)
        );
        assert_eq!(skip_of("https://x/?a=1"), None);
    }
}
