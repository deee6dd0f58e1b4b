//! The Connect runtime decision: every runtime judged for every endpoint option by the
//! runtime rules ([`super::rules::runtime_rules`]), then one chosen per option.
//!
//! Pure, and independent of prices: the cost model calls [`assess`] for each runtime, prices
//! each one, and calls [`choose`] with the totals, so the option's total, its fast-path
//! monthly figure and the report all rest on the same runtime.

use rust_decimal::Decimal;
use serde::Serialize;

use super::rules::runtime_rules;
use super::{Effect, Verdict};
use crate::domain::{
    Assessment, ConnectRuntime, Named, PlatformOption, Runtime, vm_memory_gib, vm_vcpus,
};

/// What the runtime rules read.
pub struct RuntimeCtx<'a> {
    pub assessment: &'a Assessment,
    /// vCPU and GiB of one worker, from `worker_vm_size`; `None` when the family is unknown.
    pub worker_shape: Option<(u32, u32)>,
    pub isolated_connectors: usize,
    /// Distinct plugin classes in the inventory.
    pub plugin_classes: usize,
}

impl<'a> RuntimeCtx<'a> {
    pub fn new(a: &'a Assessment) -> Self {
        let size = &a.options.assumptions.worker_vm_size;
        Self {
            assessment: a,
            worker_shape: vm_vcpus(size).zip(vm_memory_gib(size)),
            isolated_connectors: a.connectors.iter().filter(|c| c.isolated).count(),
            plugin_classes: distinct_classes(a),
        }
    }
}

/// Distinct plugin classes among the connectors. A hash set, not an ordered one: class names
/// share long prefixes (`io.debezium.connector.…`), which makes sorting them the slow part.
fn distinct_classes(a: &Assessment) -> usize {
    let mut seen: std::collections::HashSet<&str, foldhash::fast::RandomState> =
        std::collections::HashSet::with_capacity_and_hasher(
            a.connectors.len(),
            foldhash::fast::RandomState::default(),
        );
    for c in &a.connectors {
        seen.insert(c.class.as_str());
    }
    seen.len()
}

/// One runtime rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuntimeReason {
    pub rule: &'static str,
    pub effect: Effect,
    /// Points among near-equal runtimes (favour +, disfavour −).
    pub weight: u8,
    pub message: std::borrow::Cow<'static, str>,
    pub source: &'static str,
    pub read_on: &'static str,
}

/// The runtime rules' findings on one runtime for one option.
#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeAssessment {
    pub runtime: Runtime,
    /// `Viable`, `ViableWithRisks` or `Disqualified` (never `Recommended`: see [`choose`]).
    pub verdict: Verdict,
    pub reasons: Vec<RuntimeReason>,
}

/// Favour points minus disfavour points of a runtime's reasons.
pub fn points(reasons: &[RuntimeReason]) -> i32 {
    reasons
        .iter()
        .map(|r| match r.effect {
            Effect::Favour => i32::from(r.weight),
            Effect::Disfavour => -i32::from(r.weight),
            _ => 0,
        })
        .sum()
}

/// Run every runtime rule for `runtime` under `option`.
pub fn assess(ctx: &RuntimeCtx<'_>, option: PlatformOption, runtime: Runtime) -> RuntimeAssessment {
    let reasons: Vec<RuntimeReason> = runtime_rules()
        .iter()
        .filter_map(|r| {
            r.evaluate(ctx, option, runtime)
                .map(|message| RuntimeReason {
                    rule: r.id,
                    effect: r.effect,
                    weight: r.weight,
                    message,
                    source: r.source,
                    read_on: r.read_on,
                })
        })
        .collect();
    let verdict = if reasons.iter().any(|r| r.effect == Effect::Disqualify) {
        Verdict::Disqualified
    } else if reasons.iter().any(|r| r.effect == Effect::Risk) {
        Verdict::ViableWithRisks
    } else {
        Verdict::Viable
    };
    RuntimeAssessment {
        runtime,
        verdict,
        reasons,
    }
}

/// A runtime's monthly cost for the choice: `None` when some line has no price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Priced {
    pub runtime: Runtime,
    pub monthly: Option<Decimal>,
    /// [`points`] of the runtime's reasons.
    pub points: i32,
}

/// Runtimes within this factor of the cheapest of their verdict class are compared on
/// favour and disfavour points first (10%, the endpoint ranking's cost tie).
const TIE: Decimal = Decimal::from_parts(110, 0, 0, false, 2);

/// The runtime for one option, and why it was chosen when that is not obvious.
///
/// Candidates are the runtimes the preference allows; when none of them clears the hard
/// rules, every runtime is (and the note says so). Among candidates: not disqualified, then
/// fewest risks (viable before viable-with-risks), then priced before unpriced, then — among
/// those within 10% of the cheapest — most favour points, then cost, then table order.
/// `None` only when every runtime is disqualified.
pub fn choose(
    preference: ConnectRuntime,
    option: PlatformOption,
    assessed: &[RuntimeAssessment],
    priced: &[Priced],
) -> Option<(Runtime, Option<String>)> {
    let find = |r: Runtime| priced.iter().find(|p| p.runtime == r);
    let cost = |r: Runtime| find(r).and_then(|p| p.monthly);
    let points = |r: Runtime| find(r).map_or(0, |p| p.points);
    let standing = |a: &&RuntimeAssessment| a.verdict != Verdict::Disqualified;
    let allowed: Vec<&RuntimeAssessment> = assessed
        .iter()
        .filter(|a| a.runtime.allowed_by(preference))
        .filter(standing)
        .collect();
    let (pool, note) = if allowed.is_empty() && preference != ConnectRuntime::Auto {
        (
            assessed.iter().filter(standing).collect::<Vec<_>>(),
            Some(format!(
                "options.connect_runtime asks for {}, which cannot serve {} (see its disqualifying rule); the advisor chose among the other runtimes",
                preference.key(),
                option.label()
            )),
        )
    } else {
        (allowed, None)
    };
    let class = |a: &RuntimeAssessment| u8::from(a.verdict == Verdict::ViableWithRisks);
    let best_class = pool.iter().map(|a| class(a)).min()?;
    let top: Vec<&&RuntimeAssessment> = pool.iter().filter(|a| class(a) == best_class).collect();
    let cheapest = top.iter().filter_map(|a| cost(a.runtime)).min();
    let chosen = top
        .iter()
        .min_by_key(|a| {
            let c = cost(a.runtime);
            let near = match (c, cheapest) {
                (Some(c), Some(min)) => c <= min * TIE,
                _ => false,
            };
            (
                c.is_none(),
                !near,
                -points(a.runtime),
                c.unwrap_or(Decimal::MAX),
                Runtime::ALL.iter().position(|r| *r == a.runtime),
            )
        })?
        .runtime;
    Some((chosen, note))
}
