//! Persistence: assessments, their immutable revisions, and read-only share links.
//!
//! One public type, [`Store`], over SQLite (the embedded default, WAL mode) or PostgreSQL
//! (what several app instances share), chosen by the URL scheme. Each backend has its own
//! embedded migrations (`migrations/sqlite`, `migrations/postgres`), run at connect.
//!
//! Every save inserts a new revision row; revision rows are never updated (a trigger
//! refuses it). Concurrent edits are serialised by optimistic concurrency: an update names
//! the revision it started from and fails with [`StoreError::Conflict`] when that is no
//! longer the latest, so an edit is never overwritten silently.
//!
//! All SQL of the application lives in this module; every value is bound.

mod actuals;
mod decisions;
mod error;
mod identity;
mod models;
mod postgres;
mod price_books;
mod sqlite;

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::Scenario;

pub use actuals::{ActualsRecord, NewActuals};
pub use decisions::{
    AcceptedOn, AuditAction, AuditEventRecord, DecisionChangeRecord, NewAuditEvent,
    NewStatusChange, accepted_now, current_statuses,
};
pub use error::StoreError;
pub use identity::{
    InvitationRecord, InviteKind, MemberChange, MemberRecord, PendingLogin, Role, SessionRecord,
    SignInIdentity, WorkspaceRecord,
};
pub use models::{
    AssessmentRecord, AssessmentSummary, Created, NewAssessment, NewShare, RevisionMeta,
    RevisionRecord, RevisionSummary, ShareRecord,
};
use models::{RevisionInsert, ShareInsert};
pub use price_books::{CatalogText, NewPriceBook, PriceBookSummary, StoredPriceBook};
pub use sqlite::SqliteStore;

/// The application's repository: a connection pool to one of the two supported backends.
///
/// Cloning is cheap (the pools are reference-counted) and clones share the pool.
#[derive(Debug, Clone)]
pub enum Store {
    /// An embedded SQLite database file (or `sqlite::memory:` for tests), with its writer queue.
    Sqlite(SqliteStore),
    /// A PostgreSQL database.
    Postgres(PgPool),
}

