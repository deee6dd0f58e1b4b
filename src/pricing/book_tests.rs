//! Tests of the price book: loading, lookup, versions.

use super::*;

const HEADER: &str = "service,product,sku,meter,region,unit,unit_price,currency,effective_start,meter_id,source,tier_min_units,price_type";

fn book(files: &[(&str, &str)]) -> Result<PriceBook, LoadError> {
    PriceBook::from_sources(
        files
            .iter()
            .map(|(n, body)| (n.to_string(), format!("{HEADER}\n{body}"))),
    )
}

#[test]
fn embedded_catalogs_load_and_are_versioned() {
    let b = PriceBook::embedded().unwrap();
    let p = b.pricing_ref();
    assert_eq!(p.catalogs.len(), 15);
    assert!(
        p.catalog.starts_with("australiaeast.csv+brazilsouth.csv+"),
        "{}",
        p.catalog
    );
    assert_eq!(p.version.len(), 16);
    assert!(p.catalogs.iter().all(|c| c.rows > 40), "{p:?}");
    let q = b
        .lookup(&PriceKey::consumption(
            "Event Hubs",
            "Standard",
            "Standard Throughput Unit",
            "eastus",
        ))
        .unwrap();
    // The figure itself is data (the goldens pin it on the fixture book); here: it is priced.
    assert!(q.base().unit_price > Decimal::ZERO);
    assert_eq!(q.base().catalog, "eastus.csv");
}

#[test]
fn every_embedded_row_names_its_source_and_regional_rows_cite_repository_path_and_commit() {
    let b = PriceBook::embedded().unwrap();
    for c in b.catalogs() {
        for r in &c.rows {
            assert!(r.source.len() > 10, "{}:{} {}", c.name, r.line, r.source);
            assert!(r.confidence.is_some(), "{}:{}", c.name, r.line);
            if c.name == "eastus.csv" {
                continue;
            }
            // Every regional row is its own region's (no borrowed figures).
            assert_eq!(format!("{}.csv", r.region), c.name, "{}:{}", c.name, r.line);
            let api = r.source.contains("repository ") && r.source.contains(", commit ");
            // A zone price cites the reference file or the third-party page it came from.
            let zone = r.source.starts_with("zone price, not a regional API row: ");
            let derived = r.source.starts_with("DERIVED hourly equivalent")
                || r.source.starts_with("ESTIMATE, not a published meter");
            assert!(api || zone || derived, "{}:{} {}", c.name, r.line, r.source);
            if zone || derived {
                assert_ne!(
                    r.confidence,
                    Some(crate::pricing::Confidence::High),
                    "{}:{}",
                    c.name,
                    r.line
                );
            }
        }
    }
}

#[test]
fn west_europe_has_its_own_prices() {
    // README of the price data: a Premium PU is $1.336/h in West Europe, $1.027 in East US 2.
    let b = PriceBook::embedded().unwrap();
    let pu = |region: &str| {
        b.lookup(&PriceKey::consumption(
            "Event Hubs",
            "Premium",
            "Premium Processing Unit",
            region,
        ))
        .unwrap()
        .base()
        .unit_price
        .to_string()
    };
    assert_eq!(pu("westeurope"), "1.336");
    assert_eq!(pu("eastus2"), "1.027");
    assert_eq!(pu("brazilsouth"), "2.055");
}

#[test]
fn several_matches_pick_the_smallest_non_zero_price_deterministically() {
    let b = book(&[(
        "a.csv",
        "Virtual Machines,Windows,D4s v5,D4s v5,eastus,1 Hour,0.376,USD,2025-01-01,,s,0,consumption\n\
         Virtual Machines,Linux,D4s v5,D4s v5,eastus,1 Hour,0.192,USD,2025-01-01,,s,0,consumption\n\
         Virtual Machines,Free promo,D4s v5,D4s v5,eastus,1 Hour,0,USD,2025-01-01,,s,0,consumption",
    )])
    .unwrap();
    let q = b
        .lookup(&PriceKey::consumption(
            "Virtual Machines",
            "D4s v5",
            "D4s v5",
            "eastus",
        ))
        .unwrap();
    assert_eq!(q.matched_rows, 3);
    assert_eq!(q.tiers.len(), 1);
    assert_eq!(q.base().unit_price.to_string(), "0.192");
    assert_eq!(q.base().row.product, "Linux");
    // Naming the product narrows the match.
    let mut k = PriceKey::consumption("Virtual Machines", "D4s v5", "D4s v5", "eastus");
    k.product = Some("Windows".into());
    assert_eq!(b.lookup(&k).unwrap().base().unit_price.to_string(), "0.376");
}

