//! Price books the service has priced with (`catalog_versions`, `price_books`,
//! `price_book_catalogs`), on both backends. Insert-only: a version, once stored, is the
//! same bytes for ever, so a revision saved with it re-prices identically after a restart
//! or on another instance.

use sqlx::{PgPool, SqlitePool};
use time::OffsetDateTime;

use super::StoreError;

/// One catalog file of a book to store.
#[derive(Debug, Clone, Copy)]
pub struct CatalogText<'a> {
    /// File name, e.g. `westeurope.csv`.
    pub name: &'a str,
    /// Content version (hash of the bytes), e.g. from `Catalog::version`.
    pub version: &'a str,
    pub content: &'a str,
}

/// A price book to store.
#[derive(Debug, Clone, Copy)]
pub struct NewPriceBook<'a> {
    /// The book's version (`PricingRef::version`), what revisions record.
    pub version: &'a str,
    /// File names joined with `+`.
    pub catalog: &'a str,
    /// `YYYY-MM-DD`.
    pub effective_date: &'a str,
    /// `embedded`, `pricing-dir` or `refresh`.
    pub origin: &'a str,
    pub catalogs: &'a [CatalogText<'a>],
}

/// A stored price book's header.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PriceBookSummary {
    pub version: String,
    pub catalog: String,
    pub effective_date: String,
    pub origin: String,
    pub created_at: OffsetDateTime,
}

/// A stored price book with its catalogs' text, in load order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPriceBook {
    pub summary: PriceBookSummary,
    /// `(file name, CSV text)`.
    pub catalogs: Vec<(String, String)>,
}

#[derive(sqlx::FromRow)]
struct CatalogRow {
    name: String,
    content: String,
}

#[derive(sqlx::FromRow)]
struct SqliteSummaryRow {
    version: String,
    catalog: String,
    effective_date: String,
    origin: String,
    created_at: String,
}

impl TryFrom<SqliteSummaryRow> for PriceBookSummary {
    type Error = StoreError;
    fn try_from(r: SqliteSummaryRow) -> Result<Self, StoreError> {
        let created_at = OffsetDateTime::parse(
            &r.created_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map_err(|e| StoreError::Corrupt(format!("price_books.created_at: {e}")))?;
        Ok(Self {
            version: r.version,
            catalog: r.catalog,
            effective_date: r.effective_date,
            origin: r.origin,
            created_at,
        })
    }
}

/// Store the book's catalogs, then the book and its catalog list unless the version is
/// stored already; `true` when this call stored it. The statements are the same text on both
/// backends: only `$at`'s type (fixed-width text on SQLite, `TIMESTAMPTZ` on PostgreSQL) and
/// the width of the position column (`INTEGER` is 32 bits on PostgreSQL) differ.
macro_rules! save_in {
    ($tx:expr, $book:expr, $at:expr, $position:ty) => {{
        for c in $book.catalogs {
            sqlx::query(
                "INSERT INTO catalog_versions (version, content, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (version) DO NOTHING",
            )
            .bind(c.version)
            .bind(c.content)
            .bind($at)
            .execute(&mut *$tx)
            .await?;
        }
        let inserted = sqlx::query(
            "INSERT INTO price_books (version, catalog, effective_date, origin, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (version) DO NOTHING",
        )
        .bind($book.version)
        .bind($book.catalog)
        .bind($book.effective_date)
        .bind($book.origin)
        .bind($at)
        .execute(&mut *$tx)
        .await?
        .rows_affected()
            == 1;
        if inserted {
            for (i, c) in $book.catalogs.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO price_book_catalogs (book_version, position, name, catalog_version) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind($book.version)
                .bind(<$position>::try_from(i).unwrap_or(<$position>::MAX))
                .bind(c.name)
                .bind(c.version)
                .execute(&mut *$tx)
                .await?;
            }
        }
        inserted
    }};
}

pub(super) async fn save_sqlite(
    db: &super::sqlite::SqliteStore,
    book: &NewPriceBook<'_>,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    let at = super::sqlite::ts(at)?;
    let _writer = db.writer_turn().await;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let inserted = save_in!(tx, book, &at, i64);
    tx.commit().await?;
    Ok(inserted)
}

