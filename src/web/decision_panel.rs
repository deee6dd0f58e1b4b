//! The decision as pages and exports show it: an assessment's status changes
//! ([`DecisionState`]), the `decision` JSON object, the panel of the assessment page
//! ([`DecisionPanel`]) and the panel of the report page ([`DecisionBlock`], rendered by
//! [`report_panel`]). The routes that change a status are `decisions`.

use askama::Template;
use serde::Serialize;
use uuid::Uuid;

use super::AppState;
use super::dates::{format_time, rfc3339};
use crate::domain::{DecisionStatus, Labelled, Named};
use crate::report::Report;
use crate::report::decision_record::{
    AcceptedDecision, Difference, RecordedDecision, differences, recorded_recommendation,
};
use crate::store::{DecisionChangeRecord, StoreError, accepted_now};

/// An assessment's status changes, oldest first, and what follows from them.
#[derive(Debug, Clone, Default)]
pub struct DecisionState {
    pub changes: Vec<DecisionChangeRecord>,
}

impl DecisionState {
    pub async fn load(state: &AppState, id: Uuid) -> Result<Self, StoreError> {
        Ok(Self {
            changes: state.store.decision_changes(id).await?,
        })
    }

    /// How many changes there have been: the concurrency token, and the stamp of every
    /// cached rendering that shows the decision (changes are insert-only).
    pub fn count(&self) -> u32 {
        u32::try_from(self.changes.len()).unwrap_or(u32::MAX)
    }

    pub fn stamp(&self) -> String {
        format!("+d{}", self.changes.len())
    }

    /// The latest change of `revision`, if it ever changed.
    pub fn latest_of(&self, revision: u32) -> Option<&DecisionChangeRecord> {
        self.changes.iter().rev().find(|c| c.revision == revision)
    }

    pub fn status_of(&self, revision: u32) -> DecisionStatus {
        self.latest_of(revision)
            .map_or_else(Default::default, |c| c.status)
    }

    pub fn accepted(&self) -> Option<AcceptedDecision> {
        accepted_now(&self.changes).map(|c| AcceptedDecision {
            revision: c.revision,
            pricing_version: c.pricing_version.clone().unwrap_or_default(),
            by: c.actor.clone(),
            on: c.created_at.date(),
            recommendation: recorded_recommendation(
                c.recommendation.as_deref().unwrap_or_default(),
            ),
            monthly_total: c.monthly_total.clone().unwrap_or_default(),
            currency: c.currency.clone().unwrap_or_default(),
        })
    }

    /// The decision as the MADR export and the page take it.
    pub fn recorded(&self, revision: u32) -> RecordedDecision {
        let latest = self.latest_of(revision);
        RecordedDecision {
            status: self.status_of(revision),
            revision,
            comment: latest.map(|c| c.comment.clone()),
            by: latest.map(|c| c.actor.clone()),
            on: latest.map(|c| c.created_at.date()),
            accepted: self.accepted(),
        }
    }

    /// The `decision` object of the report JSON and of `GET …/decision`. With `report` (this
    /// revision's), it also says how this revision differs from the accepted one.
    pub fn json(&self, revision: u32, report: Option<&Report>) -> DecisionJson {
        let latest = self.latest_of(revision);
        let accepted_change = accepted_now(&self.changes);
        let accepted = self.accepted();
        let differs_from_accepted = match (&accepted, report) {
            (Some(a), Some(r)) if a.revision != revision => Some(differences(r, a)),
            _ => None,
        };
        DecisionJson {
            status: self.status_of(revision),
            revision,
            comment: latest.map(|c| c.comment.clone()),
            by: latest.map(|c| c.actor.clone()),
            at: latest.map(|c| rfc3339(c.created_at)),
            accepted_revision: accepted.as_ref().map(|a| a.revision),
            accepted_pricing_version: accepted.as_ref().map(|a| a.pricing_version.clone()),
            accepted: accepted_change.map(|c| AcceptedJson {
                revision: c.revision,
                pricing_version: c.pricing_version.clone(),
                by: c.actor.clone(),
                at: rfc3339(c.created_at),
                recommendation: c.recommendation.as_deref().map(recorded_recommendation),
                monthly_total: c.monthly_total.clone(),
                currency: c.currency.clone(),
            }),
            differs_from_accepted,
            changes: self.count(),
            history: self
                .changes
                .iter()
                .filter(|c| c.revision == revision)
                .map(ChangeJson::from)
                .collect(),
        }
    }

