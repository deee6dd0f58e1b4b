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

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use time::Date;

use super::Report;
use super::decision_record::RecordedDecision;
use super::focus::{CostKind, OPTION_TAG, focus_service};
use crate::cost::{Category, OptionEstimate, round_cents};
use crate::decision::{Effect, FiredRule, OptionVerdict, Reason, RecommendationStatus, Verdict};
use crate::domain::{
    Commitment, ConnectRuntime, Direction, Named, OnPremisesLink, OpsMaturity, PlatformOption,
    SystemLocation, region_display_name,
};
use crate::knowledge::ConnectorKb;

/// Connectors listed one by one in "More Information"; larger estates are summarised by
/// kind in the context, and the full list stays in the report.
const MAX_CONNECTORS_LISTED: usize = 50;

/// A category (in the estimate's FOCUS ServiceCategory terms) deviating from the estimate by
/// more than this, in percent, is worth revisiting the decision for.
const CONFIRMATION_TOLERANCE_PERCENT: u32 = 20;

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
    let mut w = Writer::default();
    let r = Render {
        report,
        currency: &report.estimate.currency,
    };
    r.front_matter(&mut w, date, decision);
    r.context(&mut w);
    r.drivers(&mut w);
    r.options(&mut w);
    r.outcome(&mut w);
    r.pros_and_cons(&mut w);
    r.more_information(&mut w, base_url);
    w.0
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

/// A String that formats without fallible results (writing to a String cannot fail).
#[derive(Default)]
struct Writer(String);

impl Writer {
    fn line(&mut self, s: impl AsRef<str>) {
        self.0.push_str(s.as_ref());
        self.0.push('\n');
    }

    fn blank(&mut self) {
        self.0.push('\n');
    }

