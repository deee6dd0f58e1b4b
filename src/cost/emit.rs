//! Where sizing sends its cost components.
//!
//! Sizing code (one function per option) calls [`Emit::add`] once per component with the
//! meter and monthly quantity, plus a closure that describes the line. The itemised estimate
//! ([`LineEmitter`]) calls the closure and writes a priced, explained [`CostLine`]; the fast
//! path ([`TotalEmitter`]) never calls it and only adds up money, so scenario analysis pays
//! for no strings and no allocation while sharing every line of sizing arithmetic.

use std::sync::OnceLock;

use rust_decimal::Decimal;

use super::line::{
    Category, CostLine, currency_prefix, dec, push_money, push_num, push_price, round_cents,
    round_cents_f64,
};
use super::meter::Meter;
use super::price::{PriceTable, graduated, graduated_f64};
use crate::domain::Runtime;

/// Decimal places kept on quantities.
const QUANTITY_DP: u32 = 6;

/// The human side of a component.
pub(crate) struct Describe {
    /// e.g. "Event Hubs Standard throughput units".
    pub component: String,
    /// The quantity's derivation, e.g. "8 TU × 730 h".
    pub inputs: String,
}

/// What a graduated (tiered) price applies to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Basis {
    /// Tiers apply to the monthly total (e.g. internet egress GB per month).
    Total,
    /// Tiers apply per instance, e.g. IOPS per disk-hour: `quantity ÷ instances` is the
    /// level each instance reaches. The label names one instance, e.g. "disk-hour".
    PerInstance(f64, &'static str),
}

/// A receiver of cost components.
pub(crate) trait Emit {
    /// One component: `quantity` in the meter's catalog unit, per month.
    fn add(
        &mut self,
        meter: Meter,
        category: Category,
        quantity: f64,
        basis: Basis,
        describe: impl FnOnce() -> Describe,
    );

    /// Something the reader should know about this option's sizing.
    fn note(&mut self, note: impl FnOnce() -> String);

    /// No deployment the option allows can deliver the load: its total becomes a lower bound
    /// (what the largest deployment would cost), never a price to rank or draw. `why` says
    /// which limit is in the way.
    fn cannot_deliver(&mut self, why: impl FnOnce() -> String);

    /// Components no driver changes (Connect workers, network): `emit` sends them, and an
    /// itemising receiver may replay `section` instead — the same lines and notes, written
    /// once per model rather than once per option.
    fn fixed<'s>(&mut self, section: impl FnOnce() -> &'s Section, emit: impl FnOnce(&mut Self));

    /// [`Emit::fixed`] for a part whose sum is also kept: a receiver that only adds up takes
    /// `subtotal` (the same part, summed once per model) instead of sizing it again.
    fn fixed_with_subtotal<'s>(
        &mut self,
        section: impl FnOnce() -> &'s Section,
        _subtotal: impl FnOnce() -> Subtotal,
        emit: impl FnOnce(&mut Self),
    ) {
        self.fixed(section, emit);
    }
}

/// What a [`TotalEmitter`] adds up for one part: kept for the parts no driver changes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Subtotal {
    pub cost: f64,
    pub missing: bool,
    pub lower_bound: bool,
}

impl Subtotal {
    /// What `emit` adds up against `prices`.
    pub fn record(prices: &PriceTable, emit: impl FnOnce(&mut TotalEmitter<'_>)) -> Self {
        let mut e = TotalEmitter {
            prices,
            total: 0.0,
            lower_bound: false,
            missing: false,
        };
        emit(&mut e);
        Self {
            cost: e.total,
            missing: e.missing,
            lower_bound: e.lower_bound,
        }
    }
}

/// Lines and notes written once by a [`LineEmitter`] and replayed by every option.
#[derive(Debug, Clone, Default)]
pub(crate) struct Section {
    pub lines: Vec<CostLine>,
    pub notes: Vec<String>,
}

impl Section {
    /// What `emit` writes, itemised against `prices`.
    pub fn record(prices: &PriceTable, emit: impl FnOnce(&mut LineEmitter<'_>)) -> Self {
        let mut e = LineEmitter::new(prices);
        emit(&mut e);
        Self {
            lines: e.lines,
            notes: e.notes,
        }
    }
}

/// A part no driver changes but the Connect runtime does, itemised and summed at most once
/// per runtime (`Runtime::ALL` order) and replayed by every option on that runtime.
#[derive(Debug, Clone, Default)]
pub(crate) struct PerRuntime {
    sections: [OnceLock<Section>; RUNTIMES],
    subtotals: [OnceLock<Subtotal>; RUNTIMES],
}

/// How many runtimes there are (`Runtime::ALL.len()`, as an array length).
const RUNTIMES: usize = 6;
const _: () = assert!(Runtime::ALL.len() == RUNTIMES);

impl PerRuntime {
    fn index(rt: Runtime) -> usize {
        Runtime::ALL.iter().position(|r| *r == rt).unwrap_or(0)
    }

