//! Build the embedded regional catalogs from saved price data (`pricing build-embedded`).
//!
//! Pure: the caller reads the files; this module turns their text into one catalog per
//! region. Three inputs, each cited on every row it produces:
//! - saved Retail Prices API pages of the region (every item, by the import rules of
//!   [`super::import`]), cited by repository, path and commit;
//! - a table of Linux pay-as-you-go VM prices (`region,arm_sku_name,usd_per_hour`), cited
//!   the same way — the cost model's VM keys are the API's `D4s v5` style names;
//! - the zone-priced meters (bandwidth, peering, Private Link, load balancer) that Azure
//!   publishes per billing zone rather than per region, from `pricing/zones/*.csv`: each row
//!   names the regions its figure covers, so a region outside them gets no row — a missing
//!   price the report flags, never a figure borrowed from another zone.

use std::collections::BTreeSet;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::catalog::{Confidence, PriceType, parse_date};
use super::import::{self, ImportError, ImportOutcome, Row};

/// Where a file of price data comes from: enough to fetch the very same bytes again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// `owner/name` on GitHub.
    pub repo: String,
    pub commit: String,
    /// Path inside the repository.
    pub path: String,
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "repository {}, path {}, commit {}",
            self.repo, self.path, self.commit
        )
    }
}

/// One Linux pay-as-you-go VM price of the VM table.
#[derive(Debug, Clone, PartialEq)]
pub struct VmPrice {
    pub region: String,
    /// `Standard_D4s_v5`.
    pub arm_sku_name: String,
    pub usd_per_hour: Decimal,
}

/// One row of the zone-price table.
#[derive(Debug, Clone, PartialEq)]
pub struct ZonePrice {
    /// `None`: every region; otherwise the regions the figure covers.
    pub regions: Option<BTreeSet<String>>,
    pub service: String,
    pub product: String,
    pub sku: String,
    pub meter: String,
    pub unit: String,
    pub unit_price: Decimal,
    pub currency: String,
    pub effective_start: String,
    pub source: String,
    pub tier: Decimal,
    pub confidence: Confidence,
}

/// Columns of the zone-price table, in order.
pub const ZONE_COLUMNS: [&str; 12] = [
    "regions",
    "service",
    "product",
    "sku",
    "meter",
    "unit",
    "unit_price",
    "currency",
    "effective_start",
    "source",
    "tier_min_units",
    "confidence",
];

/// A documented reservation saving, applied to the VM table's pay-as-you-go prices where
/// the saved data has no reservation prices of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ReservationDiscount {
    pub price_type: PriceType,
    /// e.g. 41 for "41 % off pay-as-you-go".
    pub discount_percent: Decimal,
    pub source: String,
    pub confidence: Confidence,
}

/// The records of a CSV table whose header (cells trimmed) is exactly `columns`, each with
/// its line number, read one at a time so that the first bad line is the one reported.
fn records<'t>(
    text: &'t str,
    columns: &[&str],
) -> Result<impl Iterator<Item = Result<(u64, csv::StringRecord), String>> + 't, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("line 1: unreadable header: {e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if header != columns {
        return Err(format!(
            "line 1: expected the header {}, found {}",
            columns.join(","),
            header.join(",")
        ));
    }
    Ok(reader.into_records().map(|record| {
        let record = record.map_err(|e| format!("malformed CSV: {e}"))?;
        Ok((record.position().map_or(0, csv::Position::line), record))
    }))
}

