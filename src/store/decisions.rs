//! The decision workflow and the audit log: status changes per revision (insert-only, numbered
//! per assessment for optimistic concurrency) and who did what to an assessment.

use sqlx::{PgConnection, PgPool, SqliteConnection};
use time::OffsetDateTime;
use uuid::Uuid;

use super::error::{is_unique_violation, missing_parent};
use super::models::{parse_uuid, revision_from_db};
use super::sqlite::{SqliteStore, ts};
use super::{Store, StoreError, now};
use crate::domain::{DecisionStatus, Named};

/// What an acceptance pins: the price book it was priced with, and what the report said then.
#[derive(Debug, Clone, Copy)]
pub struct AcceptedOn<'a> {
    /// The price-book version the accepted report was priced with.
    pub pricing_version: &'a str,
    /// The recommended option's label (or the engine's "no option is viable").
    pub recommendation: &'a str,
    /// The recommended option's monthly total, as a decimal string.
    pub monthly_total: &'a str,
    pub currency: &'a str,
}

/// A requested status change of one revision.
#[derive(Debug, Clone, Copy)]
pub struct NewStatusChange<'a> {
    pub assessment_id: Uuid,
    pub revision: u32,
    /// How many changes the caller saw: the change is written only if that is still the count.
    pub expected_changes: u32,
    pub status: DecisionStatus,
    pub comment: &'a str,
    /// Who changes it, as the web layer names the caller.
    pub actor: &'a str,
    /// Required when `status` is accepted.
    pub accepted_on: Option<AcceptedOn<'a>>,
}

/// One recorded status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionChangeRecord {
    pub assessment_id: Uuid,
    /// 1, 2, 3… per assessment, in order.
    pub seq: u32,
    pub revision: u32,
    pub status: DecisionStatus,
    pub comment: String,
    pub actor: String,
    pub created_at: OffsetDateTime,
    /// Set on acceptances: the price-book version, recommendation, monthly total, currency.
    pub pricing_version: Option<String>,
    pub recommendation: Option<String>,
    pub monthly_total: Option<String>,
    pub currency: Option<String>,
}

/// What happened to an assessment, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Created,
    /// A new revision was saved.
    Edited,
    Shared,
    ShareRevoked,
    StatusChanged,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Edited => "edited",
            Self::Shared => "shared",
            Self::ShareRevoked => "share_revoked",
            Self::StatusChanged => "status_changed",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        [
            Self::Created,
            Self::Edited,
            Self::Shared,
            Self::ShareRevoked,
            Self::StatusChanged,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown audit action {s:?}")))
    }
}

/// An audit event to record.
#[derive(Debug, Clone, Copy)]
pub struct NewAuditEvent<'a> {
    pub assessment_id: Uuid,
    pub action: AuditAction,
    pub actor: &'a str,
    /// The revision created, edited, shared (pinned) or whose status changed.
    pub revision: Option<u32>,
    pub share_id: Option<Uuid>,
    pub status: Option<DecisionStatus>,
}

/// A recorded audit event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEventRecord {
    /// Increasing in the order events were recorded (across assessments).
    pub id: i64,
    pub assessment_id: Uuid,
    pub action: AuditAction,
    pub actor: String,
    pub created_at: OffsetDateTime,
    pub revision: Option<u32>,
    pub share_id: Option<Uuid>,
    pub status: Option<DecisionStatus>,
}

/// The status of each revision after `changes` (oldest first): the latest change of each.
pub fn current_statuses(changes: &[DecisionChangeRecord]) -> Vec<(u32, DecisionStatus)> {
    let mut out: Vec<(u32, DecisionStatus)> = Vec::new();
    for c in changes {
        match out.iter_mut().find(|(r, _)| *r == c.revision) {
            Some(slot) => slot.1 = c.status,
            None => out.push((c.revision, c.status)),
        }
    }
    out
}

