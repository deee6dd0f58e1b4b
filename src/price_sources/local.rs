//! Build the embedded catalogs from a price-data folder (`../shared/price-data`):
//! `retail-api/<region>/<service>.json` (saved API pages), `vm-linux-payg.csv` and
//! `SOURCES.json` (repository, commit and path of both), plus the zone-price table.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::pricing::PriceBook;
use crate::pricing::build::{
    Citation, RegionSources, build_region, parse_vm_table, parse_zone_prices,
};

#[derive(Deserialize)]
struct Sources {
    #[serde(rename = "A")]
    api_pages: ApiSource,
    #[serde(rename = "K")]
    vm_table: VmSource,
}

#[derive(Deserialize)]
struct ApiSource {
    repo: String,
    commit: String,
    /// `src/data/pricing/regions/<region>/<service>.json`
    paths: String,
}

#[derive(Deserialize)]
struct VmSource {
    repo: String,
    commit: String,
    path: String,
    /// RFC 3339 time the table was generated.
    generated: String,
}

/// The files `build-embedded` writes: `(file name, contents)`, in name order.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub files: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

/// Name of the coverage note written beside the catalogs.
pub const COVERAGE_FILE: &str = "COVERAGE.md";

/// The reservation savings applied to the VM table, a file beside the zone prices.
pub const RESERVATION_DISCOUNTS: &str = "reference-reservation-discounts.csv";

