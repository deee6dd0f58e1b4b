//! Is a region and currency fully priced? Decided by pricing a probe scenario with the real
//! cost model and looking for lines without a price — so the answer follows the cost model
//! as it gains meters, with no list of meters kept here.

use std::collections::BTreeSet;

use crate::domain::{Assessment, OnPremisesLink, Scenario};
use crate::estate::EstateFacts;
use crate::knowledge::ConnectorKb;
use crate::pricing::PriceBook;

/// The probe: a small Azure-native estate with Private Link, three zones, and traffic on
/// every network meter, so each option emits every line it can.
const PROBE: &str = include_str!("../../examples/small-azure-ingestion.json");

/// What pricing the probe in one region and currency found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub region: String,
    pub currency: String,
    /// The flags of unpriced lines, one per distinct meter, sorted.
    pub missing: Vec<String>,
}

impl Coverage {
    /// Every option of every probe variant was fully priced.
    pub fn complete(&self) -> bool {
        self.missing.is_empty()
    }
}

fn probes(region: &str, currency: &str) -> Vec<Assessment> {
    let Ok(base) = Scenario::from_json_slice(PROBE.as_bytes()) else {
        return Vec::new();
    };
    [OnPremisesLink::Vpn, OnPremisesLink::Expressroute]
        .into_iter()
        .filter_map(|link| {
            let mut s = base.clone();
            region.clone_into(&mut s.region);
            currency.clone_into(&mut s.currency);
            s.network.on_premises_link = link;
            s.network.vnet_peering_gb_per_month = 500.0;
            s.network.internet_egress_gb_per_month = 2_000.0;
            s.network.cross_region_replication_gb_per_month = 500.0;
            Assessment::validate(s).ok()
        })
        .collect()
}

/// Price the probe scenarios in `region` and `currency` and collect what is missing.
/// A region or currency the validator refuses counts as not covered.
pub fn coverage(book: &PriceBook, region: &str, currency: &str) -> Coverage {
    let probes = probes(region, currency);
    let mut missing = BTreeSet::new();
    if probes.is_empty() {
        missing.insert(format!(
            "{region} / {currency} is not a region and currency a scenario may use"
        ));
    }
    for a in &probes {
        let facts = EstateFacts::derive(a, ConnectorKb::embedded());
        let estimate = crate::cost::estimate(a, &facts, book);
        for o in &estimate.options {
            // A vendor's own charge (a licence awaiting the user's figure, a list price in
            // another currency) is not a gap in the Azure catalog.
            for line in o
                .lines
                .iter()
                .filter(|l| l.unit_price.is_none() && !l.vendor_unpriced())
            {
                missing.insert(line.flag.clone().unwrap_or_else(|| line.component.clone()));
            }
        }
    }
    Coverage {
        region: region.to_owned(),
        currency: currency.to_owned(),
        missing: missing.into_iter().collect(),
    }
}

/// Every (region, currency) pair a book holds rows for, and whether each is complete.
pub fn catalog_coverage(book: &PriceBook) -> Vec<Coverage> {
    let mut pairs = BTreeSet::new();
    for c in book.catalogs() {
        for r in &c.rows {
            if r.region != crate::pricing::GLOBAL_REGION {
                pairs.insert((r.region.clone(), r.currency.clone()));
            }
        }
    }
    pairs
        .into_iter()
        .map(|(region, currency)| coverage(book, &region, &currency))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_is_a_valid_scenario_in_every_variant() {
        assert_eq!(probes("westeurope", "USD").len(), 2);
        assert!(probes("atlantis", "USD").is_empty());
    }

    #[test]
    fn a_currency_without_prices_is_incomplete_and_says_why() {
        let book = PriceBook::embedded().unwrap();
        let c = coverage(&book, "westeurope", "EUR");
        assert!(!c.complete());
        assert!(
            c.missing
                .iter()
                .any(|m| m.contains("westeurope") && m.contains("EUR")),
            "{:?}",
            c.missing
        );
    }
}
