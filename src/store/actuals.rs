//! Uploaded actual costs (plan vs actual): one record per upload and billing period.

use sqlx::{PgPool, SqlitePool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::error::missing_parent;
use super::models::parse_uuid;
use super::{Store, StoreError, now};

/// A billing period of uploaded actuals, to store.
#[derive(Debug, Clone, Copy)]
pub struct NewActuals<'a> {
    pub assessment_id: Uuid,
    /// `YYYY-MM-DD`, inclusive.
    pub billing_period_start: &'a str,
    /// `YYYY-MM-DD`, exclusive.
    pub billing_period_end: &'a str,
    pub currency: &'a str,
    pub filter_subscription: Option<&'a str>,
    pub filter_resource_group: Option<&'a str>,
    /// Rows of the period in the uploaded file (stored or not).
    pub rows_in_period: u64,
    /// The period's rows that belong to the estimate, as JSON.
    pub rows_json: &'a str,
}

/// A stored upload of one billing period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualsRecord {
    pub id: Uuid,
    pub assessment_id: Uuid,
    pub billing_period_start: String,
    pub billing_period_end: String,
    pub currency: String,
    pub filter_subscription: Option<String>,
    pub filter_resource_group: Option<String>,
    pub rows_in_period: u64,
    pub rows_json: String,
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct ActualsRow {
    id: String,
    assessment_id: String,
    billing_period_start: String,
    billing_period_end: String,
    currency: String,
    filter_subscription: Option<String>,
    filter_resource_group: Option<String>,
    rows_in_period: i64,
    rows_json: String,
    created_at: OffsetDateTime,
}

impl TryFrom<ActualsRow> for ActualsRecord {
    type Error = StoreError;
    fn try_from(r: ActualsRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: parse_uuid(&r.id)?,
            assessment_id: parse_uuid(&r.assessment_id)?,
            billing_period_start: r.billing_period_start,
            billing_period_end: r.billing_period_end,
            currency: r.currency,
            filter_subscription: r.filter_subscription,
            filter_resource_group: r.filter_resource_group,
            rows_in_period: u64::try_from(r.rows_in_period).map_err(|_| {
                StoreError::Corrupt(format!("negative row count {}", r.rows_in_period))
            })?,
            rows_json: r.rows_json,
            created_at: r.created_at,
        })
    }
}

impl Store {
    /// Store one billing period of an upload. [`StoreError::NotFound`] if the assessment does
    /// not exist.
    #[tracing::instrument(skip_all, fields(assessment.id = %new.assessment_id))]
    pub async fn add_actuals(&self, new: NewActuals<'_>) -> Result<ActualsRecord, StoreError> {
        let id = Uuid::new_v4();
        let created_at = now();
        let count = i64::try_from(new.rows_in_period)
            .map_err(|_| StoreError::Other("row count out of range".into()))?;
        let result = match self {
            Store::Sqlite(pool) => {
                let at = super::sqlite::ts(created_at)?;
                insert_sqlite(pool, id, &new, count, &at).await
            }
            Store::Postgres(pool) => insert_postgres(pool, id, &new, count, created_at).await,
        };
        result.map_err(missing_parent)?;
        Ok(ActualsRecord {
            id,
            assessment_id: new.assessment_id,
            billing_period_start: new.billing_period_start.to_owned(),
            billing_period_end: new.billing_period_end.to_owned(),
            currency: new.currency.to_owned(),
            filter_subscription: new.filter_subscription.map(str::to_owned),
            filter_resource_group: new.filter_resource_group.map(str::to_owned),
            rows_in_period: new.rows_in_period,
            rows_json: new.rows_json.to_owned(),
            created_at,
        })
    }

    /// The latest upload of each billing period of the assessment, latest period first.
    #[tracing::instrument(skip_all, fields(assessment.id = %assessment_id))]
    pub async fn latest_actuals(
        &self,
        assessment_id: Uuid,
    ) -> Result<Vec<ActualsRecord>, StoreError> {
        let rows = match self {
            Store::Sqlite(pool) => {
                sqlx::query_as::<_, ActualsRow>(
                    "SELECT id, assessment_id, billing_period_start, billing_period_end, currency, \
                            filter_subscription, filter_resource_group, rows_in_period, rows_json, created_at \
                     FROM actuals WHERE assessment_id = $1 \
                     ORDER BY billing_period_start DESC, created_at DESC, id",
                )
                .bind(assessment_id.to_string())
                .fetch_all(pool.pool())
                .await?
            }
            Store::Postgres(pool) => {
                sqlx::query_as::<_, ActualsRow>(
                    "SELECT id::text AS id, assessment_id::text AS assessment_id, billing_period_start, \
                            billing_period_end, currency, filter_subscription, filter_resource_group, \
                            rows_in_period, rows_json, created_at \
                     FROM actuals WHERE assessment_id = $1::uuid \
                     ORDER BY billing_period_start DESC, created_at DESC, id",
                )
                .bind(assessment_id.to_string())
                .fetch_all(pool)
                .await?
            }
        };
        let mut out: Vec<ActualsRecord> = Vec::new();
        for row in rows {
            let record = ActualsRecord::try_from(row)?;
            // Rows come latest period first, newest upload first: keep the first of each.
            if out
                .last()
                .is_none_or(|r| r.billing_period_start != record.billing_period_start)
            {
                out.push(record);
            }
        }
        Ok(out)
    }
}

/// Bind an upload's row to either backend's insert, in column order. Only `$at`'s type
/// differs: fixed-width text on SQLite, `TIMESTAMPTZ` on PostgreSQL.
macro_rules! bind_actuals {
    ($query:expr, $id:expr, $n:expr, $count:expr, $at:expr) => {
        $query
            .bind($id.to_string())
            .bind($n.assessment_id.to_string())
            .bind($n.billing_period_start)
            .bind($n.billing_period_end)
            .bind($n.currency)
            .bind($n.filter_subscription)
            .bind($n.filter_resource_group)
            .bind($count)
            .bind($n.rows_json)
            .bind($at)
    };
}

async fn insert_sqlite(
    pool: &SqlitePool,
    id: Uuid,
    n: &NewActuals<'_>,
    count: i64,
    created_at: &str,
) -> Result<(), sqlx::Error> {
    bind_actuals!(
        sqlx::query(
            "INSERT INTO actuals (id, assessment_id, billing_period_start, billing_period_end, \
                 currency, filter_subscription, filter_resource_group, rows_in_period, rows_json, \
                 created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        ),
        id,
        n,
        count,
        created_at
    )
    .execute(pool)
    .await
    .map(|_| ())
}

async fn insert_postgres(
    pool: &PgPool,
    id: Uuid,
    n: &NewActuals<'_>,
    count: i64,
    created_at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    bind_actuals!(
        sqlx::query(
            "INSERT INTO actuals (id, assessment_id, billing_period_start, billing_period_end, \
                 currency, filter_subscription, filter_resource_group, rows_in_period, rows_json, \
                 created_at) \
             VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10)",
        ),
        id,
        n,
        count,
        created_at
    )
    .execute(pool)
    .await
    .map(|_| ())
}