    /// The part on `rt`, itemised by `emit` on first use.
    pub fn section(
        &self,
        rt: Runtime,
        prices: &PriceTable,
        emit: impl FnOnce(&mut LineEmitter<'_>),
    ) -> &Section {
        self.sections[Self::index(rt)].get_or_init(|| Section::record(prices, emit))
    }

    /// The part on `rt`, summed by `emit` on first use.
    pub fn subtotal(
        &self,
        rt: Runtime,
        prices: &PriceTable,
        emit: impl FnOnce(&mut TotalEmitter<'_>),
    ) -> Subtotal {
        *self.subtotals[Self::index(rt)].get_or_init(|| Subtotal::record(prices, emit))
    }
}

/// Adds up monthly cost only (fast path).
pub(crate) struct TotalEmitter<'a> {
    pub prices: &'a PriceTable,
    pub total: f64,
    /// Set when sizing found that no deployment delivers the load.
    pub lower_bound: bool,
    /// Set when a component had no price (it adds nothing to `total`).
    pub missing: bool,
}

impl Emit for TotalEmitter<'_> {
    #[inline]
    fn add(
        &mut self,
        meter: Meter,
        _category: Category,
        quantity: f64,
        basis: Basis,
        _describe: impl FnOnce() -> Describe,
    ) {
        let r = &self.prices[meter];
        if r.missing() {
            self.missing = true;
            return;
        }
        let list = match basis {
            Basis::Total => graduated_f64(&r.tiers, quantity),
            Basis::PerInstance(n, _) if n > 0.0 => n * graduated_f64(&r.tiers, quantity / n),
            Basis::PerInstance(..) => 0.0,
        };
        let factor = if r.discountable {
            self.prices.discount_factor_f
        } else {
            1.0
        };
        self.total += round_cents_f64(list * factor);
    }

    #[inline]
    fn note(&mut self, _note: impl FnOnce() -> String) {}

    #[inline]
    fn cannot_deliver(&mut self, _why: impl FnOnce() -> String) {
        self.lower_bound = true;
    }

    #[inline]
    fn fixed<'s>(&mut self, _section: impl FnOnce() -> &'s Section, emit: impl FnOnce(&mut Self)) {
        emit(self);
    }

    #[inline]
    fn fixed_with_subtotal<'s>(
        &mut self,
        _section: impl FnOnce() -> &'s Section,
        subtotal: impl FnOnce() -> Subtotal,
        _emit: impl FnOnce(&mut Self),
    ) {
        let s = subtotal();
        self.total += s.cost;
        self.missing |= s.missing;
        self.lower_bound |= s.lower_bound;
    }
}

/// Writes itemised, explained lines.
pub(crate) struct LineEmitter<'a> {
    pub prices: &'a PriceTable,
    pub lines: Vec<CostLine>,
    pub notes: Vec<String>,
    /// Set when sizing found that no deployment delivers the load.
    pub lower_bound: bool,
    prefix: String,
}

impl<'a> LineEmitter<'a> {
    pub fn new(prices: &'a PriceTable) -> Self {
        Self {
            prefix: currency_prefix(&prices.currency),
            prices,
            lines: Vec::new(),
            notes: Vec::new(),
            lower_bound: false,
        }
    }
}