pub(super) async fn save_postgres(
    pool: &PgPool,
    book: &NewPriceBook<'_>,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let inserted = save_in!(tx, book, at, i32);
    tx.commit().await?;
    Ok(inserted)
}

/// The stored book `$version` as its summary row (`$row`: the times decode differently per
/// backend) and its catalogs' `(file name, CSV text)` in load order; `None` when not stored.
/// The statements are the same text on both backends.
macro_rules! get_in {
    ($pool:expr, $version:expr, $row:ty) => {{
        let summary = sqlx::query_as::<_, $row>(
            "SELECT version, catalog, effective_date, origin, created_at FROM price_books WHERE version = $1",
        )
        .bind($version)
        .fetch_optional($pool)
        .await?;
        match summary {
            None => None,
            Some(summary) => {
                let catalogs = sqlx::query_as::<_, CatalogRow>(
                    "SELECT p.name, c.content FROM price_book_catalogs p \
                     JOIN catalog_versions c ON c.version = p.catalog_version \
                     WHERE p.book_version = $1 ORDER BY p.position",
                )
                .bind($version)
                .fetch_all($pool)
                .await?;
                let catalogs: Vec<(String, String)> =
                    catalogs.into_iter().map(|c| (c.name, c.content)).collect();
                Some((summary, catalogs))
            }
        }
    }};
}

pub(super) async fn get_sqlite(
    pool: &SqlitePool,
    version: &str,
) -> Result<Option<StoredPriceBook>, StoreError> {
    let Some((row, catalogs)) = get_in!(pool, version, SqliteSummaryRow) else {
        return Ok(None);
    };
    Ok(Some(StoredPriceBook {
        summary: row.try_into()?,
        catalogs,
    }))
}

pub(super) async fn get_postgres(
    pool: &PgPool,
    version: &str,
) -> Result<Option<StoredPriceBook>, StoreError> {
    Ok(get_in!(pool, version, PriceBookSummary)
        .map(|(summary, catalogs)| StoredPriceBook { summary, catalogs }))
}

const LIST: &str = "SELECT version, catalog, effective_date, origin, created_at FROM price_books \
     ORDER BY created_at DESC, version LIMIT $1";

pub(super) async fn list_sqlite(
    pool: &SqlitePool,
    limit: u32,
) -> Result<Vec<PriceBookSummary>, StoreError> {
    sqlx::query_as::<_, SqliteSummaryRow>(LIST)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(PriceBookSummary::try_from)
        .collect()
}

pub(super) async fn list_postgres(
    pool: &PgPool,
    limit: u32,
) -> Result<Vec<PriceBookSummary>, StoreError> {
    Ok(sqlx::query_as::<_, PriceBookSummary>(LIST)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?)
}

#[derive(sqlx::FromRow)]
struct InUse {
    region: String,
    currency: Option<String>,
}

/// Region and currency of every assessment's latest revision, distinct, sorted.
pub(super) async fn in_use_sqlite(pool: &SqlitePool) -> Result<Vec<(String, String)>, StoreError> {
    let rows = sqlx::query_as::<_, InUse>(
        "SELECT DISTINCT a.region AS region, json_extract(r.scenario, '$.currency') AS currency \
         FROM assessments a JOIN revisions r \
           ON r.assessment_id = a.id AND r.revision = a.latest_revision \
         ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await?;
    Ok(in_use(rows))
}

pub(super) async fn in_use_postgres(pool: &PgPool) -> Result<Vec<(String, String)>, StoreError> {
    let rows = sqlx::query_as::<_, InUse>(
        "SELECT DISTINCT a.region AS region, r.scenario->>'currency' AS currency \
         FROM assessments a JOIN revisions r \
           ON r.assessment_id = a.id AND r.revision = a.latest_revision \
         ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await?;
    Ok(in_use(rows))
}

fn in_use(rows: Vec<InUse>) -> Vec<(String, String)> {
    rows.into_iter()
        .filter_map(|r| Some((r.region, r.currency?)))
        .collect()
}