/// Parse `price_type,discount_percent,source,confidence`. Errors name the line.
pub fn parse_reservation_discounts(text: &str) -> Result<Vec<ReservationDiscount>, String> {
    let mut out = Vec::new();
    for row in records(
        text,
        &["price_type", "discount_percent", "source", "confidence"],
    )? {
        let (line, record) = row?;
        let field = |i: usize| record.get(i).map_or("", str::trim);
        let price_type = field(0)
            .parse::<PriceType>()
            .map_err(|e| format!("line {line}: {e}"))?;
        if price_type == PriceType::Consumption {
            return Err(format!(
                "line {line}: a discount applies to a reservation, not to consumption"
            ));
        }
        let pct = Decimal::from_str(field(1))
            .ok()
            .filter(|p| *p > Decimal::ZERO && *p < Decimal::ONE_HUNDRED)
            .ok_or_else(|| {
                format!(
                    "line {line}: discount_percent \"{}\" is not a number between 0 and 100",
                    field(1)
                )
            })?;
        if field(2).is_empty() {
            return Err(format!("line {line}: source must not be empty"));
        }
        out.push(ReservationDiscount {
            price_type,
            discount_percent: pct,
            source: field(2).to_owned(),
            confidence: field(3).parse().map_err(|e| format!("line {line}: {e}"))?,
        });
    }
    Ok(out)
}

/// Parse the VM table (`region,arm_sku_name,usd_per_hour`). Errors name the line.
pub fn parse_vm_table(text: &str) -> Result<Vec<VmPrice>, String> {
    let mut out = Vec::new();
    for row in records(text, &["region", "arm_sku_name", "usd_per_hour"])? {
        let (line, record) = row?;
        let field = |i: usize| record.get(i).map_or("", str::trim);
        let sku = field(1);
        if !sku.starts_with("Standard_") || sku.len() <= "Standard_".len() {
            return Err(format!(
                "line {line}: arm_sku_name \"{sku}\" is not a Standard_… VM size"
            ));
        }
        let price = Decimal::from_str(field(2))
            .map_err(|_| format!("line {line}: usd_per_hour \"{}\" is not a number", field(2)))?;
        if price.is_sign_negative() || price.is_zero() {
            return Err(format!("line {line}: usd_per_hour {price} is not positive"));
        }
        out.push(VmPrice {
            region: field(0).to_owned(),
            arm_sku_name: sku.to_owned(),
            usd_per_hour: price.normalize(),
        });
    }
    Ok(out)
}

/// Parse the zone-price table. Errors name the line and the column.
pub fn parse_zone_prices(text: &str) -> Result<Vec<ZonePrice>, String> {
    let mut out = Vec::new();
    for row in records(text, &ZONE_COLUMNS)? {
        let (line, record) = row?;
        let field = |i: usize| record.get(i).map_or("", str::trim);
        let required = |i: usize| {
            let v = field(i);
            if v.is_empty() {
                Err(format!(
                    "line {line}: {} must not be empty",
                    ZONE_COLUMNS[i]
                ))
            } else {
                Ok(v.to_owned())
            }
        };
        let number = |i: usize| {
            Decimal::from_str(field(i)).map_err(|_| {
                format!(
                    "line {line}: {} \"{}\" is not a decimal number",
                    ZONE_COLUMNS[i],
                    field(i)
                )
            })
        };
        let regions = match required(0)?.as_str() {
            "*" => None,
            list => Some(
                list.split(';')
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .collect(),
            ),
        };
        let effective_start = required(8)?;
        if parse_date(&effective_start).is_none() {
            return Err(format!(
                "line {line}: effective_start \"{effective_start}\" is not a YYYY-MM-DD date"
            ));
        }
        let confidence = field(11)
            .parse::<Confidence>()
            .map_err(|e| format!("line {line}: {e}"))?;
        out.push(ZonePrice {
            regions,
            service: required(1)?,
            product: required(2)?,
            sku: required(3)?,
            meter: required(4)?,
            unit: required(5)?,
            unit_price: number(6)?,
            currency: required(7)?,
            effective_start,
            source: required(9)?,
            tier: number(10)?,
            confidence,
        });
    }
    Ok(out)
}

