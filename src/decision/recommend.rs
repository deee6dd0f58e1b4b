//! Ranking and the recommendation: disqualified options never rank; the rest are ordered by
//! score, then risk weight, then cost, then report order, so the result is deterministic.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::context::Ctx;
use super::format::{join_limited, money, pct};
use super::rules::rule;
use super::verdict::Scored;
use super::{Effect, OptionVerdict, Recommendation, RecommendationStatus, Verdict};
use crate::domain::PlatformOption;

/// Score gap at or below which the runner-up counts as close whatever the costs.
const CLOSE_SCORE_GAP: i32 = 1;
/// Cost gap (fraction of the cheaper) within which two options of the same risk level are close.
const CLOSE_COST_GAP: Decimal = Decimal::from_parts(10, 0, 0, false, 2);
/// How many tipping factors a close call lists.
const MAX_TIPS: usize = 5;

/// Coarse risk levels, so two options with slightly different risk weights still compare as
/// "same risk level" in a close call.
fn risk_level(weight: i32) -> u8 {
    match weight {
        0 => 0,
        1..=3 => 1,
        _ => 2,
    }
}

/// Rank the options, pick the recommendation and mark its verdict.
pub fn recommend(ctx: &Ctx<'_>, mut scored: Vec<Scored>) -> (Recommendation, Vec<OptionVerdict>) {
    let mut ranked: Vec<usize> = (0..scored.len())
        .filter(|&i| scored[i].verdict.verdict != Verdict::Disqualified)
        .collect();
    ranked.sort_by(|&x, &y| compare(ctx, &scored[x], &scored[y]).then(x.cmp(&y)));

    let recommendation = match ranked.as_slice() {
        [] => none_viable(&scored),
        [only] => Recommendation {
            option: Some(scored[*only].verdict.option),
            status: RecommendationStatus::Clear,
            headline: only_viable_headline(&scored, *only),
            close_call: None,
            runner_up: None,
            if_relaxed: Vec::new(),
        },
        [first, second, ..] => {
            let (w, r) = (&scored[*first], &scored[*second]);
            let close = close_call(ctx, w, r);
            Recommendation {
                option: Some(w.verdict.option),
                status: if close.is_some() {
                    RecommendationStatus::CloseCall
                } else {
                    RecommendationStatus::Clear
                },
                headline: ranked_headline(ctx, &scored, (w, r), ranked.len(), close.is_some()),
                close_call: close,
                runner_up: Some(r.verdict.option),
                if_relaxed: Vec::new(),
            }
        }
    };
    if let Some(&first) = ranked.first() {
        scored[first].verdict.verdict = Verdict::Recommended;
    }
    (
        recommendation,
        scored.into_iter().map(|s| s.verdict).collect(),
    )
}

/// Better first: higher score, lower risk weight, fully priced and cheaper.
fn compare(ctx: &Ctx<'_>, x: &Scored, y: &Scored) -> Ordering {
    y.verdict
        .score
        .cmp(&x.verdict.score)
        .then(x.risk_weight.cmp(&y.risk_weight))
        .then_with(|| cost_key(ctx, x).cmp(&cost_key(ctx, y)))
}

/// Priced options sort before unpriced ones, cheaper first.
fn cost_key(ctx: &Ctx<'_>, s: &Scored) -> (bool, Decimal) {
    match ctx.cost_of(s.verdict.option) {
        Some(c) if c.fully_priced => (false, c.monthly_total),
        _ => (true, Decimal::ZERO),
    }
}

/// Both fully priced: the gap as a fraction of the cheaper total.
fn cost_gap(
    ctx: &Ctx<'_>,
    a: PlatformOption,
    b: PlatformOption,
) -> Option<(Decimal, Decimal, Decimal)> {
    let (ca, cb) = (ctx.cost_of(a)?, ctx.cost_of(b)?);
    if !(ca.fully_priced && cb.fully_priced) {
        return None;
    }
    let low = ca.monthly_total.min(cb.monthly_total);
    let gap = Ctx::ratio((ca.monthly_total - cb.monthly_total).abs(), low)?;
    Some((ca.monthly_total, cb.monthly_total, gap))
}

fn close_call(ctx: &Ctx<'_>, w: &Scored, r: &Scored) -> Option<String> {
    let gap = w.verdict.score - r.verdict.score;
    let costs = cost_gap(ctx, w.verdict.option, r.verdict.option);
    let cost_close = costs.is_some_and(|(_, _, g)| g <= CLOSE_COST_GAP)
        && risk_level(w.risk_weight) == risk_level(r.risk_weight);
    if gap > CLOSE_SCORE_GAP && !cost_close {
        return None;
    }
    let (wo, ro) = (w.verdict.option, r.verdict.option);
    let mut text = format!(
        "{wo} scores {} against {ro}'s {} (risk weight {} vs {})",
        w.verdict.score, r.verdict.score, w.risk_weight, r.risk_weight
    );
    if let Some((cw, cr, g)) = costs {
        text.push_str(&format!(
            "; monthly cost {} vs {} ({} apart)",
            money(cw, ctx.currency()),
            money(cr, ctx.currency()),
            pct(g)
        ));
    }
    if gap == 0 {
        text.push_str(&format!(". The scores tie; {}", tie_breaker(ctx, w, r)));
    }
    let tips = tipping_factors(ctx, w, r);
    if tips.is_empty() {
        text.push('.');
    } else {
        let tips: Vec<&str> = tips.iter().map(String::as_str).collect();
        text.push_str(&format!(
            ". {ro} would come out ahead if {}.",
            join_or(&tips)
        ));
    }
    Some(text)
}