/// The revision accepted now, if any, and its acceptance.
pub fn accepted_now(changes: &[DecisionChangeRecord]) -> Option<&DecisionChangeRecord> {
    let (revision, _) = current_statuses(changes)
        .into_iter()
        .find(|(_, s)| *s == DecisionStatus::Accepted)?;
    changes
        .iter()
        .rev()
        .find(|c| c.revision == revision && c.status == DecisionStatus::Accepted)
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    assessment_id: String,
    seq: i64,
    revision: i64,
    status: String,
    comment: String,
    actor: String,
    created_at: OffsetDateTime,
    pricing_version: Option<String>,
    recommendation: Option<String>,
    monthly_total: Option<String>,
    currency: Option<String>,
}

fn parse_status(s: &str) -> Result<DecisionStatus, StoreError> {
    DecisionStatus::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown status {s:?}")))
}

impl TryFrom<ChangeRow> for DecisionChangeRecord {
    type Error = StoreError;
    fn try_from(r: ChangeRow) -> Result<Self, StoreError> {
        Ok(Self {
            assessment_id: parse_uuid(&r.assessment_id)?,
            seq: revision_from_db(r.seq)?,
            revision: revision_from_db(r.revision)?,
            status: parse_status(&r.status)?,
            comment: r.comment,
            actor: r.actor,
            created_at: r.created_at,
            pricing_version: r.pricing_version,
            recommendation: r.recommendation,
            monthly_total: r.monthly_total,
            currency: r.currency,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    assessment_id: String,
    action: String,
    actor: String,
    created_at: OffsetDateTime,
    revision: Option<i64>,
    share_id: Option<String>,
    status: Option<String>,
}

impl TryFrom<AuditRow> for AuditEventRecord {
    type Error = StoreError;
    fn try_from(r: AuditRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: r.id,
            assessment_id: parse_uuid(&r.assessment_id)?,
            action: AuditAction::parse(&r.action)?,
            actor: r.actor,
            created_at: r.created_at,
            revision: r.revision.map(revision_from_db).transpose()?,
            share_id: r.share_id.as_deref().map(parse_uuid).transpose()?,
            status: r.status.as_deref().map(parse_status).transpose()?,
        })
    }
}

const SQLITE_CHANGES: &str = "SELECT assessment_id, seq, revision, status, comment, actor, created_at, \
            pricing_version, recommendation, monthly_total, currency \
     FROM decision_changes WHERE assessment_id = $1 ORDER BY seq";
const PG_CHANGES: &str = "SELECT assessment_id::text AS assessment_id, seq, revision, status, comment, actor, \
            created_at, pricing_version, recommendation, monthly_total, currency \
     FROM decision_changes WHERE assessment_id = $1::uuid ORDER BY seq";

/// A change row ready to insert.
struct ChangeInsert<'a> {
    seq: u32,
    revision: u32,
    status: DecisionStatus,
    comment: &'a str,
    accepted_on: Option<AcceptedOn<'a>>,
}

/// The rows a status change writes, given the assessment's changes so far: the change
/// itself, preceded — when it accepts a revision while another is accepted — by that other
/// revision's move to superseded.
fn plan<'a>(
    new: &NewStatusChange<'a>,
    existing: &[DecisionChangeRecord],
    superseded_comment: &'a str,
) -> Vec<ChangeInsert<'a>> {
    let mut seq = new.expected_changes;
    let mut rows = Vec::new();
    if new.status == DecisionStatus::Accepted
        && let Some(accepted) = accepted_now(existing)
        && accepted.revision != new.revision
    {
        seq += 1;
        rows.push(ChangeInsert {
            seq,
            revision: accepted.revision,
            status: DecisionStatus::Superseded,
            comment: superseded_comment,
            accepted_on: None,
        });
    }
    rows.push(ChangeInsert {
        seq: seq + 1,
        revision: new.revision,
        status: new.status,
        comment: new.comment,
        accepted_on: new.accepted_on,
    });
    rows
}

