//! The decision as a MADR 4.0 record (Markdown Architectural Decision Record), ready to commit
//! next to the code: it renders on GitHub and GitLab, and Log4brains picks up its title,
//! status and date.
//!
//! Questionnaire answers become the context and drivers, the five options the considered
//! options, fired rules the pros and cons, and the Confirmation section says how to check the
//! decision after migration: the proof-of-architecture checklist, and a comparison of Azure
//! Cost Management FOCUS actuals with this estimate's FOCUS export.
//!
//! Every piece of user text (scenario and connector names, and engine messages that quote
//! them) goes through [`escape_md`], so a name cannot open a heading, a table cell, a code
//! span or raw HTML. Pure: the date is a parameter.
//!
//! The record's shape is `templates/reports/madr.md`; this module and its submodules build
//! the values it lays out (numbers formatted and user text escaped before the template, which
//! escapes nothing).

use askama::Template;
use rust_decimal::Decimal;
use time::Date;

use super::Report;
use super::decision_record::RecordedDecision;
use crate::cost::{OptionEstimate, round_cents};
use crate::decision::{Effect, OptionVerdict, Reason, Verdict};
use crate::domain::{Named, PlatformOption};
use crate::number::group;

mod appendix;
mod context;
mod outcome;

use appendix::MoreInformation;
use context::{Context, Drivers};
use outcome::Outcome;

/// The decision record for `report`, dated `date` (the day the record is written). Links to
/// the stored assessment, when there is one, are written as server paths.
pub fn madr(report: &Report, date: Date) -> String {
    madr_with_base_url(report, date, None)
}

/// [`madr`] with links to the report under `base_url` (e.g. `https://advisor.example.com`),
/// used when the report is of a stored assessment.
pub fn madr_with_base_url(report: &Report, date: Date, base_url: Option<&str>) -> String {
    madr_with_decision(report, date, base_url, None)
}

/// [`madr_with_base_url`] with the decision recorded for the revision: its status in the
/// front matter and the header list, its date and decision-maker when known, and the
/// comment under the title. Without one the record is `proposed`, dated `date`.
pub fn madr_with_decision(
    report: &Report,
    date: Date,
    base_url: Option<&str>,
    decision: Option<&RecordedDecision>,
) -> String {
    let r = Render {
        report,
        currency: &report.estimate.currency,
    };
    let record = Record {
        head: r.head(date, decision),
        context: r.context(),
        drivers: r.drivers(),
        options: r.options(),
        outcome: r.outcome(),
        more: r.more_information(base_url),
        currency: escape_md(r.currency),
    };
    record
        .render()
        .expect("the record renders plain strings and numbers into a String, which cannot fail")
}

/// Escape user text for inline Markdown. Backslash-escapes what could start emphasis, code,
/// links, tables, strikethrough, math, entities, headings or raw HTML; turns control
/// characters (line breaks included) into spaces so text cannot leave its line; and escapes
/// a leading list or block marker.
pub(crate) fn escape_md(s: &str) -> String {
    let s = s.trim();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        let c = if c.is_control() { ' ' } else { c };
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '$' | '&' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '+' | '-' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    // "1. text" or "1) text" at the start would open an ordered list ("25.0" would not).
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let mut after = out[digits..].chars();
    if digits > 0
        && matches!(after.next(), Some('.' | ')'))
        && after.next().is_none_or(char::is_whitespace)
    {
        out.insert(digits, '\\');
    }
    out
}

/// The record as `templates/reports/madr.md` lays it out: every value already formatted, and
/// user text already escaped with [`escape_md`] (the template escapes nothing).
#[derive(Template)]
#[template(path = "reports/madr.md")]
struct Record {
    head: Head,
    context: Context,
    drivers: Drivers,
    options: Vec<OptionView>,
    outcome: Outcome,
    more: MoreInformation,
    /// The estimate's currency, escaped.
    currency: String,
}

/// Front matter, title, the header list Log4brains reads, and the note under them.
struct Head {
    status: &'static str,
    date: String,
    /// The decision-maker as a JSON string, or empty.
    makers: String,
    scenario: String,
    /// The chosen option's label; `None` when no option clears every hard limit.
    chosen: Option<&'static str>,
    /// The recorded status change, when it has a comment.
    decision: Option<DecisionNote>,
}

/// The recorded status change under the title: who, when, why.
struct DecisionNote {
    status: String,
    revision: u32,
    by: Option<String>,
    on: Option<String>,
    comment: String,
    /// The accepted revision, when it is another one.
    accepted: Option<AcceptedNote>,
}

struct AcceptedNote {
    revision: u32,
    by: String,
    on: String,
    recommendation: String,
    currency: String,
    monthly_total: String,
    pricing_version: String,
}

/// One option, as the considered options and the pros and cons show it.
struct OptionView {
    label: &'static str,
    /// "Recommended", "Viable with risks", … ("Not evaluated" without a verdict).
    verdict: &'static str,
    score: Option<i32>,
    /// No deployment delivers the load: the total is a lower bound, not a price.
    lower_bound: bool,
    /// Infrastructure a month, with the currency.
    total: String,
    people: Option<PeopleCost>,
    /// Reasons in favour, as the end of a "Good, because …" bullet.
    good: Vec<String>,
    /// The estimate's notes, as the end of a "Neutral, because …" bullet.
    notes: Vec<String>,
    /// Hard limits, then risks, then reasons against.
    bad: Vec<String>,
}

/// People cost when one is set: the people share and the total with it, with the currency.
struct PeopleCost {
    people: String,
    all: String,
}