/// `Standard_D4s_v5` → the API's `skuName`/`meterName` `D4s v5` (as the cost model keys it).
pub fn vm_sku_name(arm_sku_name: &str) -> String {
    arm_sku_name
        .strip_prefix("Standard_")
        .unwrap_or(arm_sku_name)
        .replace('_', " ")
}

/// `Standard_D16as_v5` → `Virtual Machines Dasv5 Series` (the API's product name pattern:
/// family letters, the size's suffix letters, the version).
pub fn vm_product_name(arm_sku_name: &str) -> String {
    let size = arm_sku_name
        .strip_prefix("Standard_")
        .unwrap_or(arm_sku_name);
    let (name, version) = size.split_once('_').unwrap_or((size, ""));
    let family: String = name.chars().take_while(char::is_ascii_alphabetic).collect();
    let suffix: String = name
        .chars()
        .skip_while(char::is_ascii_alphabetic)
        .skip_while(char::is_ascii_digit)
        .collect();
    format!("Virtual Machines {family}{suffix}{version} Series")
}

/// Everything a region's catalog is built from.
pub struct RegionSources<'a> {
    /// `armRegionName`, e.g. `westeurope`.
    pub region: &'a str,
    /// The region's API pages: `(citation, JSON text)`, in a fixed order.
    pub pages: Vec<(Citation, String)>,
    /// The whole VM table (rows of other regions are ignored) and its citation.
    pub vms: &'a [VmPrice],
    pub vm_citation: &'a Citation,
    /// When the VM table was generated from the API (`YYYY-MM-DD`).
    pub vm_date: &'a str,
    pub zone_prices: &'a [ZonePrice],
    /// Reservation savings for the VM rows (the VM table has pay-as-you-go prices only).
    pub reservation_discounts: &'a [ReservationDiscount],
}

/// The catalog of one region, with the meters the zone table had no figure for.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionCatalog {
    pub outcome: ImportOutcome,
    /// Zone-priced meters (`service / sku / meter`) left out because no figure covers the region.
    pub uncovered: Vec<String>,
}

/// Build one region's catalog: every API item, every VM of the region, and the zone
/// prices whose figure covers it.
pub fn build_region(src: &RegionSources<'_>) -> Result<RegionCatalog, ImportError> {
    let pages: Vec<(String, String)> = src
        .pages
        .iter()
        .map(|(c, text)| (c.to_string(), text.clone()))
        .collect();
    let (mut rows, mut warnings) = import::collect_rows(&pages)?;
    if let Some(other) = rows.iter().find(|r| r.region != src.region) {
        return Err(ImportError::Invalid(format!(
            "a page for {} holds an item of region {} ({} / {})",
            src.region, other.region, other.service, other.meter
        )));
    }
    if parse_date(src.vm_date).is_none() {
        return Err(ImportError::Invalid(format!(
            "the VM table's date \"{}\" is not YYYY-MM-DD",
            src.vm_date
        )));
    }
    let mut vm_count = 0usize;
    for vm in src.vms.iter().filter(|v| v.region == src.region) {
        let sku = vm_sku_name(&vm.arm_sku_name);
        vm_count += 1;
        for d in src.reservation_discounts {
            let factor = Decimal::ONE - d.discount_percent / Decimal::ONE_HUNDRED;
            let price = (vm.usd_per_hour * factor).round_dp(8).normalize();
            rows.push(Row {
                service: "Virtual Machines".to_owned(),
                product: vm_product_name(&vm.arm_sku_name),
                meter: sku.clone(),
                sku: sku.clone(),
                region: src.region.to_owned(),
                unit: "1 Hour".to_owned(),
                unit_price: price,
                currency: "USD".to_owned(),
                effective_start: src.vm_date.to_owned(),
                meter_id: String::new(),
                source: format!(
                    "DERIVED hourly equivalent = pay-as-you-go {} × (1 − {}/100), no reservation price in the saved data: {}. `pricing refresh` fetches the API's own reservation prices",
                    vm.usd_per_hour, d.discount_percent, d.source
                ),
                tier: Decimal::ZERO,
                price_type: d.price_type,
                confidence: d.confidence,
            });
        }
        rows.push(Row {
            service: "Virtual Machines".to_owned(),
            product: vm_product_name(&vm.arm_sku_name),
            meter: sku.clone(),
            sku,
            region: src.region.to_owned(),
            unit: "1 Hour".to_owned(),
            unit_price: vm.usd_per_hour,
            currency: "USD".to_owned(),
            effective_start: src.vm_date.to_owned(),
            meter_id: String::new(),
            source: format!(
                "Linux pay-as-you-go {} from the Azure Retail Prices API, as generated into {} (generated {}; no meter id; product name derived from the size's family)",
                vm.arm_sku_name, src.vm_citation, src.vm_date
            ),
            tier: Decimal::ZERO,
            price_type: PriceType::Consumption,
            confidence: Confidence::High,
        });
    }
    if vm_count == 0 {
        warnings.push(format!(
            "the VM table has no {} rows: its catalog prices no VM",
            src.region
        ));
    }
    let (zone, uncovered) = zone_rows(src.region, "USD", src.zone_prices, &rows);
    rows.extend(zone);
    let estimates = import::derived_estimates(&rows);
    rows.extend(estimates);
    let outcome = import::finish(rows, warnings)?;
    Ok(RegionCatalog { outcome, uncovered })
}

