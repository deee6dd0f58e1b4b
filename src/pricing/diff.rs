//! What changed between two catalogs of the same region and currency (printed by
//! `pricing refresh` against the catalog it replaces). Pure.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::catalog::{Catalog, PriceRow, PriceType};

/// A row's identity across catalogs: the meter of a product, bought one way, from a tier.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowKey {
    pub service: String,
    pub product: String,
    pub sku: String,
    pub meter: String,
    pub region: String,
    pub currency: String,
    pub price_type: PriceType,
    pub tier_min_units: Decimal,
}

impl RowKey {
    fn of(r: &PriceRow) -> Self {
        Self {
            service: r.service.clone(),
            product: r.product.clone(),
            sku: r.sku.clone(),
            meter: r.meter.clone(),
            region: r.region.clone(),
            currency: r.currency.clone(),
            price_type: r.price_type,
            tier_min_units: r.tier_min_units,
        }
    }
}

impl std::fmt::Display for RowKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} / {} / {} / {} ({}",
            self.service, self.product, self.sku, self.meter, self.price_type
        )?;
        if !self.tier_min_units.is_zero() {
            write!(f, ", from {} units", self.tier_min_units)?;
        }
        f.write_str(")")
    }
}

/// One price that moved.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceMove {
    pub key: RowKey,
    pub old: Decimal,
    pub new: Decimal,
    /// (new − old) ÷ old × 100; `None` when the old price was 0.
    pub percent: Option<Decimal>,
}

/// The difference between an old and a new catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CatalogDiff {
    pub added: Vec<RowKey>,
    pub removed: Vec<RowKey>,
    /// Every changed price, biggest relative move first (moves from 0 first of all).
    pub moved: Vec<PriceMove>,
    pub unchanged: usize,
}

impl CatalogDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.moved.is_empty()
    }
}

/// Compare two catalogs row by row.
pub fn diff(old: &Catalog, new: &Catalog) -> CatalogDiff {
    let index = |c: &Catalog| -> BTreeMap<RowKey, Decimal> {
        c.rows
            .iter()
            .map(|r| (RowKey::of(r), r.unit_price))
            .collect()
    };
    let (old, new) = (index(old), index(new));
    let mut d = CatalogDiff::default();
    for (key, &price) in &new {
        match old.get(key) {
            None => d.added.push(key.clone()),
            Some(&was) if was == price => d.unchanged += 1,
            Some(&was) => d.moved.push(PriceMove {
                key: key.clone(),
                old: was,
                new: price,
                percent: (!was.is_zero())
                    .then(|| ((price - was) / was * Decimal::ONE_HUNDRED).round_dp(2)),
            }),
        }
    }
    d.removed = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .cloned()
        .collect();
    d.moved.sort_by(|a, b| {
        let size = |m: &PriceMove| m.percent.map(|p| p.abs());
        // None (a move from 0) ranks above every percentage.
        match (size(a), size(b)) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(&x),
        }
        .then_with(|| a.key.cmp(&b.key))
    });
    d
}

/// A short report for people: counts, then up to `top` of each list.
pub fn summary(d: &CatalogDiff, top: usize) -> String {
    use std::fmt::Write as _;
    let mut s = format!(
        "{} row(s) added, {} removed, {} price(s) changed, {} unchanged",
        d.added.len(),
        d.removed.len(),
        d.moved.len(),
        d.unchanged
    );
    if !d.moved.is_empty() {
        s.push_str("\n  biggest price moves:");
        for m in d.moved.iter().take(top) {
            let pct = m
                .percent
                .map_or_else(|| "from 0".to_owned(), |p| format!("{p:+}%"));
            let _ = write!(s, "\n    {}: {} → {} ({pct})", m.key, m.old, m.new);
        }
    }
    for (label, keys) in [("added", &d.added), ("removed", &d.removed)] {
        if keys.is_empty() {
            continue;
        }
        let _ = write!(s, "\n  {label}:");
        for k in keys.iter().take(top) {
            let _ = write!(s, "\n    {k}");
        }
        if keys.len() > top {
            let _ = write!(s, "\n    … and {} more", keys.len() - top);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "service,product,sku,meter,region,unit,unit_price,currency,effective_start,meter_id,source,tier_min_units,price_type,confidence";

    fn cat(body: &str) -> Catalog {
        Catalog::parse("c.csv", &format!("{HEADER}\n{body}")).unwrap()
    }

    #[test]
    fn added_removed_and_moves_are_found_and_ranked() {
        let old = cat(
            "Event Hubs,Event Hubs,Premium,PU,westeurope,1 Hour,1.233,USD,2024-01-01,,s,0,consumption,high\n\
                       Event Hubs,Event Hubs,Standard,TU,westeurope,1 Hour,0.03,USD,2024-01-01,,s,0,consumption,high\n\
                       Storage,Blob,Hot LRS,Read,westeurope,10K,0.004,USD,2024-01-01,,s,0,consumption,high\n\
                       Storage,Blob,Hot LRS,Gone,westeurope,10K,0.1,USD,2024-01-01,,s,0,consumption,high",
        );
        let new = cat(
            "Event Hubs,Event Hubs,Premium,PU,westeurope,1 Hour,1.336,USD,2024-01-01,,s,0,consumption,high\n\
                       Event Hubs,Event Hubs,Standard,TU,westeurope,1 Hour,0.03,USD,2024-01-01,,s,0,consumption,high\n\
                       Storage,Blob,Hot LRS,Read,westeurope,10K,0.0043,USD,2024-01-01,,s,0,consumption,high\n\
                       Storage,Blob,Hot LRS,New,westeurope,10K,0.2,USD,2024-01-01,,s,0,consumption,high",
        );
        let d = diff(&old, &new);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].meter, "New");
        assert_eq!(d.removed[0].meter, "Gone");
        assert_eq!(d.unchanged, 1);
        // Read: (0.0043 − 0.004) ÷ 0.004 = +7.5 %; PU: (1.336 − 1.233) ÷ 1.233 = +8.35 %.
        let moves: Vec<(String, String)> = d
            .moved
            .iter()
            .map(|m| (m.key.meter.clone(), m.percent.unwrap().to_string()))
            .collect();
        assert_eq!(
            moves,
            [("PU".into(), "8.35".into()), ("Read".into(), "7.50".into())]
        );
        let s = summary(&d, 5);
        assert!(
            s.starts_with("1 row(s) added, 1 removed, 2 price(s) changed, 1 unchanged"),
            "{s}"
        );
        assert!(
            s.contains(
                "Event Hubs / Event Hubs / Premium / PU (consumption): 1.233 → 1.336 (+8.35%)"
            ),
            "{s}"
        );
        assert!(diff(&new, &new).is_empty());
    }
}