impl Store {
    /// Every status change of the assessment, oldest first (empty when none, or no such
    /// assessment).
    #[tracing::instrument(skip_all, fields(assessment.id = %id))]
    pub async fn decision_changes(
        &self,
        id: Uuid,
    ) -> Result<Vec<DecisionChangeRecord>, StoreError> {
        let rows = match self {
            Store::Sqlite(db) => {
                sqlx::query_as::<_, ChangeRow>(SQLITE_CHANGES)
                    .bind(id.to_string())
                    .fetch_all(db.pool())
                    .await?
            }
            Store::Postgres(pool) => {
                sqlx::query_as::<_, ChangeRow>(PG_CHANGES)
                    .bind(id.to_string())
                    .fetch_all(pool)
                    .await?
            }
        };
        rows.into_iter().map(TryFrom::try_from).collect()
    }

    /// How many status changes the assessment has had: the stamp of its decision state.
    #[tracing::instrument(skip_all, fields(assessment.id = %id))]
    pub async fn decision_change_count(&self, id: Uuid) -> Result<u32, StoreError> {
        let n = match self {
            Store::Sqlite(db) => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM decision_changes WHERE assessment_id = $1",
                )
                .bind(id.to_string())
                .fetch_one(db.pool())
                .await?
            }
            Store::Postgres(pool) => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM decision_changes WHERE assessment_id = $1::uuid",
                )
                .bind(id.to_string())
                .fetch_one(pool)
                .await?
            }
        };
        u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("bad change count {n}")))
    }

    /// Record a status change of one revision, with its audit events, in one transaction.
    ///
    /// Optimistic concurrency: written only if the assessment still has `expected_changes`
    /// changes, else [`StoreError::Conflict`] with the current count and nothing written.
    /// Accepting a revision while another is accepted first records that other revision's
    /// move to superseded (its own change, and its own audit event). Returns the rows written,
    /// in order. [`StoreError::NotFound`] when the assessment or the revision does not exist.
    #[tracing::instrument(skip_all, fields(assessment.id = %new.assessment_id, revision = new.revision))]
    pub async fn change_decision_status(
        &self,
        new: NewStatusChange<'_>,
    ) -> Result<Vec<DecisionChangeRecord>, StoreError> {
        if new.status == DecisionStatus::Accepted && new.accepted_on.is_none() {
            return Err(StoreError::Other(
                "an acceptance must name the price book and report it was accepted on".into(),
            ));
        }
        let at = now();
        let superseded = format!("Superseded: revision {} was accepted.", new.revision);
        match self {
            Store::Sqlite(db) => sqlite_change(db, &new, &superseded, at).await,
            Store::Postgres(pool) => pg_change(pool, &new, &superseded, at).await,
        }
    }

    /// Record one audit event.
    #[tracing::instrument(skip_all, fields(assessment.id = %event.assessment_id, action = event.action.as_str()))]
    pub async fn record_audit(&self, event: NewAuditEvent<'_>) -> Result<(), StoreError> {
        let at = now();
        let result = match self {
            Store::Sqlite(db) => {
                let at = ts(at)?;
                let _writer = db.writer_turn().await;
                let mut conn = db.pool().acquire().await?;
                sqlite_audit(&mut conn, &event, &at).await
            }
            Store::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                pg_audit(&mut conn, &event, at).await
            }
        };
        result.map_err(missing_parent)
    }

    /// The audit log, oldest first: of one assessment, or of every one (`None`).
    #[tracing::instrument(skip_all)]
    pub async fn audit_events(
        &self,
        assessment: Option<Uuid>,
    ) -> Result<Vec<AuditEventRecord>, StoreError> {
        let id = assessment.map(|a| a.to_string());
        let rows = match self {
            Store::Sqlite(db) => {
                sqlx::query_as::<_, AuditRow>(
                    "SELECT id, assessment_id, action, actor, created_at, revision, share_id, status \
                     FROM audit_events WHERE ($1 IS NULL OR assessment_id = $1) ORDER BY id",
                )
                .bind(id)
                .fetch_all(db.pool())
                .await?
            }
            Store::Postgres(pool) => {
                sqlx::query_as::<_, AuditRow>(
                    "SELECT id, assessment_id::text AS assessment_id, action, actor, created_at, \
                            revision, share_id::text AS share_id, status \
                     FROM audit_events WHERE ($1::uuid IS NULL OR assessment_id = $1::uuid) ORDER BY id",
                )
                .bind(id)
                .fetch_all(pool)
                .await?
            }
        };
        rows.into_iter().map(TryFrom::try_from).collect()
    }
}

