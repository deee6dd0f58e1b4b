//! Runs the rule table over every option: reasons, verdicts, scores and the decision path.

use super::context::RuleCtx;
use super::rules::{Stage, rules};
use super::{Effect, FiredRule, OptionVerdict, Reason, Verdict};
use crate::domain::PlatformOption;

/// An option's verdict plus the figures the ranking needs but the report does not show.
#[derive(Debug, Clone)]
pub struct Scored {
    pub verdict: OptionVerdict,
    /// Sum of the weights of the option's risks (the "risk level" of close calls).
    pub risk_weight: i32,
}

/// What running the rules produced.
pub struct Outcome {
    /// One entry per option, in report order.
    pub verdicts: Vec<Scored>,
    pub path: Vec<FiredRule>,
}

/// Evaluate every rule, stage by stage. Hard limits run first and record what they
/// disqualified, so the cost stage ranks only the options still standing.
pub fn run(ctx: &mut RuleCtx<'_>) -> Outcome {
    let options = PlatformOption::compared(
        ctx.assessment.options.connect_runtime,
        &ctx.assessment.options.object_storage_profiles,
    );
    let mut verdicts: Vec<Scored> = options
        .iter()
        .map(|&option| Scored {
            verdict: OptionVerdict {
                option,
                verdict: Verdict::Viable,
                score: 0,
                reasons: Vec::new(),
            },
            risk_weight: 0,
        })
        .collect();
    let mut path: Vec<FiredRule> = Vec::new();

    for stage in [Stage::Hard, Stage::Soft, Stage::Cost] {
        for rule in rules().iter().filter(|r| r.stage == stage) {
            for scored in &mut verdicts {
                let option = scored.verdict.option;
                let Some(message) = rule.evaluate(ctx, option) else {
                    continue;
                };
                scored.verdict.score += rule.points();
                if rule.effect == Effect::Risk {
                    scored.risk_weight += i32::from(rule.weight);
                }
                scored.verdict.reasons.push(Reason {
                    rule: rule.id.to_owned(),
                    effect: rule.effect,
                    message: message.clone(),
                    source: rule.source.to_owned(),
                });
                // One path step per distinct message: options sharing it are listed together.
                match path.last_mut() {
                    Some(last) if last.rule == rule.id && last.message == message => {
                        last.options.push(option);
                    }
                    _ => path.push(FiredRule {
                        rule: rule.id.to_owned(),
                        title: rule.title.to_owned(),
                        options: vec![option],
                        effect: rule.effect,
                        message,
                        source: rule.source.to_owned(),
                    }),
                }
            }
        }
        if stage == Stage::Hard {
            ctx.disqualified = verdicts
                .iter()
                .filter(|s| has_effect(&s.verdict, Effect::Disqualify))
                .map(|s| s.verdict.option)
                .collect();
        }
    }

    for scored in &mut verdicts {
        scored.verdict.verdict = if has_effect(&scored.verdict, Effect::Disqualify) {
            Verdict::Disqualified
        } else if has_effect(&scored.verdict, Effect::Risk) {
            Verdict::ViableWithRisks
        } else {
            Verdict::Viable
        };
    }
    Outcome { verdicts, path }
}

fn has_effect(v: &OptionVerdict, effect: Effect) -> bool {
    v.reasons.iter().any(|r| r.effect == effect)
}
