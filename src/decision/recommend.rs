//! Ranking and the recommendation, applied exactly as the README's "How the recommendation is
//! ranked" writes it down:
//!
//! 1. **Hard limits.** A disqualified option never ranks (a lower-bound total is a
//!    disqualification of its own, `CAP-LB`).
//! 2. **Prices.** If an option that clears every hard limit has an unpriced cost line, nothing
//!    is ranked on cost: the status is `prices_missing` and the ranking rests on risks alone.
//! 3. **Material risks.** Each option's score is its favours minus its disfavours and risks
//!    (cost rules add nothing). Options within [`MATERIAL_GAP`] − 1 points of the best score are
//!    the contenders; a gap of [`MATERIAL_GAP`] points or more is material.
//! 4. **Cost.** Among the contenders the lowest monthly total with people wins (infrastructure
//!    alone when no people cost is entered); the others follow by score, then cost.
//!
//! Ties fall to the lower risk weight, then report order, so the result is deterministic.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::OptionCost;
use super::context::RuleCtx;
use super::format::{join_limited, money, pct};
use super::rules::rule;
use super::verdict::Scored;
use super::{Effect, OptionVerdict, Recommendation, RecommendationStatus, Verdict};

/// A score gap of this many points or more is material: it outranks any cost difference.
pub const MATERIAL_GAP: i32 = 3;
/// A close call needs scores at most this many points apart …
pub const CLOSE_SCORE_MARGIN: i32 = 2;
/// … and monthly totals (with people) within this fraction of the cheaper one.
pub const CLOSE_COST_BAND: Decimal = Decimal::from_parts(10, 0, 0, false, 2);
/// How many tipping factors a close call lists.
const MAX_TIPS: usize = 5;

