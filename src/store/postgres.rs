//! The PostgreSQL backend. Ids are `UUID` and scenarios `JSONB`; both cross the wire as
//! text with explicit casts (`$1::uuid`, `id::text`), so the rows decode exactly like
//! SQLite's. Times are `TIMESTAMPTZ`.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreError;
use super::error::{is_unique_violation, missing_parent, share_insert_failed};
use super::models::{
    AssessmentRecord, AssessmentRow, AssessmentSummary, RevisionInsert, RevisionRecord,
    RevisionRow, RevisionSummary, RevisionSummaryRow, ShareInsert, ShareRecord, ShareRow,
    convert_all, update_refused,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// How long a caller waits for a free pooled connection before the store reports
/// [`StoreError::Unavailable`].
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// Per app instance; several instances share one server (default `max_connections` 100).
const MAX_CONNECTIONS: u32 = 10;

pub(super) async fn connect(url: &str) -> Result<PgPool, StoreError> {
    let options = PgConnectOptions::from_str(url)?;
    // One direct connection first: the pool would retry until its acquire timeout and then
    // report only "timed out"; this fails at once with the real cause (refused, bad
    // password, no such database).
    PgConnection::connect_with(&options).await?.close().await?;
    let pool = PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await?;
    // sqlx takes an advisory lock, so instances starting together migrate one at a time.
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

pub(super) async fn ping(pool: &PgPool) -> Result<(), StoreError> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

async fn insert_revision(
    conn: &mut PgConnection,
    r: &RevisionInsert<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO revisions (assessment_id, revision, name, scenario, author, created_at, pricing_version) \
         VALUES ($1::uuid, $2, $3, $4::jsonb, $5, $6, $7)",
    )
    .bind(r.assessment_id.to_string())
    .bind(i64::from(r.revision))
    .bind(r.name)
    .bind(&r.scenario_json)
    .bind(r.author)
    .bind(r.at)
    .bind(r.pricing_version)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn create_assessment(
    pool: &PgPool,
    r: &RevisionInsert<'_>,
    edit_key_hash: &str,
    workspace: Option<Uuid>,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO assessments \
         (id, name, region, edit_key_hash, latest_revision, created_at, updated_at, workspace_id) \
         VALUES ($1::uuid, $2, $3, $4, $5, $6, $6, $7::uuid)",
    )
    .bind(r.assessment_id.to_string())
    .bind(r.name)
    .bind(r.region)
    .bind(edit_key_hash)
    .bind(i64::from(r.revision))
    .bind(r.at)
    .bind(workspace.map(|w| w.to_string()))
    .execute(&mut *tx)
    .await
    // The workspace was checked by the caller; gone since: as if it never existed.
    .map_err(missing_parent)?;
    insert_revision(&mut tx, r).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn get_assessment(
    pool: &PgPool,
    id: Uuid,
) -> Result<Option<AssessmentRecord>, StoreError> {
    sqlx::query_as::<_, AssessmentRow>(
        "SELECT id::text AS id, name, region, latest_revision, created_at, updated_at \
         FROM assessments WHERE id = $1::uuid",
    )
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?
    .map(AssessmentRecord::try_from)
    .transpose()
}

pub(super) async fn get_revision(
    pool: &PgPool,
    id: Uuid,
    revision: Option<u32>,
) -> Result<Option<RevisionRecord>, StoreError> {
    let row = match revision {
        None => {
            sqlx::query_as::<_, RevisionRow>(
                "SELECT assessment_id::text AS assessment_id, revision, \
                        scenario::text AS scenario, author, created_at, pricing_version \
                 FROM revisions WHERE assessment_id = $1::uuid \
                 ORDER BY revision DESC LIMIT 1",
            )
            .bind(id.to_string())
            .fetch_optional(pool)
            .await?
        }
        Some(revision) => {
            sqlx::query_as::<_, RevisionRow>(
                "SELECT assessment_id::text AS assessment_id, revision, \
                        scenario::text AS scenario, author, created_at, pricing_version \
                 FROM revisions WHERE assessment_id = $1::uuid AND revision = $2",
            )
            .bind(id.to_string())
            .bind(i64::from(revision))
            .fetch_optional(pool)
            .await?
        }
    };
    row.map(RevisionRecord::try_from).transpose()
}

pub(super) async fn list_assessments(
    pool: &PgPool,
    limit: u32,
    offset: u32,
) -> Result<Vec<AssessmentSummary>, StoreError> {
    let rows = sqlx::query_as::<_, AssessmentRow>(
        "SELECT id::text AS id, name, region, latest_revision, created_at, updated_at \
         FROM assessments ORDER BY updated_at DESC, id LIMIT $1 OFFSET $2",
    )
    .bind(i64::from(limit))
    .bind(i64::from(offset))
    .fetch_all(pool)
    .await?;
    convert_all(rows)
}

pub(super) async fn count_assessments(pool: &PgPool) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM assessments")
            .fetch_one(pool)
            .await?,
    )
}

