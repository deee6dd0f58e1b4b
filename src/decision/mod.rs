//! The decision engine: which way of running Kafka Connect on Azure fits an estate, and why.
//!
//! [`evaluate`] runs the rule table ([`rules()`]) in three stages — hard limits, soft criteria,
//! then cost among the options still standing — and turns what fired into a verdict per
//! option, a recommendation, the path (every rule that fired, in order) and a
//! proof-of-architecture checklist for the recommended option.
//!
//! Everything here is pure: no I/O, no clock, no randomness. The same inputs always give the
//! same output, byte for byte, so reports can be diffed and snapshotted.
//!
//! # When nothing is viable
//! If every option is disqualified, [`Recommendation::option`] is `None`,
//! [`Recommendation::status`] is [`RecommendationStatus::NoneViable`], the headline says so, and
//! [`Recommendation::if_relaxed`] lists, option by option, which requirements block it (fewest
//! blockers first). The engine never names a disqualified option as the recommendation: a
//! reviewer must see that the requirements, not the platform choice, need to change.

mod checklist;
mod context;
mod format;
mod recommend;
mod rules;
pub mod runtime;
mod verdict;

#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::{Assessment, PlatformOption};
use crate::estate::EstateFacts;
use crate::knowledge::ConnectorKb;

pub use rules::{Rule, RuntimeRule, Stage, Target, rules, runtime_rules};

/// The monthly cost of one option, as the cost model priced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionCost {
    #[serde(flatten)]
    pub option: PlatformOption,
    /// Monthly total in the scenario currency.
    pub monthly_total: Decimal,
    /// False when some cost lines had no price; the total is then a lower bound.
    pub fully_priced: bool,
    /// True when no deployment of the option can deliver the load, so `monthly_total` is only
    /// what the largest deployment would cost: a lower bound, never a real price to rank on.
    pub lower_bound: bool,
    /// `monthly_total` plus the operations people; the ranking compares this total.
    pub monthly_total_with_people: Decimal,
    /// Capacity units the load needs as the cost model sized them, before any tier cap:
    /// throughput units (Standard), processing units (Premium) or capacity units (Dedicated);
    /// `None` for options not sized in units.
    pub units_needed: Option<u32>,
    /// Connect worker VMs over all pools, as the cost model sized them.
    pub connect_workers: u32,
    /// The only unpriced lines are a vendor's licence the user has not entered (AutoMQ BYOC,
    /// Redpanda BYOC publish no price): the option ranks after every priced contender instead
    /// of keeping every option from being ranked on cost.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub awaiting_licence: bool,
}

/// What a rule does to the options it fires for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Effect {
    /// A documented hard limit is exceeded: the option cannot be recommended.
    #[strum(message = "Disqualifies")]
    Disqualify,
    /// The option may work but something must be proven or worked around first.
    #[strum(message = "Risk")]
    Risk,
    /// A reason to prefer the option.
    #[strum(message = "Favours")]
    Favour,
    /// A reason to prefer another option, short of a risk.
    #[strum(message = "Disfavours")]
    Disfavour,
}

/// The verdict on one option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Verdict {
    /// The option the engine recommends (exactly one, unless nothing is viable).
    #[strum(message = "Recommended")]
    Recommended,
    /// Clears every hard limit and carries no risk.
    #[strum(message = "Viable")]
    Viable,
    /// Clears every hard limit; at least one risk must be proven or worked around first.
    #[strum(message = "Viable with risks")]
    ViableWithRisks,
    /// A documented hard limit is exceeded; never recommended.
    #[strum(message = "Disqualified")]
    Disqualified,
}

/// One rule's finding about one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Rule id, e.g. `R7-STD`.
    pub rule: String,
    pub effect: Effect,
    /// What fired, quoting the inputs and the limit.
    pub message: String,
    /// The document the limit comes from.
    pub source: String,
}

/// The verdict on one option with the reasons behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionVerdict {
    #[serde(flatten)]
    pub option: PlatformOption,
    pub verdict: Verdict,
    /// Sum of the signed weights of the non-cost `reasons` (favour +, disfavour and risk −).
    /// Cost is ranked on the totals themselves, never through points (README, "How the
    /// recommendation is ranked").
    pub score: i32,
    pub reasons: Vec<Reason>,
}

/// How firm the recommendation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum RecommendationStatus {
    /// One option leads clearly.
    Clear,
    /// The runner-up is within reach; `close_call` says what would tip it.
    CloseCall,
    /// Every option is disqualified; `option` is `None`.
    NoneViable,
    /// An option that clears every hard limit has cost lines without a price: nothing is
    /// ranked on cost, and the recommendation rests on limits and risks alone.
    PricesMissing,
}

/// The engine's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The recommended option; `None` when nothing is viable. Serialised as `platform` and
    /// `variant` keys (absent when `None`), as the report JSON expects.
    #[serde(flatten)]
    pub option: Option<PlatformOption>,
    pub status: RecommendationStatus,
    /// One sentence a reviewer can read aloud.
    pub headline: String,
    /// When the runner-up is close: by how much, and what would tip the decision.
    pub close_call: Option<String>,
    /// The second-ranked option that is not disqualified, if any.
    pub runner_up: Option<PlatformOption>,
    /// When nothing is viable: per option, the hard limits that block it (fewest first).
    pub if_relaxed: Vec<String>,
    /// When the recommended option is not the cheapest option that clears every hard limit:
    /// one sentence naming the risks that outweigh the saving, per month and per year, with
    /// people and without. `None` when the recommended option is that cheapest one.
    pub why_not_cheapest: Option<String>,
}

/// A rule that fired, as a step of the decision path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiredRule {
    pub rule: String,
    pub title: String,
    /// The options it fired for (those sharing this exact message).
    pub options: Vec<PlatformOption>,
    pub effect: Effect,
    pub message: String,
    pub source: String,
}

/// One proof-of-architecture item, tailored to the estate and the recommended option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistItem {
    /// Stable id, e.g. `internal-topics`.
    pub id: String,
    pub title: String,
    /// Why it matters for this estate, quoting its facts.
    pub why: String,
    /// What to do or prove.
    pub how: String,
    /// Where the practice comes from.
    pub source: String,
}

/// Everything the engine concluded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// One verdict per option, in `PlatformOption::all` order.
    pub options: Vec<OptionVerdict>,
    pub recommendation: Recommendation,
    /// Every rule that fired, in rule-table order.
    pub path: Vec<FiredRule>,
    pub checklist: Vec<ChecklistItem>,
}

/// Evaluate an assessment against every option.
///
/// `costs` holds one entry per option in `PlatformOption::all(a.options.connect_runtime)` order;
/// entries are matched by option, so order is not relied on, and an empty slice simply
/// switches the cost rules off.
pub fn evaluate(a: &Assessment, facts: &EstateFacts, costs: &[OptionCost]) -> Decision {
    evaluate_with(a, facts, costs, ConnectorKb::embedded())
}

/// [`evaluate`] against a given knowledge base (tests and alternative catalogues).
pub fn evaluate_with(
    a: &Assessment,
    facts: &EstateFacts,
    costs: &[OptionCost],
    kb: &ConnectorKb,
) -> Decision {
    let mut ctx = context::RuleCtx::new(a, facts, kb, costs);
    let outcome = verdict::run(&mut ctx);
    let (recommendation, verdicts) = recommend::recommend(&ctx, outcome.verdicts);
    let checklist = checklist::build(&ctx, recommendation.option);
    Decision {
        options: verdicts,
        recommendation,
        path: outcome.path,
        checklist,
    }
}