/// The zone-priced rows for `region` in `currency`: every figure of the table that covers
/// the region, unless `existing` rows already price that meter (an API row wins). Also
/// returns the meters left out because no figure covers the region.
pub(crate) fn zone_rows(
    region: &str,
    currency: &str,
    zone_prices: &[ZonePrice],
    existing: &[Row],
) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut uncovered = BTreeSet::new();
    for z in zone_prices.iter().filter(|z| z.currency == currency) {
        if z.regions.as_ref().is_some_and(|set| !set.contains(region)) {
            uncovered.insert(format!("{} / {} / {}", z.service, z.sku, z.meter));
            continue;
        }
        let priced = existing.iter().any(|r| {
            r.service == z.service
                && r.product == z.product
                && r.sku == z.sku
                && r.meter == z.meter
                && r.currency == z.currency
                && r.price_type == PriceType::Consumption
        });
        if priced {
            continue;
        }
        rows.push(Row {
            service: z.service.clone(),
            product: z.product.clone(),
            sku: z.sku.clone(),
            meter: z.meter.clone(),
            region: region.to_owned(),
            unit: z.unit.clone(),
            unit_price: z.unit_price,
            currency: z.currency.clone(),
            effective_start: z.effective_start.clone(),
            meter_id: String::new(),
            source: format!("zone price, not a regional API row: {}", z.source),
            tier: z.tier,
            price_type: PriceType::Consumption,
            confidence: z.confidence,
        });
    }
    (rows, uncovered.into_iter().collect())
}