/// The rows a status change writes, from the assessment's changes as read inside its write
/// transaction: [`StoreError::Conflict`] when another change came first.
fn checked_plan<'a>(
    existing: Vec<ChangeRow>,
    new: &NewStatusChange<'a>,
    superseded_comment: &'a str,
) -> Result<Vec<ChangeInsert<'a>>, StoreError> {
    let existing = existing
        .into_iter()
        .map(TryFrom::try_from)
        .collect::<Result<Vec<DecisionChangeRecord>, _>>()?;
    count_conflict(&existing, new.expected_changes)?;
    Ok(plan(new, &existing, superseded_comment))
}

/// Bind a `decision_changes` row to either backend's insert, in column order. Only `$at`'s
/// type differs: fixed-width text on SQLite, `TIMESTAMPTZ` on PostgreSQL.
macro_rules! bind_change {
    ($query:expr, $new:expr, $row:expr, $at:expr) => {
        $query
            .bind($new.assessment_id.to_string())
            .bind(i64::from($row.seq))
            .bind(i64::from($row.revision))
            .bind($row.status.key())
            .bind($row.comment)
            .bind($new.actor)
            .bind($at)
            .bind($row.accepted_on.map(|a| a.pricing_version))
            .bind($row.accepted_on.map(|a| a.recommendation))
            .bind($row.accepted_on.map(|a| a.monthly_total))
            .bind($row.accepted_on.map(|a| a.currency))
    };
}

/// Bind an audit event to either backend's insert, in column order (`$at` as in
/// `bind_change!`).
macro_rules! bind_audit {
    ($query:expr, $e:expr, $at:expr) => {
        $query
            .bind($e.assessment_id.to_string())
            .bind($e.action.as_str())
            .bind($e.actor)
            .bind($at)
            .bind($e.revision.map(i64::from))
            .bind($e.share_id.map(|s| s.to_string()))
            .bind($e.status.map(Named::key))
    };
}

fn count_conflict(existing: &[DecisionChangeRecord], expected: u32) -> Result<(), StoreError> {
    let current = u32::try_from(existing.len()).unwrap_or(u32::MAX);
    if current == expected {
        Ok(())
    } else {
        Err(StoreError::Conflict { current })
    }
}

fn record(
    new: &NewStatusChange<'_>,
    row: &ChangeInsert<'_>,
    at: OffsetDateTime,
) -> DecisionChangeRecord {
    DecisionChangeRecord {
        assessment_id: new.assessment_id,
        seq: row.seq,
        revision: row.revision,
        status: row.status,
        comment: row.comment.to_owned(),
        actor: new.actor.to_owned(),
        created_at: at,
        pricing_version: row.accepted_on.map(|a| a.pricing_version.to_owned()),
        recommendation: row.accepted_on.map(|a| a.recommendation.to_owned()),
        monthly_total: row.accepted_on.map(|a| a.monthly_total.to_owned()),
        currency: row.accepted_on.map(|a| a.currency.to_owned()),
    }
}

/// A failed insert of a change: the revision is missing (foreign key), or another writer
/// took the number (primary key).
fn insert_failed(e: sqlx::Error, expected: u32) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict {
            current: expected.saturating_add(1),
        }
    } else {
        missing_parent(e)
    }
}