/// Build `<region>.csv` for every region folder of `price_data/retail-api`, plus
/// [`COVERAGE_FILE`] saying what each catalog cannot price.
pub fn build_embedded(price_data: &Path, zone_prices: &Path) -> anyhow::Result<Built> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let sources: Sources = serde_json::from_str(&read(&price_data.join("SOURCES.json"))?)
        .context("SOURCES.json does not name sources A (API pages) and K (VM table)")?;
    let vms = parse_vm_table(&read(&price_data.join("vm-linux-payg.csv"))?)
        .map_err(|e| anyhow::anyhow!("vm-linux-payg.csv: {e}"))?;
    let zones = parse_zone_prices(&read(zone_prices)?)
        .map_err(|e| anyhow::anyhow!("{}: {e}", zone_prices.display()))?;
    let discounts_path = zone_prices
        .parent()
        .unwrap_or(Path::new("."))
        .join(RESERVATION_DISCOUNTS);
    let discounts = crate::pricing::build::parse_reservation_discounts(&read(&discounts_path)?)
        .map_err(|e| anyhow::anyhow!("{}: {e}", discounts_path.display()))?;
    let vm_citation = Citation {
        repo: sources.vm_table.repo.clone(),
        commit: sources.vm_table.commit.clone(),
        path: sources.vm_table.path.clone(),
    };
    let vm_date = sources.vm_table.generated.get(..10).unwrap_or_default();

    let regions_dir = price_data.join("retail-api");
    let mut regions: Vec<(String, PathBuf)> = std::fs::read_dir(&regions_dir)
        .with_context(|| format!("cannot read {}", regions_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter_map(|p| Some((p.file_name()?.to_str()?.to_owned(), p)))
        .collect();
    regions.sort();
    if regions.is_empty() {
        bail!("{} holds no region folders", regions_dir.display());
    }

    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    for (region, dir) in &regions {
        let mut pages: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter_map(|p| Some((p.file_stem()?.to_str()?.to_owned(), p)))
            .collect();
        pages.sort();
        let mut cited = Vec::with_capacity(pages.len());
        for (service, path) in &pages {
            cited.push((
                Citation {
                    repo: sources.api_pages.repo.clone(),
                    commit: sources.api_pages.commit.clone(),
                    path: sources
                        .api_pages
                        .paths
                        .replace("<region>", region)
                        .replace("<service>", service),
                },
                read(path)?,
            ));
        }
        let built = build_region(&RegionSources {
            region,
            pages: cited,
            vms: &vms,
            vm_citation: &vm_citation,
            vm_date,
            zone_prices: &zones,
            reservation_discounts: &discounts,
        })
        .with_context(|| format!("cannot build the {region} catalog"))?;
        warnings.extend(
            built
                .outcome
                .warnings
                .iter()
                .map(|w| format!("{region}: {w}")),
        );
        let name = format!("{region}.csv");
        let book = PriceBook::from_sources([(name.clone(), built.outcome.csv.clone())])
            .with_context(|| format!("the built {name} does not load"))?;
        let coverage = super::coverage::coverage(&book, region, "USD");
        let meters: BTreeSet<String> = book.catalogs()[0]
            .rows
            .iter()
            .map(|r| format!("{} / {} / {} / {}", r.service, r.product, r.sku, r.meter))
            .collect();
        notes.push(RegionNote {
            region: region.clone(),
            rows: built.outcome.rows,
            uncovered: built.uncovered,
            coverage,
            meters,
        });
        files.push((name, built.outcome.csv));
    }
    files.push((COVERAGE_FILE.to_owned(), coverage_note(&notes)));
    files.sort();
    Ok(Built { files, warnings })
}

struct RegionNote {
    region: String,
    rows: usize,
    uncovered: Vec<String>,
    coverage: super::coverage::Coverage,
    /// `service / product / sku / meter` of every row.
    meters: BTreeSet<String>,
}

/// A meter most regions have is "expected"; its absence from a region is worth saying.
const EXPECTED_SHARE: f64 = 0.7;

fn coverage_note(notes: &[RegionNote]) -> String {
    let mut seen: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for n in notes {
        for m in &n.meters {
            *seen.entry(m.as_str()).or_default() += 1;
        }
    }
    let expected: Vec<&str> = seen
        .iter()
        .filter(|(_, c)| **c as f64 >= EXPECTED_SHARE * notes.len() as f64)
        .map(|(m, _)| *m)
        .collect();
    let mut s = String::from(
        "# What the embedded regional catalogs cannot price\n\n\
         Generated by `connect-advisor pricing build-embedded` (do not edit by hand). Each catalog\n\
         was checked by pricing a probe scenario (every option, Private Link, three zones, VPN and\n\
         ExpressRoute, traffic on every network meter) in USD. A line the catalog cannot price is\n\
         listed here and flagged in every report; it is never priced from another region's figure.\n\
         `eastus.csv` is maintained by hand and is not listed. Other currencies: `pricing refresh`.\n\n\
         Catalog quality markers (the `confidence` column): `high` = a Retail Prices API row\n\
         (regional items, and the generated Linux VM table); `medium` = a documented figure\n\
         priced per billing zone rather than per region (peering, Private Link, load balancer,\n\
         inter-zone transfer); `low` = a third-party or estimated figure (internet egress and\n\
         inter-region bands for North America and Europe only, and the Event Hubs Standard\n\
         storage overage, which Azure does not publish).\n\n",
    );
    for RegionNote {
        region,
        rows,
        uncovered,
        coverage,
        meters,
    } in notes
    {
        let _ = writeln!(s, "## {region} ({rows} rows)\n");
        if coverage.complete() {
            s.push_str("Complete: every line of the probe scenario is priced.\n");
        } else {
            s.push_str("Not complete; unpriced lines of the probe scenario:\n\n");
            for m in &coverage.missing {
                let _ = writeln!(s, "- {m}");
            }
        }
        if !uncovered.is_empty() {
            s.push_str(
                "\nZone-priced meters left out (the documented figure does not cover this region's billing zone):\n\n",
            );
            for m in uncovered {
                let _ = writeln!(s, "- {m}");
            }
        }
        let absent: Vec<&&str> = expected.iter().filter(|m| !meters.contains(**m)).collect();
        if !absent.is_empty() {
            s.push_str(
                "\nMeters most other regions list that the saved API pages hold no price for in this region (not offered here, or missed by the saved pages; `pricing refresh` checks):\n\n",
            );
            for m in absent {
                let _ = writeln!(s, "- {m}");
            }
        }
        s.push('\n');
    }
    s
}

/// Where the shared price data is, if this checkout has it: `$CONNECT_ADVISOR_PRICE_DATA`,
/// else `../shared/price-data` or `../../shared/price-data` from the crate root.
pub fn find_price_data(crate_root: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CONNECT_ADVISOR_PRICE_DATA") {
        return Some(PathBuf::from(p));
    }
    ["../shared/price-data", "../../shared/price-data"]
        .iter()
        .map(|rel| crate_root.join(rel))
        .find(|p| p.join("SOURCES.json").is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed regional catalogs are exactly what the importer builds from the shared
    /// price data. Without the folder (a checkout without `../shared`) it says so and checks
    /// nothing — except in CI (`CI` set), where the folder must be there and its absence fails.
    #[test]
    fn committed_catalogs_are_what_build_embedded_makes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(data) = find_price_data(root) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but ../shared/price-data is missing (set CONNECT_ADVISOR_PRICE_DATA)"
            );
            eprintln!(
                "SKIPPED committed_catalogs_are_what_build_embedded_makes: no ../shared/price-data (set CONNECT_ADVISOR_PRICE_DATA)"
            );
            return;
        };
        let built = build_embedded(&data, &root.join("pricing/zones/reference-zone-prices.csv"))
            .expect("build");
        assert_eq!(built.files.len(), 15, "14 regions and the coverage note");
        for (name, text) in &built.files {
            let committed = std::fs::read_to_string(root.join("pricing").join(name))
                .unwrap_or_else(|e| panic!("pricing/{name}: {e}"));
            assert!(
                committed == *text,
                "pricing/{name} differs from what `connect-advisor pricing build-embedded --price-data {} --out pricing/` writes; run it and commit the result",
                data.display()
            );
        }
    }
}
