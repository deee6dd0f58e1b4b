//! How far the prices behind a report can be trusted, in one line for its first screen.

use std::collections::BTreeSet;

use super::Report;
use crate::domain::region_display_name;

/// The catalog prices a report used, and how many of them the catalog rates low-confidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogQuality {
    /// Distinct price rows used by any option's lines.
    pub prices_used: usize,
    /// Of those, rows the catalog rates `low`.
    pub low_confidence: usize,
    /// Lines with no price at all.
    pub unpriced_lines: usize,
}

impl CatalogQuality {
    /// Count the distinct price rows behind every cost line (a row used by five options counts once).
    pub fn of(report: &Report) -> Self {
        let mut used = BTreeSet::new();
        let mut low = BTreeSet::new();
        let mut unpriced_lines = 0;
        for line in report.estimate.options.iter().flat_map(|o| &o.lines) {
            let Some(p) = &line.price_ref else {
                unpriced_lines += 1;
                continue;
            };
            let key = (
                p.catalog.clone(),
                p.meter_id.clone(),
                p.sku.clone(),
                p.meter.clone(),
                p.price_type,
            );
            if p.confidence == Some(crate::pricing::Confidence::Low) {
                low.insert(key.clone());
            }
            used.insert(key);
        }
        Self {
            prices_used: used.len(),
            low_confidence: low.len(),
            unpriced_lines,
        }
    }

    /// "3 of 41 prices used (7 %) are rated low-confidence by the catalog".
    pub fn share_text(&self) -> String {
        if self.prices_used == 0 {
            return "no catalog prices used".into();
        }
        let percent = (self.low_confidence * 100 + self.prices_used / 2) / self.prices_used;
        format!(
            "{} of {} prices used ({percent} %) rated low-confidence",
            self.low_confidence, self.prices_used
        )
    }

    /// The whole line: region, currency, catalog date and the low-confidence share.
    pub fn line(&self, region: &str, currency: &str, catalog_date: &str) -> String {
        let region = region_display_name(region)
            .map_or_else(|| region.to_owned(), |name| format!("{name} ({region})"));
        let mut text = format!(
            "Prices: {region} · {currency} · catalog dated {catalog_date} · {}",
            self.share_text()
        );
        if self.unpriced_lines > 0 {
            text.push_str(&format!(
                " · {} line(s) without a price",
                self.unpriced_lines
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_is_rounded_and_spelled_out() {
        let q = CatalogQuality {
            prices_used: 41,
            low_confidence: 3,
            unpriced_lines: 0,
        };
        // 3 ÷ 41 = 7.3 % → 7 %.
        assert_eq!(
            q.share_text(),
            "3 of 41 prices used (7 %) rated low-confidence"
        );
        let line = q.line("eastus", "USD", "2026-07-05");
        assert!(
            line.starts_with("Prices: East US (eastus) · USD · catalog dated 2026-07-05"),
            "{line}"
        );
        let none = CatalogQuality {
            prices_used: 0,
            low_confidence: 0,
            unpriced_lines: 2,
        };
        assert!(
            none.line("xx", "EUR", "—")
                .ends_with("2 line(s) without a price")
        );
    }

    #[test]
    fn a_real_report_counts_each_price_row_once() {
        let path = format!(
            "{}/examples/small-azure-ingestion.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let a = crate::domain::Assessment::parse_json(&std::fs::read(path).unwrap()).unwrap();
        let book = crate::pricing::PriceBook::embedded().unwrap();
        let report = Report::build(a, super::super::Provenance::default(), &book);
        let q = CatalogQuality::of(&report);
        let lines_priced = report
            .estimate
            .options
            .iter()
            .flat_map(|o| &o.lines)
            .filter(|l| l.price_ref.is_some())
            .count();
        assert!(
            q.prices_used > 0 && q.prices_used < lines_priced,
            "{q:?} of {lines_priced}"
        );
        assert!(q.low_confidence <= q.prices_used);
    }
}
