//! What goes into and comes out of the store, plus the row shapes both backends decode.

use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreError;
use crate::domain::Scenario;

/// A new assessment: its first revision and the hash of its edit key.
#[derive(Debug, Clone, Copy)]
pub struct NewAssessment<'a> {
    /// Revision 1's content.
    pub scenario: &'a Scenario,
    /// Hex SHA-256 of the edit key; the key itself is never stored.
    pub edit_key_hash: &'a str,
    /// Who saved it, if known (free text; not authenticated).
    pub author: Option<&'a str>,
    /// Version of the price catalog in use when it was saved.
    pub pricing_version: Option<&'a str>,
    /// The workspace it belongs to (team sign-in); `None` for an anonymous assessment.
    pub workspace: Option<Uuid>,
}

/// Who saved a revision and with which price catalog; both optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct RevisionMeta<'a> {
    /// Who saved it, if known (free text; not authenticated).
    pub author: Option<&'a str>,
    /// Version of the price catalog in use when it was saved.
    pub pricing_version: Option<&'a str>,
}

/// What [`Store::create_assessment`](super::Store::create_assessment) returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Created {
    /// The new assessment's id.
    pub id: Uuid,
    /// Always 1.
    pub revision: u32,
    /// When it was saved (UTC, microsecond precision).
    pub created_at: OffsetDateTime,
}

/// An assessment's header: identity, the latest revision's name and region, and times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRecord {
    /// The assessment's id.
    pub id: Uuid,
    /// The scenario name at the latest revision.
    pub name: String,
    /// The Azure region code at the latest revision.
    pub region: String,
    /// The latest revision number; what an update must name as its expected revision.
    pub latest_revision: u32,
    /// When revision 1 was saved.
    pub created_at: OffsetDateTime,
    /// When the latest revision was saved.
    pub updated_at: OffsetDateTime,
}

/// One saved revision with its full scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionRecord {
    /// The assessment this revision belongs to.
    pub assessment_id: Uuid,
    /// The revision number, from 1.
    pub revision: u32,
    /// The scenario as saved.
    pub scenario: Scenario,
    /// Who saved it, if known.
    pub author: Option<String>,
    /// When it was saved.
    pub created_at: OffsetDateTime,
    /// Version of the price catalog in use when it was saved (absent for older revisions).
    pub pricing_version: Option<String>,
}

/// A line in the assessment list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentSummary {
    /// The assessment's id.
    pub id: Uuid,
    /// The scenario name at the latest revision.
    pub name: String,
    /// The Azure region code at the latest revision.
    pub region: String,
    /// The latest revision number.
    pub latest_revision: u32,
    /// When the latest revision was saved.
    pub updated_at: OffsetDateTime,
}

/// A line in an assessment's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionSummary {
    /// The revision number.
    pub revision: u32,
    /// Who saved it, if known.
    pub author: Option<String>,
    /// When it was saved.
    pub created_at: OffsetDateTime,
    /// The scenario name at this revision.
    pub name: String,
}

/// A new read-only share link.
#[derive(Debug, Clone, Copy)]
pub struct NewShare<'a> {
    /// The assessment to share.
    pub assessment_id: Uuid,
    /// Hex SHA-256 of the link's token; the token itself is never stored.
    pub token_hash: &'a str,
    /// Show this revision for ever; `None` follows the latest revision.
    pub pinned_revision: Option<u32>,
    /// After this instant the link no longer works; `None` never expires.
    pub expires_at: Option<OffsetDateTime>,
    /// A note for the owner, e.g. "FinOps review".
    pub label: Option<&'a str>,
}

/// A share link as stored. The token hash is deliberately not part of it: listings and
/// revocation use [`ShareRecord::id`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRecord {
    /// Public id of the link, for listing and revoking.
    pub id: Uuid,
    /// The shared assessment.
    pub assessment_id: Uuid,
    /// The revision shown, or `None` for the latest.
    pub pinned_revision: Option<u32>,
    /// When the link stops working, if ever.
    pub expires_at: Option<OffsetDateTime>,
    /// When the link was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
    /// When the link was created.
    pub created_at: OffsetDateTime,
    /// The owner's note.
    pub label: Option<String>,
}

impl ShareRecord {
    /// Whether the link grants read access at `now`: not revoked and not expired.
    pub fn is_active(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|expires| now < expires)
    }
}

// ---- rows: decoded identically from both backends (ids as text, revisions as i64) ----