pub(super) async fn list_revisions(
    pool: &PgPool,
    id: Uuid,
) -> Result<Vec<RevisionSummary>, StoreError> {
    let rows = sqlx::query_as::<_, RevisionSummaryRow>(
        "SELECT revision, author, created_at, name \
         FROM revisions WHERE assessment_id = $1::uuid ORDER BY revision DESC",
    )
    .bind(id.to_string())
    .fetch_all(pool)
    .await?;
    convert_all(rows)
}

pub(super) async fn edit_key_hash(pool: &PgPool, id: Uuid) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar::<_, String>(
            "SELECT edit_key_hash FROM assessments WHERE id = $1::uuid",
        )
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?,
    )
}

/// The reason an update did not apply: the assessment is missing or has moved on.
async fn why_not_updated(conn: &mut PgConnection, id: Uuid) -> StoreError {
    sqlx::query_scalar::<_, i64>("SELECT latest_revision FROM assessments WHERE id = $1::uuid")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await
        .map_or_else(StoreError::from, update_refused)
}

pub(super) async fn update_assessment(
    pool: &PgPool,
    r: &RevisionInsert<'_>,
) -> Result<(), StoreError> {
    let expected = i64::from(r.revision) - 1;
    // Explicitly READ COMMITTED, whatever the server's default_transaction_isolation: under
    // REPEATABLE READ the losing update would fail with a serialization error instead of
    // seeing the winner's revision.
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL READ COMMITTED")
        .await?;
    // The conditional UPDATE takes the row lock. A concurrent update from the same revision
    // blocks on it, then (READ COMMITTED) re-checks its WHERE against the committed row,
    // finds the revision moved on and updates nothing.
    let updated = sqlx::query(
        "UPDATE assessments SET latest_revision = $1, name = $2, region = $3, updated_at = $4 \
         WHERE id = $5::uuid AND latest_revision = $6",
    )
    .bind(i64::from(r.revision))
    .bind(r.name)
    .bind(r.region)
    .bind(r.at)
    .bind(r.assessment_id.to_string())
    .bind(expected)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        // A new statement in READ COMMITTED sees the winner's committed revision.
        return Err(why_not_updated(&mut tx, r.assessment_id).await);
    }
    match insert_revision(&mut tx, r).await {
        Ok(()) => {}
        // The primary key (assessment_id, revision) is the second guard.
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            let mut conn = pool.acquire().await?;
            return Err(why_not_updated(&mut conn, r.assessment_id).await);
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(())
}

pub(super) async fn create_share(pool: &PgPool, s: &ShareInsert<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO shares \
         (id, assessment_id, token_hash, pinned_revision, label, expires_at, revoked_at, created_at) \
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, NULL, $7)",
    )
    .bind(s.id.to_string())
    .bind(s.new.assessment_id.to_string())
    .bind(s.new.token_hash)
    .bind(s.new.pinned_revision.map(i64::from))
    .bind(s.new.label)
    .bind(s.new.expires_at)
    .bind(s.created_at)
    .execute(pool)
    .await
    .map_err(share_insert_failed)?;
    Ok(())
}

pub(super) async fn find_share_by_token_hash(
    pool: &PgPool,
    token_hash: &str,
) -> Result<Option<ShareRecord>, StoreError> {
    sqlx::query_as::<_, ShareRow>(
        "SELECT id::text AS id, assessment_id::text AS assessment_id, pinned_revision, \
                expires_at, revoked_at, created_at, label \
         FROM shares WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?
    .map(ShareRecord::try_from)
    .transpose()
}

pub(super) async fn list_shares(
    pool: &PgPool,
    assessment_id: Uuid,
) -> Result<Vec<ShareRecord>, StoreError> {
    let rows = sqlx::query_as::<_, ShareRow>(
        "SELECT id::text AS id, assessment_id::text AS assessment_id, pinned_revision, \
                expires_at, revoked_at, created_at, label \
         FROM shares WHERE assessment_id = $1::uuid ORDER BY created_at DESC, id",
    )
    .bind(assessment_id.to_string())
    .fetch_all(pool)
    .await?;
    convert_all(rows)
}

pub(super) async fn revoke_share(
    pool: &PgPool,
    assessment_id: Uuid,
    share_id: Uuid,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    let revoked = sqlx::query(
        "UPDATE shares SET revoked_at = $1 \
         WHERE id = $2::uuid AND assessment_id = $3::uuid AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(share_id.to_string())
    .bind(assessment_id.to_string())
    .execute(pool)
    .await?
    .rows_affected();
    Ok(revoked == 1)
}
