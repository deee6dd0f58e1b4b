//! Support shared by the integration-test binaries (`tests/store.rs` and `tests/api/`).
//!
//! The PostgreSQL tests are `#[ignore]`d so a plain `cargo test` says it did not run them;
//! `.ci/run` runs them with `--include-ignored` and `TEST_POSTGRES_URL` set. Run without it,
//! an ignored test fails with that message instead of passing unseen.

use sqlx::{AssertSqlSafe, PgPool};

/// Why a PostgreSQL test is `#[ignore]`d (keep the attribute's text in step).
pub const NEEDS_POSTGRES: &str =
    "needs PostgreSQL: TEST_POSTGRES_URL=postgres://… cargo test -- --include-ignored";

/// The admin URL from `TEST_POSTGRES_URL`; a run that asked for the PostgreSQL tests without it fails.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| panic!("{NEEDS_POSTGRES}"))
}

/// `admin_url` with its database name replaced by `database` (the query string kept).
pub fn with_database(admin_url: &str, database: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let start = base.find("://").map_or(0, |i| i + 3);
    let base = base[start..]
        .find('/')
        .map_or(base, |slash| &base[..start + slash]);
    query.map_or_else(
        || format!("{base}/{database}"),
        |q| format!("{base}/{database}?{q}"),
    )
}

/// A fresh PostgreSQL database `ca_test_<uuid>` for one test; [`PgDatabase::drop_now`] drops it.
pub struct PgDatabase {
    admin: PgPool,
    name: String,
    /// Connection URL of the fresh database.
    pub url: String,
}

impl PgDatabase {
    pub async fn create() -> Self {
        let admin_url = postgres_admin_url();
        let admin = PgPool::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        let name = format!("ca_test_{}", uuid::Uuid::new_v4().simple());
        // `name` is generated from a UUID: a trusted identifier.
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .expect("create test database");
        let url = with_database(&admin_url, &name);
        Self { admin, name, url }
    }

    /// Drop the database (closing any connection still open to it).
    pub async fn drop_now(self) {
        sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&self.admin)
        .await
        .expect("drop test database");
        self.admin.close().await;
    }
}

#[test]
fn with_database_replaces_only_the_path() {
    assert_eq!(
        with_database("postgres://u:p@127.0.0.1:5432/postgres", "x"),
        "postgres://u:p@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgresql://u@h/postgres?sslmode=disable", "x"),
        "postgresql://u@h/x?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://u@h:5432", "x"),
        "postgres://u@h:5432/x"
    );
}
