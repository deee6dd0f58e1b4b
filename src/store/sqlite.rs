//! The SQLite backend. Times are stored as fixed-width RFC 3339 UTC text (see [`ts`]) so
//! that text order is time order; ids as hyphenated UUID text.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqliteConnection, SqlitePool};
use time::OffsetDateTime;
use time::macros::format_description;
use uuid::Uuid;

use super::StoreError;
use super::error::{is_unique_violation, missing_parent, share_insert_failed};
use super::models::{
    AssessmentRecord, AssessmentRow, AssessmentSummary, RevisionInsert, RevisionRecord,
    RevisionRow, RevisionSummary, RevisionSummaryRow, ShareInsert, ShareRecord, ShareRow,
    convert_all, update_refused,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// A SQLite database: its connection pool and the queue its writers wait in.
///
/// SQLite has one writer at a time. Queueing this database's writers here, in arrival
/// order, replaces SQLite's sleep-and-retry busy handler, whose back-off put up to half a
/// second on a save that only had to wait for another save of a millisecond. The queue
/// belongs to the database (clones share it), so two databases in one process never wait
/// for each other.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    writer: Arc<tokio::sync::Mutex<()>>,
}

impl SqliteStore {
    /// The connection pool (for reads, and for tests that go behind the store's back).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Wait for this database's writer turn; hold the guard for the whole write transaction.
    pub(super) async fn writer_turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.writer.lock().await
    }
}

impl std::ops::Deref for SqliteStore {
    type Target = SqlitePool;

    fn deref(&self) -> &SqlitePool {
        &self.pool
    }
}

/// How long a writer waits for another writer's lock before giving up (`SQLITE_BUSY`).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a caller waits for a free pooled connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// WAL lets readers run beside the one writer; a handful of connections is plenty.
const MAX_CONNECTIONS: u32 = 4;

pub(super) async fn connect(url: &str) -> Result<SqliteStore, StoreError> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let options = SqliteConnectOptions::from_str(url)?
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT);

    let pool = if in_memory {
        // An in-memory database lives as long as its last connection: keep exactly one,
        // for ever. (WAL does not apply to memory databases.)
        SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?
    } else {
        if let Some(parent) = options.get_filename().parent()
            && !parent.as_os_str().is_empty()
        {
            tokio::fs::create_dir_all(parent).await.map_err(|e| {
                let message = format!(
                    "cannot create the database directory {}: {e}",
                    parent.display()
                );
                StoreError::Unavailable(sqlx::Error::Io(std::io::Error::new(e.kind(), message)))
            })?;
        }
        // synchronous=FULL: every commit fsyncs the WAL, so a save that returned success
        // survives a power loss or OS crash, not only `kill -9` (which NORMAL would also
        // survive). Saves are rare and small; the fsync is cheap at this rate.
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full);
        SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?
    };
    MIGRATOR.run(&pool).await?;
    Ok(SqliteStore {
        pool,
        writer: Arc::default(),
    })
}

/// Fixed-width RFC 3339 in UTC with six fractional digits, e.g. `2025-11-24T13:10:00.000000Z`.
/// sqlx's own encoding drops trailing zeros, which would make text order differ from time order.
pub(super) fn ts(t: OffsetDateTime) -> Result<String, StoreError> {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .map_err(|e| StoreError::Other(Box::new(e)))
}

pub(super) async fn ping(pool: &SqlitePool) -> Result<(), StoreError> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