/// Rank the options, pick the recommendation and mark its verdict.
pub fn recommend(
    ctx: &RuleCtx<'_>,
    mut scored: Vec<Scored>,
) -> (Recommendation, Vec<OptionVerdict>) {
    let standing: Vec<usize> = (0..scored.len())
        .filter(|&i| scored[i].verdict.verdict != Verdict::Disqualified)
        .collect();
    // An option waiting only for the user's licence figure ranks after the priced contenders
    // (its total is `Decimal::MAX` to the ranking) rather than stopping cost ranking for all.
    let awaiting = |i: usize| {
        ctx.cost_of(scored[i].verdict.option)
            .is_some_and(|c| c.awaiting_licence && !c.lower_bound)
    };
    let unpriced: Vec<usize> = standing
        .iter()
        .copied()
        .filter(|&i| !ctx.costs.is_empty() && priced(ctx, &scored[i]).is_none() && !awaiting(i))
        .collect();
    let awaiting_licence: Vec<usize> = standing.iter().copied().filter(|&i| awaiting(i)).collect();
    let on_cost = !ctx.costs.is_empty() && unpriced.is_empty();

    // The bar contenders are measured against comes from the options ranked on cost: one
    // waiting for its licence figure must not push a priced option out of contention.
    let score_of = |&i: &usize| scored[i].verdict.score;
    let best = standing
        .iter()
        .filter(|&&i| !awaiting(i))
        .map(score_of)
        .max()
        .or_else(|| standing.iter().map(score_of).max())
        .unwrap_or(0);
    let mut ranked = standing.clone();
    ranked.sort_by(|&x, &y| rank(ctx, &scored[x], &scored[y], best, on_cost).then(x.cmp(&y)));

    let recommendation = match ranked.as_slice() {
        [] => none_viable(&scored),
        [first, rest @ ..] => {
            let w = &scored[*first];
            let r = rest.first().map(|&i| &scored[i]);
            let close = match r {
                Some(r) if on_cost => close_call(ctx, w, r),
                _ => None,
            };
            let status = if !unpriced.is_empty() {
                RecommendationStatus::PricesMissing
            } else if close.is_some() {
                RecommendationStatus::CloseCall
            } else {
                RecommendationStatus::Clear
            };
            let cheapest = on_cost.then(|| cheapest(ctx, &scored, &standing)).flatten();
            // Only a strictly cheaper option needs explaining: at equal totals the ranking
            // already prefers the better score.
            let why_not_cheapest = cheapest
                .filter(|&c| c != *first && total(ctx, &scored[c]) < total(ctx, w))
                .and_then(|c| why_not_cheapest(ctx, w, &scored[c]));
            let mut headline = headline(ctx, &scored, &ranked, status, &unpriced, cheapest);
            if !awaiting_licence.is_empty() && on_cost {
                let names: Vec<String> = awaiting_licence
                    .iter()
                    .map(|&i| scored[i].verdict.option.to_string())
                    .collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                headline.push_str(&format!(
                    " Not ranked on cost until their vendor's charges are priced (a licence figure to enter, or a list price not published in this currency): {}.",
                    join_limited(&names)
                ));
            }
            Recommendation {
                option: Some(w.verdict.option),
                status,
                headline,
                close_call: close,
                runner_up: r.map(|r| r.verdict.option),
                if_relaxed: Vec::new(),
                why_not_cheapest,
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

/// True when the score is within the material gap of the best.
fn contender(s: &Scored, best: i32) -> bool {
    best - s.verdict.score < MATERIAL_GAP
}

/// Better first: contenders before the rest; among contenders the lower total when ranking on
/// cost, otherwise (and among the rest) the higher score, then lower risk weight, then cost.
fn rank(ctx: &RuleCtx<'_>, x: &Scored, y: &Scored, best: i32, on_cost: bool) -> Ordering {
    let by_score = || {
        y.verdict
            .score
            .cmp(&x.verdict.score)
            .then(x.risk_weight.cmp(&y.risk_weight))
    };
    let by_cost = || {
        if on_cost {
            total(ctx, x).cmp(&total(ctx, y))
        } else {
            Ordering::Equal
        }
    };
    match (contender(x, best), contender(y, best)) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (true, true) if on_cost => by_cost().then_with(by_score),
        _ => by_score().then_with(by_cost),
    }
}

/// The option's cost entry when it is fully priced and not a lower bound.
fn priced<'a>(ctx: &RuleCtx<'a>, s: &Scored) -> Option<&'a OptionCost> {
    ctx.cost_of(s.verdict.option)
        .filter(|c| c.fully_priced && !c.lower_bound)
}

/// The total the ranking compares: monthly, with people.
fn total(ctx: &RuleCtx<'_>, s: &Scored) -> Decimal {
    priced(ctx, s).map_or(Decimal::MAX, |c| c.monthly_total_with_people)
}

/// The cheapest option that clears every hard limit (with people; report order breaks ties).
fn cheapest(ctx: &RuleCtx<'_>, scored: &[Scored], standing: &[usize]) -> Option<usize> {
    standing
        .iter()
        .copied()
        .filter(|&i| priced(ctx, &scored[i]).is_some())
        .min_by(|&a, &b| {
            total(ctx, &scored[a])
                .cmp(&total(ctx, &scored[b]))
                .then(a.cmp(&b))
        })
}

/// `R12-SUPPORT` → "Kafka Connect on Event Hubs is not eligible for Microsoft support (R12-SUPPORT)".
fn titled(id: &str) -> String {
    match rule(id) {
        Some(r) => format!("{} ({id})", r.title),
        None => id.to_owned(),
    }
}

/// Money with its sign spelled out: "saves USD 1,200" / "costs USD 300 more".
fn saving(amount: Decimal, currency: &str, per: &str) -> String {
    if amount >= Decimal::ZERO {
        format!("saves {}/{per}", money(amount, currency))
    } else {
        format!("costs {}/{per} more", money(-amount, currency))
    }
}

/// One sentence: which risks outweigh how much saving, per month and per year, with people
/// and on infrastructure alone.
fn why_not_cheapest(ctx: &RuleCtx<'_>, w: &Scored, cheap: &Scored) -> Option<String> {
    let (cw, cc) = (priced(ctx, w)?, priced(ctx, cheap)?);
    let cur = ctx.currency();
    let twelve = Decimal::from(12);
    let with = cw.monthly_total_with_people - cc.monthly_total_with_people;
    let infra = cw.monthly_total - cc.monthly_total;
    let only_c = only_in(cheap, w);
    let only_w = only_in(w, cheap);
    let mut why = format!(
        "only it carries {}",
        if only_c.is_empty() {
            "nothing that scores".to_owned()
        } else {
            only_c.join("; ")
        }
    );
    if !only_w.is_empty() {
        why.push_str(&format!(
            ", and only {} carries {}",
            w.verdict.option,
            only_w.join("; ")
        ));
    }
    let (c, r) = (cheap.verdict.option, w.verdict.option);
    Some(format!(
        "{c}, the cheapest option that clears every hard limit, {} ({}) with people and {} ({}) on infrastructure alone, but it scores {} against {} for {r}, {} points behind (a gap of {MATERIAL_GAP} or more is material): {why}.",
        saving(with, cur, "month"),
        saving(with * twelve, cur, "year"),
        saving(infra, cur, "month"),
        saving(infra * twelve, cur, "year"),
        cheap.verdict.score,
        w.verdict.score,
        w.verdict.score - cheap.verdict.score,
    ))
}

/// The scoring reasons `a` has and `b` has not, each as "title (CODE, ±points)", so the
/// score gap can be re-added from the sentence.
fn only_in(a: &Scored, b: &Scored) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in &a.verdict.reasons {
        let Some(r) = rule(&x.rule) else { continue };
        if r.points() == 0 || b.verdict.reasons.iter().any(|y| y.rule == x.rule) {
            continue;
        }
        let item = format!("{} ({}, {:+})", r.title, r.id, r.points());
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Both fully priced: the two totals with people and their gap as a fraction of the cheaper.
fn cost_gap(ctx: &RuleCtx<'_>, a: &Scored, b: &Scored) -> Option<(Decimal, Decimal, Decimal)> {
    let (ca, cb) = (priced(ctx, a)?, priced(ctx, b)?);
    let (ta, tb) = (ca.monthly_total_with_people, cb.monthly_total_with_people);
    let gap = RuleCtx::ratio((ta - tb).abs(), ta.min(tb))?;
    Some((ta, tb, gap))
}

/// A close call: totals within [`CLOSE_COST_BAND`] and scores within [`CLOSE_SCORE_MARGIN`].
fn close_call(ctx: &RuleCtx<'_>, w: &Scored, r: &Scored) -> Option<String> {
    let (cw, cr, g) = cost_gap(ctx, w, r)?;
    let gap = (w.verdict.score - r.verdict.score).abs();
    if gap > CLOSE_SCORE_MARGIN || g > CLOSE_COST_BAND {
        return None;
    }
    let (wo, ro) = (w.verdict.option, r.verdict.option);
    let mut text = format!(
        "{wo} and {ro} are within {} of each other on monthly cost with people ({} vs {}, {} apart) and within {CLOSE_SCORE_MARGIN} points on score ({} vs {})",
        pct(CLOSE_COST_BAND),
        money(cw, ctx.currency()),
        money(cr, ctx.currency()),
        pct(g),
        w.verdict.score,
        r.verdict.score
    );
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

/// What would have to change for the runner-up to overtake: its own risks and disfavours
/// that the winner does not share, the winner's favours it lacks, and the cost gap.
fn tipping_factors(ctx: &RuleCtx<'_>, w: &Scored, r: &Scored) -> Vec<String> {
    let has = |s: &Scored, id: &str| s.verdict.reasons.iter().any(|x| x.rule == id);
    let scoring = |id: &str| rule(id).is_some_and(|x| x.points() != 0);
    let mut tips = Vec::new();
    for reason in &r.verdict.reasons {
        if matches!(reason.effect, Effect::Risk | Effect::Disfavour)
            && scoring(&reason.rule)
            && !has(w, &reason.rule)
        {
            tips.push(format!("{} were resolved for it", titled(&reason.rule)));
        }
    }
    for reason in &w.verdict.reasons {
        if reason.effect == Effect::Favour && scoring(&reason.rule) && !has(r, &reason.rule) {
            tips.push(format!(
                "{} no longer favoured {}",
                titled(&reason.rule),
                w.verdict.option
            ));
        }
    }
    if let Some((cw, cr, g)) = cost_gap(ctx, w, r)
        && cr > cw
    {
        tips.push(format!(
            "its monthly cost with people came down by more than {} of {}",
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

fn headline(
    ctx: &RuleCtx<'_>,
    scored: &[Scored],
    ranked: &[usize],
    status: RecommendationStatus,
    unpriced: &[usize],
    cheapest: Option<usize>,
) -> String {
    let first = ranked[0];
    let v = &scored[first].verdict;
    let cur = ctx.currency();
    let mut s = String::new();
    if status == RecommendationStatus::CloseCall {
        s.push_str("Close call — ");
    }
    s.push_str(&format!("{}: ", v.option));
    if ranked.len() == 1 {
        s.push_str("the only option that clears every hard limit");
        if status == RecommendationStatus::PricesMissing {
            s.push_str(", and some of its cost lines have no price, so its total is a lower bound");
        }
    } else if status == RecommendationStatus::PricesMissing {
        let names: Vec<String> = unpriced
            .iter()
            .map(|&i| scored[i].verdict.option.to_string())
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        s.push_str(&format!(
            "prices are missing for {}, so nothing is ranked on cost; on hard limits and risks alone it ranks first of {} options (score {}, best of the rest {})",
            join_limited(&names),
            ranked.len(),
            v.score,
            scored[ranked[1]].verdict.score
        ));
    } else if let Some(cheap) = cheapest {
        let runner = &scored[ranked[1]].verdict;
        s.push_str(&format!(
            "recommended of the {} options that clear every hard limit — score {} (best of the rest: {}, {}), no option scores {MATERIAL_GAP} or more points above it (a material gap), and ",
            ranked.len(),
            v.score,
            runner.score,
            runner.option
        ));
        if cheap == first || total(ctx, &scored[cheap]) >= total(ctx, &scored[first]) {
            s.push_str("no option that clears every hard limit costs less");
        } else {
            s.push_str(&format!(
                "it costs the least of the options within {} points of the best score; {} costs less but scores materially lower (see why_not_cheapest)",
                MATERIAL_GAP - 1,
                scored[cheap].verdict.option
            ));
        }
    } else {
        let runner = &scored[ranked[1]].verdict;
        s.push_str(&format!(
            "ranks first of {} options that clear every hard limit on score ({} vs {} for {})",
            ranked.len(),
            v.score,
            runner.score,
            runner.option
        ));
    }
    if let Some(c) = priced(ctx, &scored[first]) {
        s.push_str(&format!(
            "; {}/month with people ({}/month infrastructure)",
            money(c.monthly_total_with_people, cur),
            money(c.monthly_total, cur)
        ));
    }
    if ranked.len() < scored.len() {
        s.push_str(&format!("; disqualified: {}", disqualified_list(scored)));
    }
    s.push_str(&risk_note(v));
    s
}

/// "Risks to prove first: <plain-words title> (CODE), …" or a full stop.
fn risk_note(v: &OptionVerdict) -> String {
    let mut risks: Vec<String> = v
        .reasons
        .iter()
        .filter(|x| x.effect == Effect::Risk)
        .map(|x| titled(&x.rule))
        .collect();
    risks.dedup();
    if risks.is_empty() {
        ".".to_owned()
    } else {
        format!(". Risks to prove first: {}.", risks.join("; "))
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
        why_not_cheapest: None,
    }
}