    fn fmt(&mut self, args: std::fmt::Arguments<'_>) {
        let _ = self.0.write_fmt(args);
        self.0.push('\n');
    }
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

use crate::number::group;

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

/// A rule's source as a Markdown link; sources come from the rule table, but are checked so
/// only plain http(s) URLs become links.
fn source_link(url: &str) -> String {
    let plain = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')'));
    if plain {
        format!(" ([source](<{url}>))")
    } else if url.trim().is_empty() {
        String::new()
    } else {
        format!(" (source: {})", escape_md(url))
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

    fn title(&self) -> String {
        match self.chosen() {
            Some(o) => format!(
                "Run Kafka Connect for {} on {}",
                self.scenario_name(),
                o.label()
            ),
            None => format!(
                "Kafka Connect for {}: no option clears every hard limit",
                self.scenario_name()
            ),
        }
    }

    /// YAML front matter (MADR 4.0) and the header list Log4brains reads.
    fn front_matter(&self, w: &mut Writer, date: Date, decision: Option<&RecordedDecision>) {
        let status = decision.map_or("proposed", |d| d.status.key());
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
        // The blank line before the closing `---` matters: renderers without front-matter
        // support (Log4brains uses plain markdown-it) would otherwise read the last key and
        // the `---` as a setext heading, which hides the header list below from Log4brains.
        w.line("---");
        w.fmt(format_args!("status: {status}"));
        w.fmt(format_args!("date: {date}"));
        w.fmt(format_args!("decision-makers: [{makers}]"));
        w.line("consulted: []");
        w.line("informed: []");
        w.blank();
        w.line("---");
        w.blank();
        w.fmt(format_args!("# {}", self.title()));
        w.blank();
        // Log4brains (a patched MADR 2 template) reads status, date and tags from this list
        // under the title, not from front matter.
        w.fmt(format_args!("- Status: {status}"));
        w.fmt(format_args!("- Date: {date}"));
        w.line("- Tags: kafka-connect, azure, finops");
        w.blank();
        match decision {
            Some(d) if d.comment.is_some() => Self::decision_note(w, d),
            _ => {
                w.line(
                    "<!-- decision-makers, consulted and informed are empty on purpose: the questionnaire \
                     does not name people. Fill them in (front matter lists) before accepting this record. \
                     The status and date are repeated in the list above for Log4brains. -->",
                );
                w.blank();
            }
        }
    }

    /// The recorded status change under the title: who, when, why, and the accepted revision
    /// when it is another one.
    fn decision_note(w: &mut Writer, d: &RecordedDecision) {
        let on =
            d.on.map(|on| format!(" on {}", crate::pricing::format_date(on)))
                .unwrap_or_default();
        let by =
            d.by.as_deref()
                .map(|b| format!(" by {}", escape_md(b)))
                .unwrap_or_default();
        w.fmt(format_args!(
            "**Decision status:** {} (revision {}){by}{on}. {}",
            d.status,
            d.revision,
            escape_md(d.comment.as_deref().unwrap_or_default()),
        ));
        w.blank();
        if let Some(a) = &d.accepted
            && a.revision != d.revision
        {
            w.fmt(format_args!(
                "**Accepted decision:** revision {} was accepted by {} on {} (recommendation: {}; {} {} a month; price book {}).",
                a.revision,
                escape_md(&a.by),
                crate::pricing::format_date(a.on),
                escape_md(&a.recommendation),
                escape_md(&a.currency),
                escape_md(&a.monthly_total),
                escape_md(&a.pricing_version),
            ));
            w.blank();
        }
    }

    fn options(&self, w: &mut Writer) {
        w.line("## Considered Options");
        w.blank();
        for (e, v) in self.report.options() {
            w.fmt(format_args!(
                "- {}: {}, {}{} a month for infrastructure{}",
                e.option.label(),
                verdict_label(v.map(|v| v.verdict)).to_lowercase(),
                if e.lower_bound { "at least " } else { "" },
                self.money(e.total),
                if e.lower_bound {
                    " (no deployment delivers the load: a lower bound, not a price)"
                } else {
                    ""
                },
            ));
        }
        w.blank();
    }

    fn outcome(&self, w: &mut Writer) {
        let rec = &self.report.decision.recommendation;
        w.line("## Decision Outcome");
        w.blank();
        let chosen = rec
            .option
            .and_then(|o| self.report.options().find(|(e, _)| e.option == o));
        let Some((estimate, verdict)) = chosen else {
            self.no_outcome(w);
            return;
        };
        let label = estimate.option.label();
        // The headline opens with the option's name (after "Close call — " when it is one);
        // the sentence already names it.
        let headline = rec.headline.trim_start_matches("Close call — ");
        let headline = headline
            .strip_prefix(label)
            .and_then(|h| h.strip_prefix(": "))
            .unwrap_or(headline);
        w.fmt(format_args!(
            "Chosen option: \"{label}\", because it comes out best: {}",
            escape_md(headline),
        ));
        w.blank();
        if rec.status == RecommendationStatus::CloseCall
            && let Some(close) = &rec.close_call
        {
            w.fmt(format_args!("**Close call.** {}", escape_md(close)));
            w.blank();
        }
        if let Some(why) = &rec.why_not_cheapest {
            w.fmt(format_args!("**Why not the cheapest.** {}", escape_md(why)));
            w.blank();
        }
        w.fmt(format_args!(
            "Estimated cost: {} a month for infrastructure{}.",
            self.money(estimate.total),
            people_suffix(self, estimate),
        ));
        w.blank();
        let rt = &estimate.connect_runtime;
        w.fmt(format_args!(
            "Connect runtime: {}{}, chosen among the runtimes in \"Connect runtime by option\" below.",
            rt.label,
            rt.monthly_cost
                .map(|c| format!(" (adds {} a month to that total)", self.money(c)))
                .unwrap_or_default(),
        ));
        w.blank();
        w.line("### Consequences");
        w.blank();
        let reasons = verdict.map_or(&[][..], |v| v.reasons.as_slice());
        let mut any = false;
        for r in reasons.iter().filter(|r| r.effect == Effect::Favour) {
            w.fmt(format_args!("- Good, because {}", reason_text(r)));
            any = true;
        }
        for r in reasons.iter().filter(|r| r.effect != Effect::Favour) {
            w.fmt(format_args!("- Bad, because {}", reason_text(r)));
            any = true;
        }
        if !any {
            w.line("- Neutral, because no rule favoured or weighed against this option beyond clearing the hard limits.");
        }
        w.blank();
        self.confirmation(w, estimate);
    }

    /// Every option is disqualified: say so, and what would have to change.
    fn no_outcome(&self, w: &mut Writer) {
        let rec = &self.report.decision.recommendation;
        w.line("Chosen option: none, because no option clears every hard limit. Every considered option exceeds at \
                least one documented limit, so this record stays proposed until a requirement changes.");
        w.blank();
        w.fmt(format_args!("Engine summary: {}", escape_md(&rec.headline)));
        w.blank();
        if !rec.if_relaxed.is_empty() {
            w.line("What would need to change, option by option (fewest blockers first):");
            w.blank();
            for r in &rec.if_relaxed {
                w.fmt(format_args!("- {}", escape_md(r)));
            }
            w.blank();
        }
        w.line("### Consequences");
        w.blank();
        w.line("- Bad, because the migration cannot proceed on any of the five options without relaxing a requirement above.");
        w.line("- Neutral, because the cost of every option is still estimated below, to weigh which requirement is cheapest to relax.");
        w.blank();
        w.line("### Confirmation");
        w.blank();
        w.line("Re-run the assessment once a requirement has changed; accept a record only when an option clears every hard limit.");
        w.blank();
    }

    fn confirmation(&self, w: &mut Writer, estimate: &OptionEstimate) {
        let id = estimate.option.id();
        w.line("### Confirmation");
        w.blank();
        let checklist = &self.report.decision.checklist;
        if !checklist.is_empty() {
            w.line("Before migrating, prove the architecture (proof-of-architecture checklist for this option):");
            w.blank();
            for c in checklist {
                w.fmt(format_args!(
                    "- [ ] **{}**: {} Why: {}{}",
                    escape_md(&c.title),
                    escape_md(&c.how),
                    escape_md(&c.why),
                    source_link(&c.source),
                ));
            }
            w.blank();
        }
        w.line("After migrating, confirm the cost against this estimate:");
        w.blank();
        w.fmt(format_args!(
            "1. Tag the Azure resources of the new platform `{OPTION_TAG}={id}`, the tag this estimate's FOCUS export \
             carries in its `Tags` column."
        ));
        w.line(
            "2. Export a full month of actual cost from Azure Cost Management as FOCUS cost and usage data \
             (the `FocusCost` export).",
        );
        w.fmt(format_args!(
            "3. Sum `EffectiveCost` by `ServiceCategory` over the tagged rows, and compare with this estimate's FOCUS \
             export (rows with `x_Option` = `{id}` and `x_CostKind` = `infrastructure`), expected below. Compare \
             `EffectiveCost`, not `BilledCost`: actuals book reservations as separate purchase rows."
        ));
        w.fmt(format_args!(
            "4. Revisit this decision if a category differs by more than {CONFIRMATION_TOLERANCE_PERCENT} %, or the \
             total falls outside the estimate's P10 to P90 range (`x_CostLow` to `x_CostHigh`) when one was computed."
        ));
        w.blank();
        let mut by_category: BTreeMap<&str, Decimal> = BTreeMap::new();
        for line in &estimate.lines {
            *by_category
                .entry(focus_service(line, CostKind::Infrastructure).category)
                .or_default() += line.monthly_cost;
        }
        w.fmt(format_args!(
            "| FOCUS ServiceCategory | Expected EffectiveCost per month ({}) |",
            escape_md(self.currency)
        ));
        w.line("| --- | ---: |");
        for (category, cost) in &by_category {
            w.fmt(format_args!("| {category} | {} |", amount(*cost)));
        }
        w.fmt(format_args!(
            "| **Total** | **{}** |",
            amount(estimate.total)
        ));
        w.blank();
    }

    fn pros_and_cons(&self, w: &mut Writer) {
        w.line("## Pros and Cons of the Options");
        w.blank();
        for (e, v) in self.report.options() {
            w.fmt(format_args!("### {}", e.option.label()));
            w.blank();
            w.fmt(format_args!(
                "Verdict: **{}**{}. Estimated {}{} a month for infrastructure{}.",
                verdict_label(v.map(|v| v.verdict)),
                v.map(|v| format!(" (score {})", v.score))
                    .unwrap_or_default(),
                if e.lower_bound { "at least " } else { "" },
                self.money(e.total),
                people_suffix(self, e),
            ));
            w.blank();
            let reasons: &[Reason] = v.map_or(&[], |v: &OptionVerdict| v.reasons.as_slice());
            for r in reasons.iter().filter(|r| r.effect == Effect::Favour) {
                w.fmt(format_args!("- Good, because {}", reason_text(r)));
            }
            for note in &e.notes {
                w.fmt(format_args!(
                    "- Neutral, because {}",
                    escape_md(&sentence_tail(note))
                ));
            }
            for effect in [Effect::Disqualify, Effect::Risk, Effect::Disfavour] {
                for r in reasons.iter().filter(|r| r.effect == effect) {
                    w.fmt(format_args!("- Bad, because {}", reason_text(r)));
                }
            }
            if reasons.is_empty() && e.notes.is_empty() {
                w.line("- Neutral, because no rule fired for this option.");
            }
            w.blank();
        }
    }
}