async fn insert_revision(
    conn: &mut SqliteConnection,
    r: &RevisionInsert<'_>,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO revisions (assessment_id, revision, name, scenario, author, created_at, pricing_version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(r.assessment_id.to_string())
    .bind(i64::from(r.revision))
    .bind(r.name)
    .bind(&r.scenario_json)
    .bind(r.author)
    .bind(at)
    .bind(r.pricing_version)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn create_assessment(
    db: &SqliteStore,
    r: &RevisionInsert<'_>,
    edit_key_hash: &str,
    workspace: Option<Uuid>,
) -> Result<(), StoreError> {
    let at = ts(r.at)?;
    let _writer = db.writer_turn().await;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(
        "INSERT INTO assessments \
         (id, name, region, edit_key_hash, latest_revision, created_at, updated_at, workspace_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(r.assessment_id.to_string())
    .bind(r.name)
    .bind(r.region)
    .bind(edit_key_hash)
    .bind(i64::from(r.revision))
    .bind(&at)
    .bind(workspace.map(|w| w.to_string()))
    .execute(&mut *tx)
    .await
    // The workspace was checked by the caller; gone since: as if it never existed.
    .map_err(missing_parent)?;
    insert_revision(&mut tx, r, &at).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn get_assessment(
    pool: &SqlitePool,
    id: Uuid,
) -> Result<Option<AssessmentRecord>, StoreError> {
    sqlx::query_as::<_, AssessmentRow>(
        "SELECT id, name, region, latest_revision, created_at, updated_at \
         FROM assessments WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?
    .map(AssessmentRecord::try_from)
    .transpose()
}

pub(super) async fn get_revision(
    pool: &SqlitePool,
    id: Uuid,
    revision: Option<u32>,
) -> Result<Option<RevisionRecord>, StoreError> {
    let row = match revision {
        None => {
            sqlx::query_as::<_, RevisionRow>(
                "SELECT assessment_id, revision, scenario, author, created_at, pricing_version \
                 FROM revisions WHERE assessment_id = $1 ORDER BY revision DESC LIMIT 1",
            )
            .bind(id.to_string())
            .fetch_optional(pool)
            .await?
        }
        Some(revision) => {
            sqlx::query_as::<_, RevisionRow>(
                "SELECT assessment_id, revision, scenario, author, created_at, pricing_version \
                 FROM revisions WHERE assessment_id = $1 AND revision = $2",
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
    pool: &SqlitePool,
    limit: u32,
    offset: u32,
) -> Result<Vec<AssessmentSummary>, StoreError> {
    let rows = sqlx::query_as::<_, AssessmentRow>(
        "SELECT id, name, region, latest_revision, created_at, updated_at \
         FROM assessments ORDER BY updated_at DESC, id LIMIT $1 OFFSET $2",
    )
    .bind(i64::from(limit))
    .bind(i64::from(offset))
    .fetch_all(pool)
    .await?;
    convert_all(rows)
}

pub(super) async fn count_assessments(pool: &SqlitePool) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM assessments")
            .fetch_one(pool)
            .await?,
    )
}

pub(super) async fn list_revisions(
    pool: &SqlitePool,
    id: Uuid,
) -> Result<Vec<RevisionSummary>, StoreError> {
    let rows = sqlx::query_as::<_, RevisionSummaryRow>(
        "SELECT revision, author, created_at, name \
         FROM revisions WHERE assessment_id = $1 ORDER BY revision DESC",
    )
    .bind(id.to_string())
    .fetch_all(pool)
    .await?;
    convert_all(rows)
}

pub(super) async fn edit_key_hash(
    pool: &SqlitePool,
    id: Uuid,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar::<_, String>("SELECT edit_key_hash FROM assessments WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(pool)
            .await?,
    )
}

/// The reason an update did not apply: the assessment is missing or has moved on.
async fn why_not_updated(conn: &mut SqliteConnection, id: Uuid) -> StoreError {
    sqlx::query_scalar::<_, i64>("SELECT latest_revision FROM assessments WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await
        .map_or_else(StoreError::from, update_refused)
}

pub(super) async fn update_assessment(
    db: &SqliteStore,
    r: &RevisionInsert<'_>,
) -> Result<(), StoreError> {
    let expected = i64::from(r.revision) - 1;
    let at = ts(r.at)?;
    // IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so the
    // check-and-bump below cannot interleave with another writer's.
    let _writer = db.writer_turn().await;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let updated = sqlx::query(
        "UPDATE assessments SET latest_revision = $1, name = $2, region = $3, updated_at = $4 \
         WHERE id = $5 AND latest_revision = $6",
    )
    .bind(i64::from(r.revision))
    .bind(r.name)
    .bind(r.region)
    .bind(&at)
    .bind(r.assessment_id.to_string())
    .bind(expected)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(why_not_updated(&mut tx, r.assessment_id).await);
    }
    match insert_revision(&mut tx, r, &at).await {
        Ok(()) => {}
        // The primary key (assessment_id, revision) is the second guard.
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            let mut conn = db.acquire().await?;
            return Err(why_not_updated(&mut conn, r.assessment_id).await);
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(())
}

pub(super) async fn create_share(pool: &SqlitePool, s: &ShareInsert<'_>) -> Result<(), StoreError> {
    let expires_at = s.new.expires_at.map(ts).transpose()?;
    sqlx::query(
        "INSERT INTO shares \
         (id, assessment_id, token_hash, pinned_revision, label, expires_at, revoked_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
    )
    .bind(s.id.to_string())
    .bind(s.new.assessment_id.to_string())
    .bind(s.new.token_hash)
    .bind(s.new.pinned_revision.map(i64::from))
    .bind(s.new.label)
    .bind(expires_at)
    .bind(ts(s.created_at)?)
    .execute(pool)
    .await
    .map_err(share_insert_failed)?;
    Ok(())
}

pub(super) async fn find_share_by_token_hash(
    pool: &SqlitePool,
    token_hash: &str,
) -> Result<Option<ShareRecord>, StoreError> {
    sqlx::query_as::<_, ShareRow>(
        "SELECT id, assessment_id, pinned_revision, expires_at, revoked_at, created_at, label \
         FROM shares WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?
    .map(ShareRecord::try_from)
    .transpose()
}

pub(super) async fn list_shares(
    pool: &SqlitePool,
    assessment_id: Uuid,
) -> Result<Vec<ShareRecord>, StoreError> {
    let rows = sqlx::query_as::<_, ShareRow>(
        "SELECT id, assessment_id, pinned_revision, expires_at, revoked_at, created_at, label \
         FROM shares WHERE assessment_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(assessment_id.to_string())
    .fetch_all(pool)
    .await?;
    convert_all(rows)
}

pub(super) async fn revoke_share(
    pool: &SqlitePool,
    assessment_id: Uuid,
    share_id: Uuid,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    let revoked = sqlx::query(
        "UPDATE shares SET revoked_at = $1 \
         WHERE id = $2 AND assessment_id = $3 AND revoked_at IS NULL",
    )
    .bind(ts(at)?)
    .bind(share_id.to_string())
    .bind(assessment_id.to_string())
    .execute(pool)
    .await?
    .rows_affected();
    Ok(revoked == 1)
}

#[cfg(test)]
mod writer_queue_tests {
    use std::time::Duration;

    use super::connect;

    #[tokio::test]
    async fn each_database_has_its_own_writer_queue_shared_by_its_clones() {
        let a = connect("sqlite::memory:").await.expect("a");
        let b = connect("sqlite::memory:").await.expect("b");
        let _a_writing = a.writer_turn().await;
        let wait = Duration::from_millis(200);
        // Another database does not wait for A's writer…
        assert!(tokio::time::timeout(wait, b.writer_turn()).await.is_ok());
        // …a clone of A does.
        let a2 = a.clone();
        assert!(tokio::time::timeout(wait, a2.writer_turn()).await.is_err());
    }
}