impl Emit for LineEmitter<'_> {
    fn add(
        &mut self,
        meter: Meter,
        category: Category,
        quantity: f64,
        basis: Basis,
        describe: impl FnOnce() -> Describe,
    ) {
        let d = describe();
        let r = &self.prices[meter];
        let (line_unit, price_unit) = (r.line_unit, r.price_unit);
        let q = dec(quantity, QUANTITY_DP);
        let p = self.prefix.as_str();
        // `{inputs} = {q} {line_unit}`: the quantity with its derivation spelled out.
        let derived = |f: &mut String| {
            f.push_str(&d.inputs);
            f.push_str(" = ");
            push_num(f, q);
            f.push(' ');
            f.push_str(line_unit);
        };
        let mut f = String::with_capacity(d.inputs.len() + 192);
        if r.missing() {
            derived(&mut f);
            f.push_str(" × (no price) = not priced");
            self.lines.push(CostLine {
                component: d.component,
                category,
                quantity: q,
                unit: line_unit.into(),
                unit_price: None,
                list_unit_price: None,
                monthly_cost: Decimal::ZERO,
                formula: f.into(),
                price_ref: None,
                flag: r.flag.clone(),
            });
            return;
        }
        let (instances, level) = match basis {
            Basis::Total => (Decimal::ONE, q),
            Basis::PerInstance(n, _) => {
                let n = dec(n, QUANTITY_DP);
                let level = if n.is_zero() { Decimal::ZERO } else { q / n };
                (n, level)
            }
        };
        let (per_instance, used) = graduated(&r.tiers, level);
        let list = per_instance * instances;
        let factor = if r.discountable {
            self.prices.discount_factor
        } else {
            Decimal::ONE
        };
        let cost = round_cents(list * factor);
        let note = |f: &mut String| {
            if let Some(n) = r.price_note.as_deref() {
                f.push(' ');
                f.push_str(n);
            }
        };
        // `{price}/{price_unit}`
        let price_of = |f: &mut String, t: &super::price::Tier| {
            push_price(f, t.price, p);
            f.push('/');
            f.push_str(price_unit);
        };
        // A derivation that is more than a product gets its result spelled out.
        let quantity = |f: &mut String| {
            if d.inputs.contains(['÷', '−', '[', '(']) {
                derived(f);
            } else {
                f.push_str(&d.inputs);
            }
        };
        let unit_price = match (used.as_slice(), basis) {
            // Nothing used (zero quantity): show the first tier's price.
            ([], _) => {
                quantity(&mut f);
                f.push_str(" × ");
                price_of(&mut f, &r.tiers[0]);
                note(&mut f);
                r.tiers[0].price
            }
            ([(_, t)], Basis::Total) => {
                quantity(&mut f);
                f.push_str(" × ");
                price_of(&mut f, t);
                note(&mut f);
                t.price
            }
            (_, Basis::Total) => {
                derived(&mut f);
                f.push_str(": ");
                segments(&mut f, &used, p, line_unit, price_unit);
                note(&mut f);
                average(list, q)
            }
            (_, Basis::PerInstance(_, each)) => {
                derived(&mut f);
                f.push_str("; per ");
                f.push_str(each);
                f.push_str(": (");
                segments(&mut f, &used, p, "", price_unit);
                f.push_str(") × ");
                push_num(&mut f, instances);
                f.push(' ');
                f.push_str(each);
                f.push('s');
                note(&mut f);
                average(list, q)
            }
        };
        f.push_str(" = ");
        push_money(&mut f, list, p);
        if r.discountable && !self.prices.discount_percent.is_zero() {
            f.push_str(" list − ");
            push_num(&mut f, self.prices.discount_percent);
            f.push_str("% negotiated discount = ");
            push_money(&mut f, cost, p);
        }
        self.lines.push(CostLine {
            component: d.component,
            category,
            quantity: q,
            unit: line_unit.into(),
            unit_price: Some(unit_price),
            list_unit_price: match &r.price_ref {
                Some(pr) if pr.is_reservation() => r.payg_price,
                _ => Some(unit_price),
            },
            monthly_cost: cost,
            formula: f.into(),
            price_ref: r.price_ref.clone(),
            flag: r.flag.clone(),
        });
    }

    fn note(&mut self, note: impl FnOnce() -> String) {
        self.notes.push(note());
    }

    fn cannot_deliver(&mut self, why: impl FnOnce() -> String) {
        self.lower_bound = true;
        self.notes.push(format!(
            "Cannot deliver this load: {} The total is a lower bound (the largest deployment's cost), not a price.",
            why()
        ));
    }

    fn fixed<'s>(&mut self, section: impl FnOnce() -> &'s Section, _emit: impl FnOnce(&mut Self)) {
        let s = section();
        self.lines.extend_from_slice(&s.lines);
        self.notes.extend_from_slice(&s.notes);
    }
}

fn average(list: Decimal, q: Decimal) -> Decimal {
    if q.is_zero() {
        Decimal::ZERO
    } else {
        (list / q).round_dp(QUANTITY_DP)
    }
}

/// `{units}[ {unit}] × {price}/{price_unit}` per tier used, joined with ` + `.
fn segments(
    f: &mut String,
    used: &[(Decimal, &super::price::Tier)],
    prefix: &str,
    unit: &str,
    price_unit: &str,
) {
    for (i, (units, t)) in used.iter().enumerate() {
        if i > 0 {
            f.push_str(" + ");
        }
        push_num(f, *units);
        if !unit.is_empty() {
            f.push(' ');
            f.push_str(unit);
        }
        f.push_str(" × ");
        push_price(f, t.price, prefix);
        f.push('/');
        f.push_str(price_unit);
    }
}
