//! [`StoreError`]: what can go wrong in the store, sorted by what the caller should answer.

use std::borrow::Cow;

use sqlx::error::{DatabaseError, ErrorKind};

/// Why a store operation failed, in categories the web layer maps to statuses
/// (`NotFound` → 404, `Conflict` → 409, `Unavailable` → 503, the rest → 500).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The assessment, revision or share does not exist.
    #[error("not found")]
    NotFound,
    /// The update named a revision that is no longer the latest; nothing was written.
    #[error("revision conflict: the assessment is now at revision {current}")]
    Conflict {
        /// The latest revision at the time of the failed update.
        current: u32,
    },
    /// The database cannot be reached or cannot accept writes right now (connection or pool
    /// failure, I/O error, read-only file, full disk, lock timeout). Retrying later may work.
    #[error("database unavailable: {}", describe_unavailable(.0))]
    Unavailable(#[source] sqlx::Error),
    /// A stored row cannot be read back (undecodable JSON or column, damaged database file).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// Anything else: migrations, configuration, unexpected database errors.
    #[error("store error: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

/// SQLite primary result codes we single out (the low byte of an extended code).
mod sqlite_code {
    pub const BUSY: i32 = 5;
    pub const LOCKED: i32 = 6;
    pub const NOMEM: i32 = 7;
    pub const READONLY: i32 = 8;
    pub const IOERR: i32 = 10;
    pub const CORRUPT: i32 = 11;
    pub const FULL: i32 = 13;
    pub const CANTOPEN: i32 = 14;
    pub const NOTADB: i32 = 26;
}

/// What kind of database error this is, independent of the backend.
enum DbClass {
    Unavailable,
    Corrupt,
    Other,
}

fn sqlite_primary_code(err: &dyn DatabaseError) -> Option<i32> {
    err.try_downcast_ref::<sqlx::sqlite::SqliteError>()?;
    err.code()?.parse::<i32>().ok().map(|c| c & 0xff)
}

fn postgres_sqlstate(err: &dyn DatabaseError) -> Option<String> {
    err.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .map(|e| e.code().to_owned())
}

fn classify(err: &dyn DatabaseError) -> DbClass {
    if let Some(code) = sqlite_primary_code(err) {
        return match code {
            sqlite_code::BUSY
            | sqlite_code::LOCKED
            | sqlite_code::NOMEM
            | sqlite_code::READONLY
            | sqlite_code::IOERR
            | sqlite_code::FULL
            | sqlite_code::CANTOPEN => DbClass::Unavailable,
            sqlite_code::CORRUPT | sqlite_code::NOTADB => DbClass::Corrupt,
            _ => DbClass::Other,
        };
    }
    if let Some(state) = postgres_sqlstate(err) {
        // 08: connection exception; 53: insufficient resources (disk full, out of memory,
        // too many connections); 57P0x: server shutting down or starting; 25006: read-only
        // transaction (a hot standby); 40001/40P01: serialization failure or deadlock (retry).
        let unavailable = state.starts_with("08")
            || state.starts_with("53")
            || state.starts_with("57P0")
            || matches!(state.as_str(), "25006" | "40001" | "40P01");
        if unavailable {
            return DbClass::Unavailable;
        }
        // XX001: data corrupted; XX002: index corrupted.
        if matches!(state.as_str(), "XX001" | "XX002") {
            return DbClass::Corrupt;
        }
    }
    DbClass::Other
}

/// A message an operator can act on, for the errors that make the database unavailable.
fn describe_unavailable(err: &sqlx::Error) -> Cow<'static, str> {
    let hint = match err {
        sqlx::Error::PoolTimedOut => Some("timed out waiting for a database connection"),
        sqlx::Error::PoolClosed => Some("the connection pool is closed (shutting down)"),
        sqlx::Error::Database(db) => match sqlite_primary_code(db.as_ref()) {
            Some(sqlite_code::READONLY) => Some(
                "the SQLite database is read-only: check permissions on the database file \
                 and on its directory (SQLite must create -wal and -shm files next to it)",
            ),
            Some(sqlite_code::FULL) => {
                Some("the disk holding the SQLite database is full: free space and retry")
            }
            Some(sqlite_code::CANTOPEN) => Some(
                "cannot open the SQLite database file: check that the path exists and is writable",
            ),
            Some(sqlite_code::IOERR) => Some("I/O error on the SQLite database file"),
            Some(sqlite_code::BUSY | sqlite_code::LOCKED) => {
                Some("the SQLite database stayed locked by another writer past the busy timeout")
            }
            _ => match postgres_sqlstate(db.as_ref()).as_deref() {
                Some("53100") => Some("the PostgreSQL server's disk is full"),
                Some("25006") => Some("the PostgreSQL server is read-only (a standby?)"),
                _ => None,
            },
        },
        _ => None,
    };
    match hint {
        Some(hint) => Cow::Owned(format!("{hint} ({err})")),
        None => Cow::Owned(err.to_string()),
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(err),
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                StoreError::Corrupt(err.to_string())
            }
            sqlx::Error::Database(db) => match classify(db.as_ref()) {
                DbClass::Unavailable => StoreError::Unavailable(err),
                DbClass::Corrupt => StoreError::Corrupt(err.to_string()),
                DbClass::Other => StoreError::Other(Box::new(err)),
            },
            _ => StoreError::Other(Box::new(err)),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        StoreError::from(sqlx::Error::from(err))
    }
}

/// Whether `err` is a unique or primary-key violation.
pub(super) fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|db| db.kind() == ErrorKind::UniqueViolation)
}

/// Whether `err` is a foreign-key violation.
pub(super) fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|db| db.kind() == ErrorKind::ForeignKeyViolation)
}

/// A failed insert whose row refers to a parent (assessment, revision, workspace): a
/// foreign-key violation means the parent is gone, which callers see as
/// [`StoreError::NotFound`]; anything else maps as usual.
pub(super) fn missing_parent(err: sqlx::Error) -> StoreError {
    if is_foreign_key_violation(&err) {
        StoreError::NotFound
    } else {
        err.into()
    }
}

/// A failed insert of a share link: its assessment is gone, or (astronomically unlikely)
/// its token hash is taken.
pub(super) fn share_insert_failed(err: sqlx::Error) -> StoreError {
    if is_unique_violation(&err) {
        StoreError::Other("a share with this token hash already exists".into())
    } else {
        missing_parent(err)
    }
}