/// The zone-price table shipped with the binary (`pricing/zones/reference-zone-prices.csv`),
/// for refreshes: the API lists some zone-priced meters under no region.
pub fn shipped_zone_prices() -> Vec<ZonePrice> {
    parse_zone_prices(include_str!(
        "../../pricing/zones/reference-zone-prices.csv"
    ))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::{PriceBook, PriceKey};

    const ZONES: &str = "regions,service,product,sku,meter,unit,unit_price,currency,effective_start,source,tier_min_units,confidence\n\
        *,Virtual Network,Virtual Network Peering,Standard,Intra-Region Ingress,1 GB,0.01,USD,2024-07-01,ref §5b,0,medium\n\
        westeurope;eastus2,Bandwidth,Bandwidth Inter-Region,Standard,Intra Continent Data Transfer Out,1 GB,0.02,USD,2025-01-01,ref §5b NA/EU,0,low\n";

    const PAGE: &str = r#"{"BillingCurrency":"USD","Items":[{"currencyCode":"USD","tierMinimumUnits":0.0,"retailPrice":1.336,"unitPrice":1.336,
        "armRegionName":"westeurope","location":"EU West","effectiveStartDate":"2024-03-01T00:00:00Z","meterId":"abc",
        "meterName":"Premium Processing Unit","productName":"Event Hubs","skuName":"Premium","serviceName":"Event Hubs",
        "unitOfMeasure":"1 Hour","type":"Consumption"}],"NextPageLink":null,"Count":1}"#;

    fn citation(path: &str) -> Citation {
        Citation {
            repo: "owner/repo".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
            path: path.into(),
        }
    }

    fn build(region: &str, page: &str) -> Result<RegionCatalog, ImportError> {
        let vms = parse_vm_table(
            "region,arm_sku_name,usd_per_hour\nwesteurope,Standard_D4s_v5,0.230000\nbrazilsouth,Standard_D4s_v5,0.306\n",
        )
        .unwrap();
        let zones = parse_zone_prices(ZONES).unwrap();
        let vm_citation = citation("vm.go");
        build_region(&RegionSources {
            region,
            pages: vec![(citation("regions/x/event_hubs.json"), page.to_owned())],
            vms: &vms,
            vm_citation: &vm_citation,
            vm_date: "2026-06-18",
            zone_prices: &zones,
            reservation_discounts: &parse_reservation_discounts(
                "price_type,discount_percent,source,confidence\nreservation_1y,41,ref §4,low\n",
            )
            .unwrap(),
        })
    }

    #[test]
    fn a_region_gets_api_items_its_vms_and_the_zone_prices_that_cover_it() {
        let out = build("westeurope", PAGE).unwrap();
        assert!(out.uncovered.is_empty(), "{:?}", out.uncovered);
        let book =
            PriceBook::from_sources([("westeurope.csv".to_owned(), out.outcome.csv)]).unwrap();
        let pu = book
            .lookup(&PriceKey::consumption(
                "Event Hubs",
                "Premium",
                "Premium Processing Unit",
                "westeurope",
            ))
            .unwrap();
        assert_eq!(pu.base().unit_price.to_string(), "1.336");
        assert!(
            pu.base().row.source.contains(
                "repository owner/repo, path regions/x/event_hubs.json, commit 0123456789abcdef0123456789abcdef01234567"
            ),
            "{}",
            pu.base().row.source
        );
        let vm = book
            .lookup(&PriceKey::consumption(
                "Virtual Machines",
                "D4s v5",
                "D4s v5",
                "westeurope",
            ))
            .unwrap();
        // 0.230000 is written as 0.23, and only this region's row is used.
        assert_eq!(vm.base().unit_price.to_string(), "0.23");
        assert_eq!(vm.base().row.product, "Virtual Machines Dsv5 Series");
        assert!(vm.base().row.source.contains("path vm.go"));
        let inter = book
            .lookup(&PriceKey::consumption(
                "Bandwidth",
                "Standard",
                "Intra Continent Data Transfer Out",
                "westeurope",
            ))
            .unwrap();
        assert_eq!(inter.base().row.confidence, Some(Confidence::Low));
        assert!(
            inter
                .base()
                .row
                .source
                .starts_with("zone price, not a regional API row")
        );
        // 1-year reservation: 0.23 × (1 − 41/100) = 0.1357, low confidence, derivation shown.
        let mut k = PriceKey::consumption("Virtual Machines", "D4s v5", "D4s v5", "westeurope");
        k.price_type = PriceType::Reservation1y;
        let r = book.lookup(&k).unwrap();
        assert_eq!(r.base().unit_price.to_string(), "0.1357");
        assert_eq!(r.base().row.confidence, Some(Confidence::Low));
        assert!(
            r.base()
                .row
                .source
                .starts_with("DERIVED hourly equivalent = pay-as-you-go 0.23 × (1 − 41/100)")
        );
    }

    #[test]
    fn a_zone_figure_is_never_given_to_a_region_it_does_not_cover() {
        let page = PAGE.replace("westeurope", "brazilsouth");
        let out = build("brazilsouth", &page).unwrap();
        assert_eq!(
            out.uncovered,
            ["Bandwidth / Standard / Intra Continent Data Transfer Out"]
        );
        assert!(!out.outcome.csv.contains("Intra Continent"));
        assert!(out.outcome.csv.contains("Intra-Region Ingress"));
        assert!(out.outcome.csv.contains(",0.306,"));
    }

    #[test]
    fn a_page_of_another_region_is_refused() {
        let e = build("brazilsouth", PAGE).unwrap_err();
        assert!(
            e.to_string().contains("holds an item of region westeurope"),
            "{e}"
        );
    }

    #[test]
    fn vm_names_follow_the_api_and_the_cost_model() {
        // As `cost::meter::vm_sku` keys them (the estimate tests price these rows).
        assert_eq!(vm_sku_name("Standard_D4s_v5"), "D4s v5");
        assert_eq!(vm_sku_name("Standard_E8s_v5"), "E8s v5");
        assert_eq!(
            vm_product_name("Standard_D16as_v5"),
            "Virtual Machines Dasv5 Series"
        );
        assert_eq!(
            vm_product_name("Standard_D128ds_v6"),
            "Virtual Machines Ddsv6 Series"
        );
        assert_eq!(
            vm_product_name("Standard_L8s_v3"),
            "Virtual Machines Lsv3 Series"
        );
    }

    #[test]
    fn bad_tables_are_reported_with_their_line() {
        let e = parse_vm_table("region,arm_sku_name,usd_per_hour\nx,Standard_D4s_v5,abc\n")
            .unwrap_err();
        assert_eq!(e, "line 2: usd_per_hour \"abc\" is not a number");
        let e = parse_vm_table("region,sku,price\n").unwrap_err();
        assert!(e.starts_with("line 1: expected the header"), "{e}");
        let e = parse_zone_prices(&ZONES.replace("2024-07-01", "July")).unwrap_err();
        assert!(e.starts_with("line 2: effective_start"), "{e}");
        let e = parse_reservation_discounts(
            "price_type,discount_percent,source,confidence\nreservation_1y,140,s,low\n",
        )
        .unwrap_err();
        assert!(e.starts_with("line 2: discount_percent \"140\""), "{e}");
        let e = parse_zone_prices(&ZONES.replace(",medium", ",sure")).unwrap_err();
        assert!(e.contains("unknown confidence"), "{e}");
    }
}

#[cfg(test)]
mod zone_tests {
    use super::*;

    #[test]
    fn the_shipped_zone_table_parses_and_an_api_row_wins_over_a_zone_figure() {
        let zones = shipped_zone_prices();
        assert!(zones.len() >= 10);
        let (rows, uncovered) = zone_rows("westeurope", "USD", &zones, &[]);
        assert!(uncovered.is_empty());
        assert!(rows.iter().any(|r| r.meter == "Intra-Region Ingress"));
        let api_row = Row {
            source: "api".into(),
            confidence: Confidence::High,
            ..rows
                .iter()
                .find(|r| r.meter == "Intra-Region Ingress")
                .unwrap()
                .clone()
        };
        let (again, _) = zone_rows("westeurope", "USD", &zones, &[api_row]);
        assert!(!again.iter().any(|r| r.meter == "Intra-Region Ingress"));
        // No zone figure is ever given in another currency.
        assert!(zone_rows("westeurope", "EUR", &zones, &[]).0.is_empty());
        let (_, uncovered) = zone_rows("japaneast", "USD", &zones, &[]);
        assert!(
            uncovered
                .iter()
                .any(|m| m.contains("Standard Data Transfer Out"))
        );
    }
}