async fn sqlite_change(
    db: &SqliteStore,
    new: &NewStatusChange<'_>,
    superseded: &str,
    at: OffsetDateTime,
) -> Result<Vec<DecisionChangeRecord>, StoreError> {
    let at_text = ts(at)?;
    let _writer = db.writer_turn().await;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let exists = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM assessments WHERE id = $1")
        .bind(new.assessment_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    if exists == 0 {
        return Err(StoreError::NotFound);
    }
    let existing = sqlx::query_as::<_, ChangeRow>(SQLITE_CHANGES)
        .bind(new.assessment_id.to_string())
        .fetch_all(&mut *tx)
        .await?;
    let mut out = Vec::new();
    for row in &checked_plan(existing, new, superseded)? {
        bind_change!(
            sqlx::query(
                "INSERT INTO decision_changes (assessment_id, seq, revision, status, comment, \
                     actor, created_at, pricing_version, recommendation, monthly_total, currency) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            ),
            new,
            row,
            &at_text
        )
        .execute(&mut *tx)
        .await
        .map_err(|e| insert_failed(e, new.expected_changes))?;
        sqlite_audit(&mut tx, &status_event(new, row), &at_text).await?;
        out.push(record(new, row, at));
    }
    tx.commit().await?;
    Ok(out)
}

async fn pg_change(
    pool: &PgPool,
    new: &NewStatusChange<'_>,
    superseded: &str,
    at: OffsetDateTime,
) -> Result<Vec<DecisionChangeRecord>, StoreError> {
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL READ COMMITTED")
        .await?;
    // The assessment's row lock serialises its status changes: a second writer waits here,
    // then reads the first one's committed changes and fails the count check.
    let locked = sqlx::query_scalar::<_, String>(
        "SELECT id::text FROM assessments WHERE id = $1::uuid FOR UPDATE",
    )
    .bind(new.assessment_id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    if locked.is_none() {
        return Err(StoreError::NotFound);
    }
    let existing = sqlx::query_as::<_, ChangeRow>(PG_CHANGES)
        .bind(new.assessment_id.to_string())
        .fetch_all(&mut *tx)
        .await?;
    let mut out = Vec::new();
    for row in &checked_plan(existing, new, superseded)? {
        bind_change!(
            sqlx::query(
                "INSERT INTO decision_changes (assessment_id, seq, revision, status, comment, \
                     actor, created_at, pricing_version, recommendation, monthly_total, currency) \
                 VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            ),
            new,
            row,
            at
        )
        .execute(&mut *tx)
        .await
        .map_err(|e| insert_failed(e, new.expected_changes))?;
        pg_audit(&mut tx, &status_event(new, row), at).await?;
        out.push(record(new, row, at));
    }
    tx.commit().await?;
    Ok(out)
}

fn status_event<'a>(new: &NewStatusChange<'a>, row: &ChangeInsert<'_>) -> NewAuditEvent<'a> {
    NewAuditEvent {
        assessment_id: new.assessment_id,
        action: AuditAction::StatusChanged,
        actor: new.actor,
        revision: Some(row.revision),
        share_id: None,
        status: Some(row.status),
    }
}

async fn sqlite_audit(
    conn: &mut SqliteConnection,
    e: &NewAuditEvent<'_>,
    at: &str,
) -> Result<(), sqlx::Error> {
    bind_audit!(
        sqlx::query(
            "INSERT INTO audit_events (assessment_id, action, actor, created_at, revision, share_id, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        ),
        e,
        at
    )
    .execute(conn)
    .await
    .map(|_| ())
}

async fn pg_audit(
    conn: &mut PgConnection,
    e: &NewAuditEvent<'_>,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    bind_audit!(
        sqlx::query(
            "INSERT INTO audit_events (assessment_id, action, actor, created_at, revision, share_id, status) \
             VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7)",
        ),
        e,
        at
    )
    .execute(conn)
    .await
    .map(|_| ())
}