impl Store {
    /// The default database: a SQLite file under `./data/`, created on first start.
    pub fn default_sqlite_url() -> &'static str {
        "sqlite://data/connect-advisor.db"
    }

    /// Connect to `url` and bring its schema up to date.
    ///
    /// - `sqlite://path/to/file.db` (relative or, with a third slash, absolute): the parent
    ///   directory and the file are created if missing; WAL journal, `synchronous=FULL`,
    ///   foreign keys on, 5 s busy timeout.
    /// - `sqlite::memory:`: a private in-memory database on a single connection (tests).
    /// - `postgres://…` or `postgresql://…`: a PostgreSQL database that must exist.
    ///
    /// Migrations run before this returns. A bad URL or a failed migration is
    /// [`StoreError::Other`]; an unreachable server or unwritable file is
    /// [`StoreError::Unavailable`].
    #[tracing::instrument(skip_all)]
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Store::Sqlite(sqlite::connect(url).await?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Store::Postgres(postgres::connect(url).await?))
        } else {
            // Do not echo the URL: it may carry a password.
            Err(StoreError::Other(
                "unsupported database URL: expected sqlite:…, postgres://… or postgresql://…"
                    .into(),
            ))
        }
    }

    /// `"sqlite"` or `"postgres"`, for logs, metrics and the health endpoint.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Open and idle connections of the pool, for metrics.
    pub fn pool_stats(&self) -> (u32, usize) {
        match self {
            Store::Sqlite(pool) => (pool.size(), pool.num_idle()),
            Store::Postgres(pool) => (pool.size(), pool.num_idle()),
        }
    }

    /// Round-trip a trivial query; for readiness checks.
    #[tracing::instrument(skip_all)]
    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(pool) => sqlite::ping(pool).await,
            Store::Postgres(pool) => postgres::ping(pool).await,
        }
    }

    /// Close every connection, waiting for those in use to be returned (graceful shutdown).
    pub async fn close(&self) {
        match self {
            Store::Sqlite(pool) => pool.close().await,
            Store::Postgres(pool) => pool.close().await,
        }
    }

    /// Save a new assessment as revision 1.
    #[tracing::instrument(skip_all)]
    pub async fn create_assessment(&self, new: NewAssessment<'_>) -> Result<Created, StoreError> {
        let id = Uuid::new_v4();
        let at = now();
        let insert = RevisionInsert {
            assessment_id: id,
            revision: 1,
            name: &new.scenario.name,
            region: &new.scenario.region,
            scenario_json: scenario_to_json(new.scenario)?,
            author: new.author,
            at,
            pricing_version: new.pricing_version,
        };
        match self {
            Store::Sqlite(pool) => {
                sqlite::create_assessment(pool, &insert, new.edit_key_hash, new.workspace).await
            }
            Store::Postgres(pool) => {
                postgres::create_assessment(pool, &insert, new.edit_key_hash, new.workspace).await
            }
        }?;
        tracing::debug!(assessment.id = %id, "assessment created");
        Ok(Created {
            id,
            revision: 1,
            created_at: at,
        })
    }

    /// The assessment's header, or `None` if there is no such assessment.
    #[tracing::instrument(skip_all, fields(assessment.id = %id))]
    pub async fn get_assessment(&self, id: Uuid) -> Result<Option<AssessmentRecord>, StoreError> {
        match self {
            Store::Sqlite(pool) => sqlite::get_assessment(pool, id).await,
            Store::Postgres(pool) => postgres::get_assessment(pool, id).await,
        }
    }

    /// One revision with its scenario (`None` = the latest), or `None` if the assessment or
    /// that revision does not exist. A stored scenario that no longer deserializes is
    /// [`StoreError::Corrupt`].
    #[tracing::instrument(skip_all, fields(assessment.id = %id, revision = ?revision))]
    pub async fn get_revision(
        &self,
        id: Uuid,
        revision: Option<u32>,
    ) -> Result<Option<RevisionRecord>, StoreError> {
        match self {
            Store::Sqlite(pool) => sqlite::get_revision(pool, id, revision).await,
            Store::Postgres(pool) => postgres::get_revision(pool, id, revision).await,
        }
    }

    /// A page of assessments, most recently changed first.
    #[tracing::instrument(skip_all, fields(limit, offset))]
    pub async fn list_assessments(
        &self,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<AssessmentSummary>, StoreError> {
        match self {
            Store::Sqlite(pool) => sqlite::list_assessments(pool, limit, offset).await,
            Store::Postgres(pool) => postgres::list_assessments(pool, limit, offset).await,
        }
    }

    /// How many assessments there are (for paging).
    #[tracing::instrument(skip_all)]
    pub async fn count_assessments(&self) -> Result<u64, StoreError> {
        let count = match self {
            Store::Sqlite(pool) => sqlite::count_assessments(pool).await,
            Store::Postgres(pool) => postgres::count_assessments(pool).await,
        }?;
        u64::try_from(count).map_err(|_| StoreError::Corrupt(format!("negative count {count}")))
    }

    /// The assessment's history, newest revision first; empty if there is no such assessment.
    #[tracing::instrument(skip_all, fields(assessment.id = %id))]
    pub async fn list_revisions(&self, id: Uuid) -> Result<Vec<RevisionSummary>, StoreError> {
        match self {
            Store::Sqlite(pool) => sqlite::list_revisions(pool, id).await,
            Store::Postgres(pool) => postgres::list_revisions(pool, id).await,
        }
    }

    /// The stored hash of the assessment's edit key, or `None` if there is no such assessment.
    /// Compare it in constant time (`subtle`).
    #[tracing::instrument(skip_all, fields(assessment.id = %id))]
    pub async fn edit_key_hash(&self, id: Uuid) -> Result<Option<String>, StoreError> {
        match self {
            Store::Sqlite(pool) => sqlite::edit_key_hash(pool, id).await,
            Store::Postgres(pool) => postgres::edit_key_hash(pool, id).await,
        }
    }

    /// Save `scenario` as the revision after `expected_revision` and return its number.
    ///
    /// Optimistic concurrency: in one transaction, the assessment's `latest_revision` moves
    /// from `expected_revision` to `expected_revision + 1` only if it still is
    /// `expected_revision`, and the new revision row is inserted. Otherwise nothing is
    /// written and the result is [`StoreError::Conflict`] with the current revision (or
    /// [`StoreError::NotFound`] if the assessment does not exist). Of several concurrent
    /// updates from the same revision exactly one succeeds.
    #[tracing::instrument(skip_all, fields(assessment.id = %id, expected_revision))]
    pub async fn update_assessment(
        &self,
        id: Uuid,
        expected_revision: u32,
        scenario: &Scenario,
        meta: RevisionMeta<'_>,
    ) -> Result<u32, StoreError> {
        let Some(revision) = expected_revision.checked_add(1) else {
            return Err(StoreError::Other(
                "revision number overflow: no revision after u32::MAX".into(),
            ));
        };
        let insert = RevisionInsert {
            assessment_id: id,
            revision,
            name: &scenario.name,
            region: &scenario.region,
            scenario_json: scenario_to_json(scenario)?,
            author: meta.author,
            at: now(),
            pricing_version: meta.pricing_version,
        };
        match self {
            Store::Sqlite(pool) => sqlite::update_assessment(pool, &insert).await,
            Store::Postgres(pool) => postgres::update_assessment(pool, &insert).await,
        }?;
        tracing::debug!(revision, "assessment updated");
        Ok(revision)
    }

    /// Record a new share link. [`StoreError::NotFound`] if the assessment, or the pinned
    /// revision, does not exist.
    #[tracing::instrument(skip_all, fields(assessment.id = %new.assessment_id))]
    pub async fn create_share(&self, new: NewShare<'_>) -> Result<ShareRecord, StoreError> {
        let new = NewShare {
            expires_at: new.expires_at.map(normalize_time),
            ..new
        };
        let insert = ShareInsert {
            id: Uuid::new_v4(),
            new,
            created_at: now(),
        };
        match self {
            Store::Sqlite(pool) => sqlite::create_share(pool, &insert).await,
            Store::Postgres(pool) => postgres::create_share(pool, &insert).await,
        }?;
        Ok(ShareRecord {
            id: insert.id,
            assessment_id: new.assessment_id,
            pinned_revision: new.pinned_revision,
            expires_at: new.expires_at,
            revoked_at: None,
            created_at: insert.created_at,
            label: new.label.map(str::to_owned),
        })
    }

    /// The share whose token hashes to `token_hash`, revoked and expired ones included
    /// (check [`ShareRecord::is_active`]).
    #[tracing::instrument(skip_all)]
    pub async fn find_share_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<ShareRecord>, StoreError> {
        match self {
            Store::Sqlite(pool) => sqlite::find_share_by_token_hash(pool, token_hash).await,
            Store::Postgres(pool) => postgres::find_share_by_token_hash(pool, token_hash).await,
        }
    }

    /// The assessment's share links, newest first, revoked and expired ones included.
    #[tracing::instrument(skip_all, fields(assessment.id = %assessment_id))]
    pub async fn list_shares(&self, assessment_id: Uuid) -> Result<Vec<ShareRecord>, StoreError> {
        match self {
            Store::Sqlite(pool) => sqlite::list_shares(pool, assessment_id).await,
            Store::Postgres(pool) => postgres::list_shares(pool, assessment_id).await,
        }
    }

    /// Revoke a share link of this assessment. `true` if it was active-or-expired and is now
    /// revoked; `false` if no such share belongs to the assessment or it was already revoked
    /// (the first revocation time is kept).
    #[tracing::instrument(skip_all, fields(assessment.id = %assessment_id, share.id = %share_id))]
    pub async fn revoke_share(
        &self,
        assessment_id: Uuid,
        share_id: Uuid,
    ) -> Result<bool, StoreError> {
        let at = now();
        match self {
            Store::Sqlite(pool) => sqlite::revoke_share(pool, assessment_id, share_id, at).await,
            Store::Postgres(pool) => {
                postgres::revoke_share(pool, assessment_id, share_id, at).await
            }
        }
    }

    /// Keep a price book and its catalogs (idempotent: `false` when that version was
    /// already stored, by this instance or another).
    #[tracing::instrument(skip_all, fields(version = %book.version, origin = %book.origin))]
    pub async fn save_price_book(&self, book: NewPriceBook<'_>) -> Result<bool, StoreError> {
        let at = now();
        match self {
            Store::Sqlite(pool) => price_books::save_sqlite(pool, &book, at).await,
            Store::Postgres(pool) => price_books::save_postgres(pool, &book, at).await,
        }
    }

    /// A stored price book with its catalogs' text, or `None` if that version was never kept.
    #[tracing::instrument(skip_all, fields(version = %version))]
    pub async fn price_book(&self, version: &str) -> Result<Option<StoredPriceBook>, StoreError> {
        match self {
            Store::Sqlite(pool) => price_books::get_sqlite(pool, version).await,
            Store::Postgres(pool) => price_books::get_postgres(pool, version).await,
        }
    }

    /// The most recently stored price books, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn list_price_books(&self, limit: u32) -> Result<Vec<PriceBookSummary>, StoreError> {
        match self {
            Store::Sqlite(pool) => price_books::list_sqlite(pool, limit).await,
            Store::Postgres(pool) => price_books::list_postgres(pool, limit).await,
        }
    }

    /// `(region, currency)` of every assessment's latest revision, distinct and sorted: what
    /// a background price refresh fetches.
    #[tracing::instrument(skip_all)]
    pub async fn regions_and_currencies_in_use(&self) -> Result<Vec<(String, String)>, StoreError> {
        match self {
            Store::Sqlite(pool) => price_books::in_use_sqlite(pool).await,
            Store::Postgres(pool) => price_books::in_use_postgres(pool).await,
        }
    }
}

/// The current time, normalized like every stored time.
pub(super) fn now() -> OffsetDateTime {
    normalize_time(OffsetDateTime::now_utc())
}

/// UTC, truncated to microseconds: PostgreSQL's `TIMESTAMPTZ` precision, so what a write
/// returns equals what a later read returns on both backends.
fn normalize_time(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.replace_microsecond(t.microsecond()).unwrap_or(t)
}

/// Serialize a scenario for storage, and make sure it reads back: a value serde_json writes
/// but cannot read (e.g. a non-finite float written as `null`) would otherwise become a
/// revision nobody can open.
fn scenario_to_json(scenario: &Scenario) -> Result<String, StoreError> {
    let json = serde_json::to_string(scenario).map_err(|e| StoreError::Other(Box::new(e)))?;
    match serde_json::from_str::<Scenario>(&json) {
        Ok(back) if back == *scenario => Ok(json),
        Ok(_) => Err(StoreError::Other(
            "scenario does not survive a JSON round trip unchanged (a non-finite number?)".into(),
        )),
        Err(e) => Err(StoreError::Other(
            format!("scenario does not survive a JSON round trip: {e}").into(),
        )),
    }
}