/// `1234567.891` → `1,234,567.89` (at most `dp` decimals, trailing zeros dropped).
fn num(x: f64, dp: usize) -> String {
    if !x.is_finite() {
        return "n/a".to_owned();
    }
    let s = format!("{x:.dp$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    group(if s == "-0" { "0" } else { &s })
}

/// Money with two decimals and thousands separators, no currency: `1,234.50`.
fn amount(d: Decimal) -> String {
    let mut r = round_cents(d);
    r.rescale(2);
    group(&r.to_string())
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn verdict_label(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Recommended) => "Recommended",
        Some(Verdict::Viable) => "Viable",
        Some(Verdict::ViableWithRisks) => "Viable with risks",
        Some(Verdict::Disqualified) => "Disqualified",
        None => "Not evaluated",
    }
}

fn is_http_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && !s.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')'))
}

/// A rule's source as a Markdown link; sources come from the rule table, but are checked so
/// only plain http(s) URLs become links.
fn source_link(url: &str) -> String {
    if is_http_url(url) {
        format!(" ([source](<{url}>))")
    } else if url.trim().is_empty() {
        String::new()
    } else {
        format!(" (source: {})", escape_md(url))
    }
}

/// A reason as the end of a "Good/Bad, because …" bullet.
fn reason_text(r: &Reason) -> String {
    let kind = match r.effect {
        Effect::Disqualify => "hard limit",
        Effect::Risk => "risk to prove",
        Effect::Favour => "in favour",
        Effect::Disfavour => "against",
    };
    format!(
        "{} ({}, {}){}",
        escape_md(&r.message),
        escape_md(&r.rule),
        kind,
        source_link(&r.source)
    )
}

/// The reasons of `reasons` with one of `effects`, in that order of effects, as bullet ends.
fn reasons_with(reasons: &[Reason], effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .flat_map(|effect| reasons.iter().filter(move |r| r.effect == *effect))
        .map(reason_text)
        .collect()
}

/// A sentence continued after "because": its first letter lowercased unless it starts an
/// acronym or a name in capitals ("No subscription" → "no subscription", "PU" stays).
fn sentence_tail(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_owned(),
    }
}

struct Render<'a> {
    report: &'a Report,
    currency: &'a str,
}

impl Render<'_> {
    fn money(&self, d: Decimal) -> String {
        format!("{} {}", escape_md(self.currency), amount(d))
    }

    fn chosen(&self) -> Option<PlatformOption> {
        self.report.decision.recommendation.option
    }

    fn scenario_name(&self) -> String {
        escape_md(&self.report.assessment.name)
    }

    /// People cost of `e`, when people are costed.
    fn people(&self, e: &OptionEstimate) -> Option<PeopleCost> {
        (!e.people.is_empty()).then(|| PeopleCost {
            people: self.money(e.total_with_people - e.total),
            all: self.money(e.total_with_people),
        })
    }

    /// Front matter (MADR 4.0) and the header list Log4brains reads.
    fn head(&self, date: Date, decision: Option<&RecordedDecision>) -> Head {
        // The date of the latest status change when there was one (MADR: when the decision
        // was last updated), else the day the record is written.
        let date = crate::pricing::format_date(decision.and_then(|d| d.on).unwrap_or(date));
        // The one piece of user text in the YAML is the decision-maker's name: written as a
        // JSON string, which YAML reads as a double-quoted scalar with the same escapes.
        let makers = decision
            .and_then(|d| d.by.as_deref())
            .map_or_else(String::new, |by| {
                serde_json::to_string(by).unwrap_or_else(|_| "\"\"".to_owned())
            });
        Head {
            status: decision.map_or("proposed", |d| d.status.key()),
            date,
            makers,
            scenario: self.scenario_name(),
            chosen: self.chosen().map(|o| o.label()),
            decision: decision.and_then(decision_note),
        }
    }

    /// Every option with its verdict, cost and reasons.
    fn options(&self) -> Vec<OptionView> {
        self.report
            .options()
            .map(|(e, v)| {
                let reasons: &[Reason] = v.map_or(&[], |v: &OptionVerdict| v.reasons.as_slice());
                OptionView {
                    label: e.option.label(),
                    verdict: verdict_label(v.map(|v| v.verdict)),
                    score: v.map(|v| v.score),
                    lower_bound: e.lower_bound,
                    total: self.money(e.total),
                    people: self.people(e),
                    good: reasons_with(reasons, &[Effect::Favour]),
                    notes: e
                        .notes
                        .iter()
                        .map(|n| escape_md(&sentence_tail(n)))
                        .collect(),
                    bad: reasons_with(
                        reasons,
                        &[Effect::Disqualify, Effect::Risk, Effect::Disfavour],
                    ),
                }
            })
            .collect()
    }
}

/// The recorded status change under the title, when it has a comment.
fn decision_note(d: &RecordedDecision) -> Option<DecisionNote> {
    let comment = d.comment.as_deref()?;
    Some(DecisionNote {
        status: d.status.to_string(),
        revision: d.revision,
        by: d.by.as_deref().map(escape_md),
        on: d.on.map(crate::pricing::format_date),
        comment: escape_md(comment),
        accepted: d
            .accepted
            .as_ref()
            .filter(|a| a.revision != d.revision)
            .map(|a| AcceptedNote {
                revision: a.revision,
                by: escape_md(&a.by),
                on: crate::pricing::format_date(a.on),
                recommendation: escape_md(&a.recommendation),
                currency: escape_md(&a.currency),
                monthly_total: escape_md(&a.monthly_total),
                pricing_version: escape_md(&a.pricing_version),
            }),
    })
}

#[cfg(test)]
#[path = "madr_tests.rs"]
mod tests;