    /// The decision panel of the report page for `revision`; `shared` leaves out what only
    /// owners can open (the accepted revision's report, the status form, the audit log).
    pub fn block(&self, id: Uuid, revision: u32, report: &Report, shared: bool) -> DecisionBlock {
        let latest = self.latest_of(revision);
        let accepted = self.accepted().filter(|a| a.revision != revision);
        DecisionBlock {
            id: id.to_string(),
            revision,
            status: self.status_of(revision).key(),
            comment: latest.map(|c| c.comment.clone()).unwrap_or_default(),
            by: latest.map(|c| c.actor.clone()).unwrap_or_default(),
            at: latest
                .map(|c| format_time(c.created_at))
                .unwrap_or_default(),
            pinned_pricing_version: latest
                .filter(|c| c.status == DecisionStatus::Accepted)
                .and_then(|c| c.pricing_version.clone())
                .unwrap_or_default(),
            later_than_accepted: accepted.as_ref().is_some_and(|a| revision > a.revision),
            differences: accepted
                .as_ref()
                .map(|a| differences(report, a))
                .unwrap_or_default(),
            accepted,
            history: self
                .changes
                .iter()
                .filter(|c| c.revision == revision)
                .rev()
                .map(|c| HistoryRow {
                    at: format_time(c.created_at),
                    by: c.actor.clone(),
                    status: c.status.key(),
                    comment: c.comment.clone(),
                })
                .collect(),
            owner: !shared,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ChangeJson {
    pub change: u32,
    pub revision: u32,
    pub status: DecisionStatus,
    pub comment: String,
    pub by: String,
    pub at: String,
}

impl From<&DecisionChangeRecord> for ChangeJson {
    fn from(c: &DecisionChangeRecord) -> Self {
        Self {
            change: c.seq,
            revision: c.revision,
            status: c.status,
            comment: c.comment.clone(),
            by: c.actor.clone(),
            at: rfc3339(c.created_at),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AcceptedJson {
    pub revision: u32,
    pub pricing_version: Option<String>,
    pub by: String,
    pub at: String,
    pub recommendation: Option<String>,
    pub monthly_total: Option<String>,
    pub currency: Option<String>,
}

/// The `decision` object (README "Decision workflow and audit log").
#[derive(Debug, Serialize)]
pub struct DecisionJson {
    pub status: DecisionStatus,
    pub revision: u32,
    pub comment: Option<String>,
    pub by: Option<String>,
    pub at: Option<String>,
    pub accepted_revision: Option<u32>,
    pub accepted_pricing_version: Option<String>,
    pub accepted: Option<AcceptedJson>,
    /// How this revision differs from the accepted one (empty: in nothing the report names);
    /// `null` when it is the accepted one, none is accepted, or the report was not at hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub differs_from_accepted: Option<Vec<Difference>>,
    /// Status changes of the assessment so far: send it back as `If-Match: "d<changes>"`.
    pub changes: u32,
    /// This revision's status changes, oldest first.
    pub history: Vec<ChangeJson>,
}

pub struct HistoryRow {
    pub at: String,
    pub by: String,
    pub status: &'static str,
    pub comment: String,
}

/// The decision panel of the report page.
pub struct DecisionBlock {
    pub id: String,
    pub revision: u32,
    pub status: &'static str,
    pub comment: String,
    pub by: String,
    pub at: String,
    /// The price book this revision's acceptance pinned (when it is accepted).
    pub pinned_pricing_version: String,
    /// The accepted revision, when it is another one.
    pub accepted: Option<AcceptedDecision>,
    pub later_than_accepted: bool,
    pub differences: Vec<Difference>,
    /// This revision's changes, newest first.
    pub history: Vec<HistoryRow>,
    /// Owners see links to the accepted revision, the status form and the audit log.
    pub owner: bool,
}

/// What the status form shows: the revision it decides on, the input kept after a refusal,
/// and why it was refused.
#[derive(Debug, Clone, Default)]
pub struct DecisionFormState {
    pub status: String,
    pub comment: String,
    pub errors: Vec<(String, String)>,
    /// Someone else changed a status first.
    pub conflict: bool,
}

/// The decision panel of the assessment page.
pub struct DecisionPanel {
    pub revision: u32,
    pub status: &'static str,
    pub comment: String,
    pub by: String,
    pub at: String,
    pub accepted: Option<AcceptedDecision>,
    pub expected_changes: u32,
    /// The statuses the form offers for this revision: (value, label, selected).
    pub choices: Vec<(&'static str, &'static str, bool)>,
    pub form: DecisionFormState,
}

impl DecisionPanel {
    pub fn new(decision: &DecisionState, revision: u32, form: DecisionFormState) -> Self {
        let current = decision.status_of(revision);
        let latest = decision.latest_of(revision);
        // Moving back to proposed reopens the decision; it is offered last.
        let choices = [
            DecisionStatus::Accepted,
            DecisionStatus::Rejected,
            DecisionStatus::Superseded,
            DecisionStatus::Proposed,
        ]
        .into_iter()
        .filter(|s| *s != current)
        .filter(|s| *s != DecisionStatus::Superseded || current == DecisionStatus::Accepted)
        .map(|s| {
            let label = match s {
                DecisionStatus::Proposed => "Proposed (reopen)",
                _ => s.label(),
            };
            (s.key(), label, form.status == s.key())
        })
        .collect();
        Self {
            revision,
            status: current.key(),
            comment: latest.map(|c| c.comment.clone()).unwrap_or_default(),
            by: latest.map(|c| c.actor.clone()).unwrap_or_default(),
            at: latest
                .map(|c| format_time(c.created_at))
                .unwrap_or_default(),
            accepted: decision.accepted(),
            expected_changes: decision.count(),
            choices,
            form,
        }
    }
}

/// The decision panel of the report page (`templates/reports/_decision.html`).
#[derive(Template)]
#[template(path = "reports/_decision.html")]
struct ReportPanel {
    decision: Option<DecisionBlock>,
}

/// The report page's decision panel as HTML.
pub fn report_panel(block: DecisionBlock) -> askama::Result<String> {
    ReportPanel {
        decision: Some(block),
    }
    .render()
}
