//! The recorded decision on a report's revision — its status, who set it, when and why — and
//! what differs between this revision and the accepted one. Pure: the web layer reads the
//! store and hands these in; the MADR export and the report page render them.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use super::Report;
use crate::domain::DecisionStatus;

/// The decision as recorded for one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedDecision {
    pub status: DecisionStatus,
    pub revision: u32,
    /// The latest change's comment, author and day; `None` while the revision has never
    /// changed status (proposed by default).
    pub comment: Option<String>,
    pub by: Option<String>,
    pub on: Option<Date>,
    /// When another revision than this one was accepted — or, when this one became
    /// superseded, the revision that superseded it.
    pub accepted: Option<AcceptedDecision>,
}

/// The accepted revision of the assessment, and what its report said when it was accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcceptedDecision {
    pub revision: u32,
    pub pricing_version: String,
    pub by: String,
    pub on: Date,
    pub recommendation: String,
    pub monthly_total: String,
    pub currency: String,
}

/// What a report recommends and what it costs a month: the recommended option's label and
/// infrastructure total (no option viable: the engine's words and no total).
pub fn recommendation_and_total(report: &Report) -> (String, Option<Decimal>) {
    let rec = &report.decision.recommendation;
    match rec.option {
        Some(o) => (
            o.label().to_owned(),
            report
                .estimate
                .options
                .iter()
                .find(|e| e.option == o)
                .map(|e| e.total),
        ),
        None => ("No option is viable".to_owned(), None),
    }
}

/// A recommendation as stored with an accepted decision, as the report shows it: a decision
/// accepted before vendor profiles recommended "Kafka-compatible on object storage", which is
/// read as WarpStream BYOC today, and the report says so rather than mapping it silently.
pub fn recorded_recommendation(stored: &str) -> String {
    if stored == crate::domain::LEGACY_OBJECT_STORAGE_LABEL {
        format!(
            "{stored} ({})",
            crate::domain::LEGACY_OBJECT_STORAGE_NOTE.trim_end_matches('.')
        )
    } else {
        stored.to_owned()
    }
}

/// One way this revision differs from the accepted one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// `recommendation` or `monthly_total`.
    pub what: &'static str,
    pub accepted: String,
    pub this: String,
}

/// How `report` (this revision) differs from what the accepted revision's report said:
/// the recommendation, and the recommended option's monthly total. Empty when both match.
pub fn differences(report: &Report, accepted: &AcceptedDecision) -> Vec<Difference> {
    let (recommendation, total) = recommendation_and_total(report);
    let mut out = Vec::new();
    if recommendation != accepted.recommendation {
        out.push(Difference {
            what: "recommendation",
            accepted: accepted.recommendation.clone(),
            this: recommendation,
        });
    }
    let this_total = total.map_or_else(String::new, |t| crate::cost::round_cents(t).to_string());
    let same_total = match (accepted.monthly_total.parse::<Decimal>(), total) {
        (Ok(a), Some(t)) => crate::cost::round_cents(a) == crate::cost::round_cents(t),
        _ => accepted.monthly_total == this_total,
    };
    if !same_total || accepted.currency != report.estimate.currency {
        out.push(Difference {
            what: "monthly_total",
            accepted: format!("{} {}", accepted.currency, accepted.monthly_total),
            this: format!("{} {this_total}", report.estimate.currency),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests_support::example;

    fn accepted_as(report: &Report) -> AcceptedDecision {
        let (recommendation, total) = recommendation_and_total(report);
        AcceptedDecision {
            revision: 1,
            pricing_version: "v1".into(),
            by: "edit key holder".into(),
            on: time::macros::date!(2026 - 12 - 01),
            recommendation,
            monthly_total: total.unwrap().to_string(),
            currency: report.estimate.currency.clone(),
        }
    }

    #[test]
    fn the_same_report_differs_in_nothing_and_another_names_both_values() {
        let small = example("small-azure-ingestion");
        let accepted = accepted_as(&small);
        assert!(differences(&small, &accepted).is_empty());

        // The accepted record said another option at another total.
        let mut other = accepted.clone();
        other.recommendation = "Somewhere else".into();
        other.monthly_total = "1.00".into();
        let d = differences(&small, &other);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].what, "recommendation");
        assert_eq!(d[0].accepted, "Somewhere else");
        assert_eq!(d[0].this, accepted.recommendation);
        assert_eq!(d[1].what, "monthly_total");
        assert_eq!(d[1].accepted, format!("{} 1.00", accepted.currency));
        let (_, total) = recommendation_and_total(&small);
        assert_eq!(
            d[1].this,
            format!(
                "{} {}",
                accepted.currency,
                crate::cost::round_cents(total.unwrap())
            )
        );
    }

    #[test]
    fn a_decision_accepted_before_profiles_names_the_reading_of_its_recommendation() {
        let said = recorded_recommendation("Kafka-compatible on object storage");
        assert_eq!(
            said,
            "Kafka-compatible on object storage (`kafka_compatible.object_storage` is read as WarpStream BYOC (`kafka_compatible.warpstream`), the profile the single object-storage option was priced as before vendor profiles)"
        );
        assert_eq!(
            recorded_recommendation("Event Hubs Premium"),
            "Event Hubs Premium"
        );
        // Against a report recommending anything, the difference carries those words.
        let small = example("small-azure-ingestion");
        let mut old = accepted_as(&small);
        old.recommendation = said.clone();
        let d = differences(&small, &old);
        assert_eq!(d[0].what, "recommendation");
        assert_eq!(d[0].accepted, said);
    }
}
