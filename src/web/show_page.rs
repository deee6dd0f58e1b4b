//! The assessment page (`GET /assessments/{id}`): one revision's overview, and for whoever
//! may edit, the share links and the decision form. Apart from `pages` because the decision
//! form's refusals (`decisions`) re-render it too.

use askama::Template;
use axum_extra::extract::CookieJar;

use super::dates::format_time;
use super::decision_panel::{DecisionFormState, DecisionPanel, DecisionState};
use super::extract::{ReadAccess, csrf_token};
use super::{AppState, PageError};
use crate::domain::{Labelled, Named, Scenario, region_display_name};

/// The assessment page of `revision` for `access`, its decision form showing `decision_form`
/// (the input kept after a refused status change).
pub async fn show_page(
    state: &AppState,
    access: &ReadAccess,
    revision: Option<u32>,
    jar: CookieJar,
    decision_form: DecisionFormState,
) -> Result<(CookieJar, ShowPage), PageError> {
    let id = access.id;
    let (jar, csrf) = csrf_token(jar, state);
    let mut page = overview(state, access, revision).await?;
    if access.can_edit() {
        let now = time::OffsetDateTime::now_utc();
        let decision = DecisionState::load(state, id).await?;
        page.owner = Some(OwnerView {
            csrf,
            decision: DecisionPanel::new(&decision, page.revision, decision_form),
            shares: state
                .store
                .list_shares(id)
                .await?
                .iter()
                .map(|s| ShareRow {
                    id: s.id.to_string(),
                    label: s.label.clone().unwrap_or_default(),
                    revision: s
                        .pinned_revision
                        .map_or_else(|| "latest".into(), |r| r.to_string()),
                    created: format_time(s.created_at),
                    expires: s.expires_at.map_or_else(|| "never".into(), format_time),
                    status: if s.revoked_at.is_some() {
                        "revoked"
                    } else if s.is_active(now) {
                        "active"
                    } else {
                        "expired"
                    },
                })
                .collect(),
        });
    }
    Ok((jar, page))
}

/// The overview of one revision, without anything that needs the edit key.
async fn overview(
    state: &AppState,
    access: &ReadAccess,
    revision: Option<u32>,
) -> Result<ShowPage, PageError> {
    let id = access.id;
    let revision = access.revision(state, revision).await?;
    let record = state
        .store
        .get_assessment(id)
        .await?
        .ok_or(PageError::NotFound)?;
    let revision = state
        .store
        .get_revision(id, revision)
        .await?
        .ok_or(PageError::NotFound)?;
    let revisions = state.store.list_revisions(id).await?;
    let decision = DecisionState::load(state, id).await?;
    Ok(ShowPage {
        id: id.to_string(),
        name: revision.scenario.name.clone(),
        revision: revision.revision,
        latest_revision: record.latest_revision,
        updated: format_time(revision.created_at),
        saved: false,
        shared: false,
        owner: None,
        facts: facts(&revision.scenario),
        connectors: revision
            .scenario
            .connectors
            .iter()
            .map(connector_summary)
            .collect(),
        revisions: revisions
            .into_iter()
            .filter(|r| access.sees_revision(r.revision, record.latest_revision))
            .map(|r| RevisionView {
                current: r.revision == revision.revision,
                revision: r.revision,
                created: format_time(r.created_at),
                author: r.author.unwrap_or_else(|| "—".into()),
                name: r.name,
                status: decision.status_of(r.revision).key(),
            })
            .collect(),
    })
}

fn facts(s: &Scenario) -> Vec<Fact> {
    let w = &s.workload;
    let region = region_display_name(&s.region)
        .map_or_else(|| s.region.clone(), |n| format!("{n} ({})", s.region));
    vec![
        Fact {
            label: "Region",
            value: region,
        },
        Fact {
            label: "Currency",
            value: s.currency.clone(),
        },
        Fact {
            label: "Write throughput",
            value: format!(
                "{} MB/s average, peak ×{}",
                w.write_mb_per_s, w.peak_to_average
            ),
        },
        Fact {
            label: "Read fan-out",
            value: format!("{} consumer groups", w.read_fanout),
        },
        Fact {
            label: "Retention",
            value: format!("{} h", w.retention_hours),
        },
        Fact {
            label: "Topics / partitions",
            value: format!("{} / {}", w.topics, w.partitions),
        },
        Fact {
            label: "Connectors",
            value: s.connectors.len().to_string(),
        },
        Fact {
            label: "Availability zones",
            value: s.network.availability_zones.to_string(),
        },
        Fact {
            label: "Private Link",
            value: if s.network.private_link { "yes" } else { "no" }.into(),
        },
    ]
}

fn connector_summary(c: &crate::domain::Connector) -> ConnectorSummary {
    let location = c.system_location.label();
    ConnectorSummary {
        name: c.name.clone(),
        class: c.class.clone(),
        direction: c.direction.key(),
        tasks: c.tasks,
        mb_per_s: c.mb_per_s.to_string(),
        location,
        flags: connector_flags(c),
    }
}

/// A connector's delivery and placement flags as one cell ("exactly-once, DLQ, isolated"),
/// on the assessment page and the import preview.
pub(crate) fn connector_flags(c: &crate::domain::Connector) -> String {
    let flags = [
        (c.exactly_once, "exactly-once"),
        (c.dead_letter_queue, "DLQ"),
        (c.isolated, "isolated"),
    ];
    let on: Vec<&str> = flags
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, f)| *f)
        .collect();
    on.join(", ")
}

pub struct RevisionView {
    pub revision: u32,
    pub created: String,
    pub author: String,
    pub name: String,
    pub current: bool,
    /// Its decision status: proposed, accepted, rejected, superseded.
    pub status: &'static str,
}

/// Key facts of a revision, as label/value pairs.
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

pub struct ConnectorSummary {
    pub name: String,
    pub class: String,
    pub direction: &'static str,
    pub tasks: u32,
    pub mb_per_s: String,
    pub location: &'static str,
    pub flags: String,
}

#[derive(Template)]
#[template(path = "assessments/show.html")]
pub struct ShowPage {
    pub id: String,
    pub name: String,
    pub revision: u32,
    pub latest_revision: u32,
    pub updated: String,
    pub saved: bool,
    /// Opened through a share link: show nothing that edits or links to editing.
    pub shared: bool,
    /// Present when this browser holds the edit key.
    pub owner: Option<OwnerView>,
    pub facts: Vec<Fact>,
    pub connectors: Vec<ConnectorSummary>,
    pub revisions: Vec<RevisionView>,
}

/// What only the holder of the edit key sees: share links and the forms to manage them.
pub struct OwnerView {
    pub csrf: String,
    pub shares: Vec<ShareRow>,
    /// The shown revision's decision status and the form that changes it.
    pub decision: DecisionPanel,
}

pub struct ShareRow {
    pub id: String,
    pub label: String,
    pub revision: String,
    pub created: String,
    pub expires: String,
    pub status: &'static str,
}
