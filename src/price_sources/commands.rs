//! The `pricing refresh` and `pricing build-embedded` verbs, and the `estimate` check for
//! missing prices: file and terminal I/O around [`super::retail_api`] and [`super::local`].

use std::path::Path;

use anyhow::Context;

use super::retail_api::{RetailApi, SERVICES};
use crate::pricing::{Catalog, PriceBook, diff};

/// How many price moves and added/removed rows the change report lists.
const DIFF_TOP: usize = 10;

/// `pricing refresh`: one catalog per region and currency into `out`, each compared with
/// the catalog it replaces. Progress and changes go to `log` (standard error).
pub fn refresh(
    api: &RetailApi,
    regions: &[String],
    currencies: &[String],
    out: &Path,
    log: &mut dyn FnMut(&str),
) -> anyhow::Result<Vec<super::retail_api::Refreshed>> {
    if regions.is_empty() || currencies.is_empty() {
        anyhow::bail!("give at least one --region and one --currency");
    }
    for r in regions {
        super::retail_api::check_region(r)?;
    }
    for c in currencies {
        super::retail_api::check_currency(c)?;
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let embedded = PriceBook::embedded().ok();
    let mut done = Vec::new();
    for region in regions {
        for currency in currencies {
            let fresh = api.refresh(region, currency, SERVICES, &mut |m| log(m))?;
            for w in &fresh.warnings {
                log(&format!("warning: {w}"));
            }
            let path = out.join(&fresh.file_name);
            let new = Catalog::parse(&fresh.file_name, &fresh.csv)?;
            // What it replaces: the file in DIR, else the embedded catalog of the region
            // (USD only: the embedded catalogs hold nothing else).
            let old = match std::fs::read_to_string(&path) {
                Ok(text) => Some((
                    path.display().to_string(),
                    Catalog::parse(&fresh.file_name, &text)?,
                )),
                Err(_) => embedded.as_ref().and_then(|b| {
                    b.catalogs()
                        .iter()
                        .find(|c| {
                            c.name == format!("{region}.csv")
                                && c.rows.iter().any(|r| r.currency == *currency)
                        })
                        .map(|c| (format!("embedded {}", c.name), c.clone()))
                }),
            };
            match old {
                Some((name, old)) => {
                    let d = diff::diff(&old, &new);
                    log(&format!(
                        "{}: against {name}: {}",
                        fresh.file_name,
                        diff::summary(&d, DIFF_TOP)
                    ));
                }
                None => log(&format!(
                    "{}: new catalog ({} rows; nothing to compare with)",
                    fresh.file_name, fresh.rows
                )),
            }
            std::fs::write(&path, &fresh.csv)
                .with_context(|| format!("cannot write {}", path.display()))?;
            log(&format!(
                "wrote {} price rows from {} page(s) ({} retried answer(s)) to {}",
                fresh.rows,
                fresh.pages,
                fresh.retries,
                path.display()
            ));
            done.push(fresh);
        }
    }
    // Prove the directory loads as `--pricing-dir` before saying it does.
    PriceBook::load_dir(out).with_context(|| {
        format!(
            "the catalogs in {} do not load together as --pricing-dir",
            out.display()
        )
    })?;
    Ok(done)
}

/// `pricing build-embedded`: write every regional catalog (and the coverage note) into `out`.
pub fn build_embedded(
    price_data: &Path,
    zone_prices: &Path,
    out: &Path,
    log: &mut dyn FnMut(&str),
) -> anyhow::Result<()> {
    let built = super::local::build_embedded(price_data, zone_prices)?;
    for w in &built.warnings {
        log(&format!("warning: {w}"));
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (name, text) in &built.files {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    log(&format!(
        "wrote {} files to {}",
        built.files.len(),
        out.display()
    ));
    Ok(())
}

/// Why `estimate` refuses to print a report: some option has unpriced lines. Names the
/// region, the currency and the command that would fetch the prices.
pub fn missing_prices_message(report: &crate::report::Report) -> Option<String> {
    let unpriced: Vec<String> = report
        .estimate
        .options
        .iter()
        .filter(|o| o.catalog_missing() > 0)
        .map(|o| format!("{} ({} line(s))", o.option.label(), o.catalog_missing()))
        .collect();
    if unpriced.is_empty() {
        return None;
    }
    let (region, currency) = (&report.assessment.region, &report.assessment.currency);
    Some(format!(
        "the price catalog has no price for some lines in {region} / {currency}: {}.\n\
         Fetch the prices with:\n  connect-advisor pricing refresh --region {region} --currency {currency} --out prices/\n\
         then run estimate with --pricing-dir prices/ (or pass --allow-missing-prices to print the report anyway, unpriced lines counting 0)",
        unpriced.join(", ")
    ))
}