fn is_http_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && !s.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')'))
}

fn effect_label(e: Effect) -> &'static str {
    match e {
        Effect::Disqualify => "disqualify",
        Effect::Risk => "risk",
        Effect::Favour => "favour",
        Effect::Disfavour => "disfavour",
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

/// ", plus USD 1,234.00 for people (USD 5,678.00 in all)" when people are costed.
fn people_suffix(r: &Render<'_>, e: &OptionEstimate) -> String {
    let people = e.total_with_people - e.total;
    if e.people.is_empty() {
        String::new()
    } else {
        format!(
            ", plus {} for people ({} in all)",
            r.money(people),
            r.money(e.total_with_people)
        )
    }
}

/// Disqualifying rules of the path, one entry per rule id with the options it hit.
fn hard_limits(path: &[FiredRule]) -> Vec<(&str, &str, Vec<&'static str>, &str)> {
    let mut out: Vec<(&str, &str, Vec<&'static str>, &str)> = Vec::new();
    for r in path.iter().filter(|r| r.effect == Effect::Disqualify) {
        let labels = r.options.iter().map(|o| o.label());
        match out.iter_mut().find(|(rule, ..)| *rule == r.rule) {
            Some(entry) => {
                for l in labels {
                    if !entry.2.contains(&l) {
                        entry.2.push(l);
                    }
                }
            }
            None => out.push((&r.rule, &r.title, labels.collect(), &r.source)),
        }
    }
    out
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

mod appendix;
mod context;

#[cfg(test)]
#[path = "madr_tests.rs"]
mod tests;