#[test]
fn tiers_come_back_sorted_and_all_zero_tiers_stay_zero() {
    let b = book(&[(
        "a.csv",
        "Bandwidth,B,Standard,Out,eastus,1 GB,0.083,USD,2025-01-01,,s,10240,consumption\n\
         Bandwidth,B,Standard,Out,eastus,1 GB,0,USD,2025-01-01,,s,0,consumption\n\
         Bandwidth,B,Standard,Out,eastus,1 GB,0.087,USD,2025-01-01,,s,100,consumption",
    )])
    .unwrap();
    let q = b
        .lookup(&PriceKey::consumption(
            "Bandwidth",
            "Standard",
            "Out",
            "eastus",
        ))
        .unwrap();
    assert_eq!(q.tier_labels(), ["0@0", "0.087@100", "0.083@10240"]);
}

#[test]
fn region_falls_back_to_global_and_misses_are_none() {
    let b = book(&[(
        "g.csv",
        "Bandwidth,B,Standard,Out,global,1 GB,0.02,USD,2025-01-01,,s,0,consumption",
    )])
    .unwrap();
    assert!(
        b.lookup(&PriceKey::consumption(
            "Bandwidth",
            "Standard",
            "Out",
            "eastus"
        ))
        .is_some()
    );
    assert!(
        b.lookup(&PriceKey::consumption(
            "Bandwidth",
            "Standard",
            "In",
            "eastus"
        ))
        .is_none()
    );
    let mut k = PriceKey::consumption("Bandwidth", "Standard", "Out", "eastus");
    k.currency = "EUR".into();
    assert!(b.lookup(&k).is_none());
}

#[test]
fn duplicate_rows_are_rejected_with_both_places() {
    let row =
        "Event Hubs,Event Hubs,Standard,TU,eastus,1 Hour,0.03,USD,2024-07-01,,s,0,consumption";
    let e = book(&[("a.csv", row), ("b.csv", row)]).unwrap_err();
    let LoadError::Catalog(e) = e else {
        panic!("{e}")
    };
    assert_eq!((e.file.as_str(), e.line), ("b.csv", 2));
    assert!(
        e.reason.contains("duplicate price") && e.reason.contains("a.csv:2"),
        "{e}"
    );
}

#[test]
fn a_tiered_meter_without_a_zero_tier_is_rejected() {
    let e = book(&[(
        "a.csv",
        "Storage,SSD,Premium LRS,IOPS,eastus,1/Hour,0.000007,USD,2025-01-01,,s,3000,consumption",
    )])
    .unwrap_err();
    assert!(e.to_string().contains("no tier starting at 0"), "{e}");
    assert!(e.to_string().starts_with("a.csv:2:"), "{e}");
}

#[test]
fn load_dir_reads_every_csv_and_reports_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.csv"),
        format!("{HEADER}\nEvent Hubs,EH,Standard,TU,eastus,1 Hour,0.03,USD,2024-07-01,,s,0,consumption\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    let b = PriceBook::load_dir(dir.path()).unwrap();
    assert_eq!(b.pricing_ref().catalog, "x.csv");
    std::fs::write(
        dir.path().join("y.csv"),
        format!("{HEADER}\nEvent Hubs,EH,Standard,TU,eastus,1 Hour,abc,USD,2024-07-01,,s,0,consumption\n"),
    )
    .unwrap();
    let e = PriceBook::load_dir(dir.path()).unwrap_err();
    assert!(
        e.to_string().starts_with("y.csv:2: unit_price \"abc\""),
        "{e}"
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        PriceBook::load_dir(empty.path()),
        Err(LoadError::NoCatalogs { .. })
    ));
}

#[test]
fn version_changes_when_a_price_changes() {
    let a = book(&[(
        "a.csv",
        "S,P,K,M,eastus,1 Hour,0.03,USD,2024-07-01,,s,0,consumption",
    )])
    .unwrap();
    let b = book(&[(
        "a.csv",
        "S,P,K,M,eastus,1 Hour,0.04,USD,2024-07-01,,s,0,consumption",
    )])
    .unwrap();
    assert_ne!(a.pricing_ref().version, b.pricing_ref().version);
}
