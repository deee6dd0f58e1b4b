//! The MADR's decision outcome: the chosen option, its consequences and how to confirm it,
//! or, when every option is disqualified, what would have to change.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Render, amount, escape_md, reason_text};
use crate::cost::OptionEstimate;
use crate::decision::{Effect, RecommendationStatus};
use crate::report::focus::{CostKind, OPTION_TAG, focus_service};

/// A category (in the estimate's FOCUS ServiceCategory terms) deviating from the estimate by
/// more than this, in percent, is worth revisiting the decision for.
const CONFIRMATION_TOLERANCE_PERCENT: u32 = 20;

/// The chosen option, or `None` with what the engine said when no option clears every hard
/// limit.
pub(super) enum Outcome {
    Chosen(Box<Chosen>),
    None {
        headline: String,
        /// What would need to change, option by option.
        if_relaxed: Vec<String>,
    },
}

pub(super) struct Chosen {
    pub(super) label: &'static str,
    /// The engine's headline, without the option's name it opens with.
    pub(super) headline: String,
    pub(super) close_call: Option<String>,
    pub(super) why_not_cheapest: Option<String>,
    pub(super) total: String,
    pub(super) people: Option<super::PeopleCost>,
    pub(super) runtime: &'static str,
    /// What the Connect runtime adds to the total, when priced.
    pub(super) runtime_adds: Option<String>,
    pub(super) good: Vec<String>,
    /// Every reason not in favour, in the engine's order.
    pub(super) bad: Vec<String>,
    pub(super) checklist: Vec<ChecklistItem>,
    /// The value of the option tag on the Azure resources, and of `x_Option` in the export.
    pub(super) option_id: &'static str,
    pub(super) option_tag: &'static str,
    pub(super) tolerance_percent: u32,
    pub(super) by_category: Vec<CategoryCost>,
    /// Infrastructure a month, without the currency.
    pub(super) infrastructure: String,
}

pub(super) struct ChecklistItem {
    pub(super) title: String,
    pub(super) how: String,
    pub(super) why: String,
    pub(super) source: String,
}

/// Expected EffectiveCost a month of one FOCUS ServiceCategory, without the currency.
pub(super) struct CategoryCost {
    pub(super) category: &'static str,
    pub(super) cost: String,
}

impl Render<'_> {
    pub(super) fn outcome(&self) -> Outcome {
        let rec = &self.report.decision.recommendation;
        let chosen = rec
            .option
            .and_then(|o| self.report.options().find(|(e, _)| e.option == o));
        let Some((estimate, verdict)) = chosen else {
            return Outcome::None {
                headline: escape_md(&rec.headline),
                if_relaxed: rec.if_relaxed.iter().map(|r| escape_md(r)).collect(),
            };
        };
        let label = estimate.option.label();
        // The headline opens with the option's name (after "Close call — " when it is one);
        // the sentence already names it.
        let headline = rec.headline.trim_start_matches("Close call — ");
        let headline = headline
            .strip_prefix(label)
            .and_then(|h| h.strip_prefix(": "))
            .unwrap_or(headline);
        let reasons = verdict.map_or(&[][..], |v| v.reasons.as_slice());
        let (good, bad): (Vec<_>, Vec<_>) =
            reasons.iter().partition(|r| r.effect == Effect::Favour);
        let rt = &estimate.connect_runtime;
        Outcome::Chosen(Box::new(Chosen {
            label,
            headline: escape_md(headline),
            close_call: rec
                .close_call
                .as_deref()
                .filter(|_| rec.status == RecommendationStatus::CloseCall)
                .map(escape_md),
            why_not_cheapest: rec.why_not_cheapest.as_deref().map(escape_md),
            total: self.money(estimate.total),
            people: self.people(estimate),
            runtime: rt.label,
            runtime_adds: rt.monthly_cost.map(|c| self.money(c)),
            good: good.into_iter().map(reason_text).collect(),
            bad: bad.into_iter().map(reason_text).collect(),
            checklist: self
                .report
                .decision
                .checklist
                .iter()
                .map(|c| ChecklistItem {
                    title: escape_md(&c.title),
                    how: escape_md(&c.how),
                    why: escape_md(&c.why),
                    source: super::source_link(&c.source),
                })
                .collect(),
            option_id: estimate.option.id(),
            option_tag: OPTION_TAG,
            tolerance_percent: CONFIRMATION_TOLERANCE_PERCENT,
            by_category: by_category(estimate),
            infrastructure: amount(estimate.total),
        }))
    }
}

/// The estimate's infrastructure lines summed by FOCUS ServiceCategory, as its FOCUS export
/// books them.
fn by_category(estimate: &OptionEstimate) -> Vec<CategoryCost> {
    let mut sums: BTreeMap<&'static str, Decimal> = BTreeMap::new();
    for line in &estimate.lines {
        *sums
            .entry(focus_service(line, CostKind::Infrastructure).category)
            .or_default() += line.monthly_cost;
    }
    sums.into_iter()
        .map(|(category, cost)| CategoryCost {
            category,
            cost: amount(cost),
        })
        .collect()
}