fn tie_breaker(ctx: &Ctx<'_>, w: &Scored, r: &Scored) -> &'static str {
    if w.risk_weight != r.risk_weight {
        "the lower risk weight decides"
    } else if cost_key(ctx, w) != cost_key(ctx, r) {
        "the lower fully priced monthly cost decides"
    } else {
        "report order decides, so treat them as equal"
    }
}

/// What would have to change for the runner-up to overtake: its own risks and disfavours
/// that the winner does not share, the winner's favours it lacks, and the cost gap.
fn tipping_factors(ctx: &Ctx<'_>, w: &Scored, r: &Scored) -> Vec<String> {
    let has = |s: &Scored, id: &str| s.verdict.reasons.iter().any(|x| x.rule == id);
    let mut tips = Vec::new();
    for reason in &r.verdict.reasons {
        if matches!(reason.effect, Effect::Risk | Effect::Disfavour) && !has(w, &reason.rule) {
            let title = rule(&reason.rule).map_or("", |x| x.title);
            tips.push(format!("{} ({title}) were resolved for it", reason.rule));
        }
    }
    for reason in &w.verdict.reasons {
        if reason.effect == Effect::Favour && !has(r, &reason.rule) {
            let title = rule(&reason.rule).map_or("", |x| x.title);
            tips.push(format!(
                "{} ({title}) no longer favoured {}",
                reason.rule, w.verdict.option
            ));
        }
    }
    if let Some((cw, cr, g)) = cost_gap(ctx, w.verdict.option, r.verdict.option)
        && cr > cw
    {
        tips.push(format!(
            "its monthly cost came down by more than {} of {}",
            pct(g),
            w.verdict.option
        ));
    }
    tips.dedup();
    tips.truncate(MAX_TIPS);
    tips
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

/// Rule ids that disqualified an option, in firing order, without repeats.
fn blockers(v: &OptionVerdict) -> Vec<&str> {
    let mut ids: Vec<&str> = Vec::new();
    for r in v.reasons.iter().filter(|r| r.effect == Effect::Disqualify) {
        if !ids.contains(&r.rule.as_str()) {
            ids.push(&r.rule);
        }
    }
    ids
}

/// `Event Hubs Standard (R7-STD, R9-CODEC) and …` for the disqualified options.
fn disqualified_list(scored: &[Scored]) -> String {
    let others: Vec<String> = scored
        .iter()
        .filter(|s| s.verdict.verdict == Verdict::Disqualified)
        .map(|s| format!("{} ({})", s.verdict.option, blockers(&s.verdict).join(", ")))
        .collect();
    let others: Vec<&str> = others.iter().map(String::as_str).collect();
    join_limited(&others)
}

fn only_viable_headline(scored: &[Scored], only: usize) -> String {
    let v = &scored[only].verdict;
    let risks = risk_note(v);
    format!(
        "{}: the only option that clears every hard limit; disqualified: {}{risks}",
        v.option,
        disqualified_list(scored)
    )
}

fn ranked_headline(
    ctx: &Ctx<'_>,
    scored: &[Scored],
    (w, r): (&Scored, &Scored),
    standing: usize,
    close: bool,
) -> String {
    let v = &w.verdict;
    let favours: Vec<&str> = v
        .reasons
        .iter()
        .filter(|x| x.effect == Effect::Favour)
        .filter_map(|x| rule(&x.rule).map(|r| r.title))
        .collect();
    let mut s = format!(
        "{}{}: ranks first of {standing} options that clear every hard limit (score {} vs {} for {})",
        if close { "Close call — " } else { "" },
        v.option,
        v.score,
        r.verdict.score,
        r.verdict.option
    );
    if !favours.is_empty() {
        s.push_str(&format!("; favoured by: {}", join_limited(&favours)));
    }
    if let Some(c) = ctx.cost_of(v.option).filter(|c| c.fully_priced) {
        s.push_str(&format!(
            "; {}/month",
            money(c.monthly_total, ctx.currency())
        ));
    }
    if standing < scored.len() {
        s.push_str(&format!("; disqualified: {}", disqualified_list(scored)));
    }
    s.push_str(&risk_note(v));
    s
}

fn risk_note(v: &OptionVerdict) -> String {
    let risks: Vec<&str> = v
        .reasons
        .iter()
        .filter(|x| x.effect == Effect::Risk)
        .map(|x| x.rule.as_str())
        .collect();
    if risks.is_empty() {
        ".".to_owned()
    } else {
        format!(". Risks to prove first: {}.", risks.join(", "))
    }
}

fn none_viable(scored: &[Scored]) -> Recommendation {
    let mut order: Vec<&OptionVerdict> = scored.iter().map(|s| &s.verdict).collect();
    // Fewest distinct blockers first; report order breaks ties (the sort is stable).
    order.sort_by_key(|v| blockers(v).len());
    let if_relaxed = order
        .iter()
        .map(|v| {
            let titled: Vec<String> = blockers(v)
                .iter()
                .map(|id| match rule(id) {
                    Some(r) => format!("{id} ({})", r.title),
                    None => (*id).to_owned(),
                })
                .collect();
            format!("{}: blocked by {}", v.option, titled.join("; "))
        })
        .collect();
    Recommendation {
        option: None,
        status: RecommendationStatus::NoneViable,
        headline: format!(
            "No option is viable: all {} are disqualified by documented hard limits. Change the requirements listed under if_relaxed (fewest blockers first) or the design, then re-run.",
            scored.len()
        ),
        close_call: None,
        runner_up: None,
        if_relaxed,
    }
}