#[derive(sqlx::FromRow)]
pub(super) struct AssessmentRow {
    pub id: String,
    pub name: String,
    pub region: String,
    pub latest_revision: i64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
pub(super) struct RevisionRow {
    pub assessment_id: String,
    pub revision: i64,
    pub scenario: String,
    pub author: Option<String>,
    pub created_at: OffsetDateTime,
    pub pricing_version: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(super) struct RevisionSummaryRow {
    pub revision: i64,
    pub author: Option<String>,
    pub created_at: OffsetDateTime,
    pub name: String,
}

#[derive(sqlx::FromRow)]
pub(super) struct ShareRow {
    pub id: String,
    pub assessment_id: String,
    pub pinned_revision: Option<i64>,
    pub expires_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub label: Option<String>,
}

pub(super) fn parse_uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(format!("bad id {text:?}: {e}")))
}

pub(super) fn revision_from_db(value: i64) -> Result<u32, StoreError> {
    u32::try_from(value)
        .ok()
        .filter(|r| *r >= 1)
        .ok_or_else(|| StoreError::Corrupt(format!("bad revision number {value}")))
}

/// Why an update did not apply, given the assessment's latest revision as read after it:
/// the assessment is gone, or it has moved on to `current`.
pub(super) fn update_refused(current: Option<i64>) -> StoreError {
    match current.map(revision_from_db) {
        None => StoreError::NotFound,
        Some(Ok(current)) => StoreError::Conflict { current },
        Some(Err(e)) => e,
    }
}

impl TryFrom<AssessmentRow> for AssessmentRecord {
    type Error = StoreError;
    fn try_from(row: AssessmentRow) -> Result<Self, StoreError> {
        Ok(AssessmentRecord {
            id: parse_uuid(&row.id)?,
            name: row.name,
            region: row.region,
            latest_revision: revision_from_db(row.latest_revision)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

impl TryFrom<AssessmentRow> for AssessmentSummary {
    type Error = StoreError;
    fn try_from(row: AssessmentRow) -> Result<Self, StoreError> {
        Ok(AssessmentSummary {
            id: parse_uuid(&row.id)?,
            name: row.name,
            region: row.region,
            latest_revision: revision_from_db(row.latest_revision)?,
            updated_at: row.updated_at,
        })
    }
}

impl TryFrom<RevisionRow> for RevisionRecord {
    type Error = StoreError;
    fn try_from(row: RevisionRow) -> Result<Self, StoreError> {
        let revision = revision_from_db(row.revision)?;
        let scenario = serde_json::from_str::<Scenario>(&row.scenario).map_err(|e| {
            StoreError::Corrupt(format!(
                "assessment {} revision {revision}: scenario JSON does not deserialize: {e}",
                row.assessment_id
            ))
        })?;
        Ok(RevisionRecord {
            assessment_id: parse_uuid(&row.assessment_id)?,
            revision,
            scenario,
            author: row.author,
            created_at: row.created_at,
            pricing_version: row.pricing_version,
        })
    }
}

impl TryFrom<RevisionSummaryRow> for RevisionSummary {
    type Error = StoreError;
    fn try_from(row: RevisionSummaryRow) -> Result<Self, StoreError> {
        Ok(RevisionSummary {
            revision: revision_from_db(row.revision)?,
            author: row.author,
            created_at: row.created_at,
            name: row.name,
        })
    }
}

impl TryFrom<ShareRow> for ShareRecord {
    type Error = StoreError;
    fn try_from(row: ShareRow) -> Result<Self, StoreError> {
        Ok(ShareRecord {
            id: parse_uuid(&row.id)?,
            assessment_id: parse_uuid(&row.assessment_id)?,
            pinned_revision: row.pinned_revision.map(revision_from_db).transpose()?,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            created_at: row.created_at,
            label: row.label,
        })
    }
}

/// Convert rows, failing on the first one that does not convert.
pub(super) fn convert_all<R, T>(rows: Vec<R>) -> Result<Vec<T>, StoreError>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}

// ---- what the facade hands to a backend for a write ----

/// A revision ready to insert: the scenario already serialized and the clock already read.
pub(super) struct RevisionInsert<'a> {
    pub assessment_id: Uuid,
    pub revision: u32,
    pub name: &'a str,
    pub region: &'a str,
    pub scenario_json: String,
    pub author: Option<&'a str>,
    pub at: OffsetDateTime,
    pub pricing_version: Option<&'a str>,
}

/// A share ready to insert.
pub(super) struct ShareInsert<'a> {
    pub id: Uuid,
    pub new: NewShare<'a>,
    pub created_at: OffsetDateTime,
}
