//! Store tests: each story runs against SQLite (a temp file, and `sqlite::memory:`) always,
//! and against PostgreSQL when `TEST_POSTGRES_URL` is set (an admin URL; every test gets a
//! fresh database `ca_test_<uuid>`, dropped afterwards). The PostgreSQL variants are
//! `#[ignore]`d: `TEST_POSTGRES_URL=… cargo test --test store -- --include-ignored` runs them
//! (`.ci/run` does), and run without the URL they fail instead of passing unseen.

use std::future::Future;
use std::sync::Arc;

use connect_advisor::domain::DecisionStatus;
use connect_advisor::domain::Scenario;
use connect_advisor::store::{
    AcceptedOn, AuditAction, NewActuals, NewAssessment, NewAuditEvent, NewShare, NewStatusChange,
    RevisionMeta, Store, StoreError,
};
use support::PgDatabase;
use time::{Duration, OffsetDateTime};
use tokio::sync::Barrier;
use uuid::Uuid;

mod support;

// ---------------------------------------------------------------- fixtures

fn scenario() -> Scenario {
    serde_json::from_str(include_str!("../examples/small-azure-ingestion.json"))
        .expect("example scenario parses")
}

fn other_scenario() -> Scenario {
    serde_json::from_str(include_str!("../examples/large-multi-team-estate.json"))
        .expect("example scenario parses")
}

fn named(name: &str, region: &str) -> Scenario {
    let mut s = scenario();
    name.clone_into(&mut s.name);
    region.clone_into(&mut s.region);
    s
}

fn hash(label: &str) -> String {
    // Any 64-hex-digit string will do; the store never interprets it.
    format!("{:0>64}", hex_of(label))
}

fn hex_of(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

async fn create(store: &Store, scenario: &Scenario, key: &str) -> Uuid {
    store
        .create_assessment(NewAssessment {
            scenario,
            edit_key_hash: &hash(key),
            author: Some("alice"),
            pricing_version: Some("v-test"),
            workspace: None,
        })
        .await
        .expect("create assessment")
        .id
}

/// Run raw SQL behind the store's back (to plant corrupt rows and probe guards).
async fn raw_execute(store: &Store, sqlite_sql: &'static str, pg_sql: &'static str, id: Uuid) {
    let result = match store {
        Store::Sqlite(pool) => sqlx::query(sqlite_sql)
            .bind(id.to_string())
            .execute(pool.pool())
            .await
            .map(|_| ()),
        Store::Postgres(pool) => sqlx::query(pg_sql)
            .bind(id.to_string())
            .execute(pool)
            .await
            .map(|_| ()),
    };
    result.expect("raw statement");
}

// ---------------------------------------------------------------- backends

async fn run_sqlite_file<F, Fut>(story: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    // A nested directory that does not exist yet: connect must create it.
    let url = format!("sqlite://{}", dir.path().join("nested/store.db").display());
    let store = Store::connect(&url).await.expect("connect sqlite file");
    story(store.clone()).await;
    store.close().await;
}

async fn run_sqlite_memory<F, Fut>(story: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let store = Store::connect("sqlite::memory:")
        .await
        .expect("connect sqlite memory");
    story(store.clone()).await;
    store.close().await;
}

async fn run_postgres<F, Fut>(story: F)
where
    F: FnOnce(Store) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let database = PgDatabase::create().await;
    let url = database.url.clone();
    let run = async move {
        let store = Store::connect(&url).await.expect("connect postgres");
        story(store.clone()).await;
        store.close().await;
    };
    // Run the story as its own task so that a failing assertion still drops the database.
    let outcome = tokio::spawn(run).await;

    database.drop_now().await;
    if let Err(err) = outcome {
        match err.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(err) => panic!("story task failed: {err}"),
        }
    }
}

/// One test per backend for a story: `<story>::sqlite_file`, `::sqlite_memory`, `::postgres`.
macro_rules! on_every_backend {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite_file() {
                super::run_sqlite_file(super::$story).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite_memory() {
                super::run_sqlite_memory(super::$story).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[ignore = "needs PostgreSQL: TEST_POSTGRES_URL=… cargo test -- --include-ignored"]
            async fn postgres() {
                super::run_postgres(super::$story).await;
            }
        }
    )*};
}

on_every_backend!(
    revisions_story,
    listing_story,
    shares_story,
    concurrent_edits_story,
    corrupt_rows_story,
    blocked_update_story,
    price_books_story,
    actuals_story,
    decisions_story,
    concurrent_decisions_story,
    audit_story,
    identity_story,
);

// ---------------------------------------------------------------- stories

/// Create, read, update, stale update, history, not-found paths.
async fn revisions_story(store: Store) {
    store.ping().await.expect("ping");
    let v1 = scenario();
    let created = store
        .create_assessment(NewAssessment {
            scenario: &v1,
            edit_key_hash: &hash("key-1"),
            author: Some("alice"),
            pricing_version: Some("v-test"),
            workspace: None,
        })
        .await
        .expect("create");
    assert_eq!(created.revision, 1);
    let id = created.id;

    let header = store
        .get_assessment(id)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(header.id, id);
    assert_eq!(header.name, v1.name);
    assert_eq!(header.region, v1.region);
    assert_eq!(header.latest_revision, 1);
    assert_eq!(
        header.created_at, created.created_at,
        "times round-trip exactly"
    );
    assert_eq!(header.updated_at, created.created_at);
    assert_eq!(
        store.edit_key_hash(id).await.expect("hash"),
        Some(hash("key-1"))
    );

    let latest = store
        .get_revision(id, None)
        .await
        .expect("latest")
        .expect("exists");
    assert_eq!(latest.assessment_id, id);
    assert_eq!(latest.revision, 1);
    assert_eq!(latest.scenario, v1);
    assert_eq!(latest.author.as_deref(), Some("alice"));
    assert_eq!(latest.created_at, created.created_at);
    let first = store
        .get_revision(id, Some(1))
        .await
        .expect("rev 1")
        .expect("exists");
    assert_eq!(first, latest);

    // Update from revision 1.
    let mut v2 = other_scenario();
    "Payments CDC estate, v2".clone_into(&mut v2.name);
    "westeurope".clone_into(&mut v2.region);
    let rev = store
        .update_assessment(id, 1, &v2, RevisionMeta::default())
        .await
        .expect("update");
    assert_eq!(rev, 2);

    // A second update still based on revision 1 is stale: nothing is written.
    let stale = named("stale edit", "eastus");
    match store
        .update_assessment(
            id,
            1,
            &stale,
            RevisionMeta {
                author: Some("bob"),
                pricing_version: None,
            },
        )
        .await
    {
        Err(StoreError::Conflict { current }) => assert_eq!(current, 2),
        other => panic!("expected Conflict {{ current: 2 }}, got {other:?}"),
    }
    // Naming a revision from the future is a conflict too.
    assert!(matches!(
        store
            .update_assessment(id, 7, &stale, RevisionMeta::default())
            .await,
        Err(StoreError::Conflict { current: 2 })
    ));

    let header = store
        .get_assessment(id)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(header.latest_revision, 2);
    assert_eq!(header.name, v2.name);
    assert_eq!(header.region, "westeurope");
    assert_eq!(header.created_at, created.created_at);
    assert!(header.updated_at >= header.created_at);

    // Both revisions' content is readable, unchanged.
    let r1 = store
        .get_revision(id, Some(1))
        .await
        .expect("r1")
        .expect("exists");
    let r2 = store
        .get_revision(id, Some(2))
        .await
        .expect("r2")
        .expect("exists");
    let latest = store
        .get_revision(id, None)
        .await
        .expect("latest")
        .expect("exists");
    assert_eq!(r1.scenario, v1);
    assert_eq!(r2.scenario, v2);
    assert_eq!(r2.author, None);
    // Each revision keeps the price catalog version it was saved with (if any).
    assert_eq!(r1.pricing_version.as_deref(), Some("v-test"));
    assert_eq!(r2.pricing_version, None);
    assert_eq!(latest, r2);

    let history = store.list_revisions(id).await.expect("history");
    let numbers: Vec<u32> = history.iter().map(|r| r.revision).collect();
    assert_eq!(numbers, vec![2, 1], "newest first");
    assert_eq!(history[0].name, v2.name);
    assert_eq!(history[1].name, v1.name);
    assert_eq!(history[1].author.as_deref(), Some("alice"));
    assert_eq!(history[1].created_at, created.created_at);

    // Not-found paths.
    let missing = Uuid::new_v4();
    assert_eq!(store.get_assessment(missing).await.expect("get"), None);
    assert_eq!(store.get_revision(missing, None).await.expect("get"), None);
    assert_eq!(
        store.get_revision(missing, Some(1)).await.expect("get"),
        None
    );
    assert_eq!(store.get_revision(id, Some(3)).await.expect("get"), None);
    assert_eq!(store.edit_key_hash(missing).await.expect("hash"), None);
    assert!(
        store
            .list_revisions(missing)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(matches!(
        store
            .update_assessment(missing, 1, &v1, RevisionMeta::default())
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.count_assessments().await.expect("count"), 1);
}

/// Listing: last change first, paging, counting.
async fn listing_story(store: Store) {
    assert!(
        store
            .list_assessments(10, 0)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(store.count_assessments().await.expect("count"), 0);

    let a = create(&store, &named("A", "eastus"), "a").await;
    let b = create(&store, &named("B", "westeurope"), "b").await;
    let c = create(&store, &named("C", "northeurope"), "c").await;
    // Touch A last: it moves to the top, with its new name.
    let rev = store
        .update_assessment(
            a,
            1,
            &named("A2", "uksouth"),
            RevisionMeta {
                author: Some("carol"),
                pricing_version: None,
            },
        )
        .await
        .expect("update A");
    assert_eq!(rev, 2);

    let list = store.list_assessments(10, 0).await.expect("list");
    let ids: Vec<Uuid> = list.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![a, c, b]);
    assert_eq!(list[0].name, "A2");
    assert_eq!(list[0].region, "uksouth");
    assert_eq!(list[0].latest_revision, 2);
    assert_eq!(list[1].latest_revision, 1);
    assert!(list.windows(2).all(|w| w[0].updated_at >= w[1].updated_at));

    let page: Vec<Uuid> = store
        .list_assessments(2, 1)
        .await
        .expect("page")
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(page, vec![c, b]);
    assert!(
        store
            .list_assessments(10, 3)
            .await
            .expect("past end")
            .is_empty()
    );
    assert_eq!(store.count_assessments().await.expect("count"), 3);
}

/// Share links: create (latest, pinned, expiring), find by hash, list, revoke.
async fn shares_story(store: Store) {
    let id = create(&store, &scenario(), "k").await;
    store
        .update_assessment(id, 1, &other_scenario(), RevisionMeta::default())
        .await
        .expect("update");

    let follow = store
        .create_share(NewShare {
            assessment_id: id,
            token_hash: &hash("token-follow"),
            pinned_revision: None,
            expires_at: None,
            label: None,
        })
        .await
        .expect("share following latest");
    assert_eq!(follow.assessment_id, id);
    assert_eq!(follow.pinned_revision, None);
    assert_eq!(follow.revoked_at, None);

    // A sub-microsecond part is dropped on the way in, so what is returned is what is read.
    let expires = OffsetDateTime::now_utc() + Duration::days(7) + Duration::nanoseconds(789);
    let pinned = store
        .create_share(NewShare {
            assessment_id: id,
            token_hash: &hash("token-pinned"),
            pinned_revision: Some(1),
            expires_at: Some(expires),
            label: Some("FinOps review"),
        })
        .await
        .expect("pinned share");
    assert_ne!(pinned.id, follow.id);
    assert_eq!(pinned.pinned_revision, Some(1));
    assert_eq!(pinned.label.as_deref(), Some("FinOps review"));
    let stored_expiry = pinned.expires_at.expect("expiry kept");
    assert!((stored_expiry - expires).abs() < Duration::microseconds(1));

    let found = store
        .find_share_by_token_hash(&hash("token-pinned"))
        .await
        .expect("find")
        .expect("exists");
    assert_eq!(found, pinned);
    let now = OffsetDateTime::now_utc();
    assert!(found.is_active(now));
    assert!(!found.is_active(expires + Duration::seconds(1)), "expired");
    assert_eq!(
        store
            .find_share_by_token_hash(&hash("no-such-token"))
            .await
            .expect("find"),
        None
    );

    let listed = store.list_shares(id).await.expect("list");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], pinned, "newest first");
    assert_eq!(listed[1], follow);

    // Revoking needs the right assessment, and happens once.
    let other = create(&store, &scenario(), "other").await;
    assert!(!store.revoke_share(other, follow.id).await.expect("revoke"));
    assert!(
        !store
            .revoke_share(id, Uuid::new_v4())
            .await
            .expect("revoke")
    );
    assert!(store.revoke_share(id, follow.id).await.expect("revoke"));
    assert!(
        !store
            .revoke_share(id, follow.id)
            .await
            .expect("revoke again")
    );
    let revoked = store
        .find_share_by_token_hash(&hash("token-follow"))
        .await
        .expect("find")
        .expect("still listed");
    assert!(revoked.revoked_at.is_some());
    assert!(!revoked.is_active(now));
    assert!(store.list_shares(other).await.expect("list").is_empty());

    // Not found: unknown assessment, unknown pinned revision.
    let no_assessment = store
        .create_share(NewShare {
            assessment_id: Uuid::new_v4(),
            token_hash: &hash("t3"),
            pinned_revision: None,
            expires_at: None,
            label: None,
        })
        .await;
    assert!(
        matches!(no_assessment, Err(StoreError::NotFound)),
        "{no_assessment:?}"
    );
    let no_revision = store
        .create_share(NewShare {
            assessment_id: id,
            token_hash: &hash("t4"),
            pinned_revision: Some(9),
            expires_at: None,
            label: None,
        })
        .await;
    assert!(
        matches!(no_revision, Err(StoreError::NotFound)),
        "{no_revision:?}"
    );
    assert_eq!(store.list_shares(id).await.expect("list").len(), 2);
}

/// Several editors save from the same revision at the same moment: exactly one wins, the
/// others get a conflict naming the winner's revision, and nothing is lost.
async fn concurrent_edits_story(store: Store) {
    const EDITORS: usize = 6;
    let base = scenario();
    let id = create(&store, &base, "k").await;
    store
        .update_assessment(id, 1, &named("base v2", "eastus"), RevisionMeta::default())
        .await
        .expect("update to 2");
    let n = 2;

    let barrier = Arc::new(Barrier::new(EDITORS));
    let mut tasks = Vec::new();
    for editor in 0..EDITORS {
        let store = store.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let mine = named(&format!("edit by editor {editor}"), "eastus");
            barrier.wait().await;
            let result = store
                .update_assessment(
                    id,
                    n,
                    &mine,
                    RevisionMeta {
                        author: Some(&format!("editor-{editor}")),
                        pricing_version: None,
                    },
                )
                .await;
            (mine, result)
        }));
    }
    let mut winners = Vec::new();
    let mut losers = Vec::new();
    for task in tasks {
        let (mine, result) = task.await.expect("editor task");
        match result {
            Ok(rev) => winners.push((mine, rev)),
            Err(StoreError::Conflict { current }) => losers.push((mine, current)),
            Err(other) => panic!("unexpected error: {other:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one editor wins");
    assert_eq!(losers.len(), EDITORS - 1);
    let (winner, winning_rev) = winners.pop().expect("one winner");
    assert_eq!(winning_rev, n + 1);
    assert!(losers.iter().all(|(_, current)| *current == n + 1));

    // The loser reloads and saves on top: its content lands as N+2.
    let (loser, _) = losers.pop().expect("a loser");
    let rev = store
        .update_assessment(
            id,
            n + 1,
            &loser,
            RevisionMeta {
                author: Some("loser"),
                pricing_version: None,
            },
        )
        .await
        .expect("rebased update");
    assert_eq!(rev, n + 2);

    let at = |r| {
        let store = store.clone();
        async move {
            store
                .get_revision(id, Some(r))
                .await
                .expect("get")
                .expect("exists")
                .scenario
        }
    };
    assert_eq!(at(n).await.name, "base v2");
    assert_eq!(at(n + 1).await, winner);
    assert_eq!(at(n + 2).await, loser);
    assert_eq!(at(1).await, base);
    let history = store.list_revisions(id).await.expect("history");
    assert_eq!(history.len(), 4, "one row per successful save, no gaps");
}

/// A row that no longer deserializes is reported as corrupt, not as missing; revisions
/// cannot be rewritten in place.
async fn corrupt_rows_story(store: Store) {
    let id = create(&store, &scenario(), "k").await;
    // Plant revision 2 whose JSON is valid but not a scenario, and make it the latest.
    raw_execute(
        &store,
        "INSERT INTO revisions (assessment_id, revision, name, scenario, author, created_at) \
         VALUES ($1, 2, 'broken', '{\"schema_version\": 1}', NULL, '2025-01-01T00:00:00.000000Z')",
        "INSERT INTO revisions (assessment_id, revision, name, scenario, author, created_at) \
         VALUES ($1::uuid, 2, 'broken', '{\"schema_version\": 1}'::jsonb, NULL, now())",
        id,
    )
    .await;
    raw_execute(
        &store,
        "UPDATE assessments SET latest_revision = 2 WHERE id = $1",
        "UPDATE assessments SET latest_revision = 2 WHERE id = $1::uuid",
        id,
    )
    .await;

    for revision in [Some(2), None] {
        match store.get_revision(id, revision).await {
            Err(StoreError::Corrupt(message)) => {
                assert!(message.contains("revision 2"), "{message}");
            }
            other => panic!("expected Corrupt for {revision:?}, got {other:?}"),
        }
    }
    assert!(store.get_revision(id, Some(1)).await.expect("r1").is_some());
    assert_eq!(store.list_revisions(id).await.expect("history").len(), 2);

    // The immutability trigger refuses to rewrite a revision.
    let rewrite = match &store {
        Store::Sqlite(pool) => {
            sqlx::query("UPDATE revisions SET author = 'mallory' WHERE assessment_id = $1")
                .bind(id.to_string())
                .execute(pool.pool())
                .await
                .map(|_| ())
        }
        Store::Postgres(pool) => {
            sqlx::query("UPDATE revisions SET author = 'mallory' WHERE assessment_id = $1::uuid")
                .bind(id.to_string())
                .execute(pool)
                .await
                .map(|_| ())
        }
    };
    let err = rewrite.expect_err("revisions are immutable");
    assert!(err.to_string().contains("revisions are immutable"), "{err}");
}

/// Deterministic version of the race: another writer has already moved the assessment from
/// revision 1 to 2 inside a transaction that is still open (holding the row lock on
/// PostgreSQL, the write lock on SQLite). An update from revision 1 must wait for it and then
/// report the conflict, not overwrite it.
async fn blocked_update_story(store: Store) {
    let id = create(&store, &scenario(), "k").await;
    let theirs = other_scenario();
    let theirs_json = serde_json::to_string(&theirs).expect("json");
    let bump_sqlite =
        "UPDATE assessments SET latest_revision = 2 WHERE id = $1 AND latest_revision = 1";
    let insert_sqlite = "INSERT INTO revisions (assessment_id, revision, name, scenario, author, created_at) \
         VALUES ($1, 2, 'theirs', $2, 'other writer', '2030-01-01T00:00:00.000000Z')";
    let bump_pg =
        "UPDATE assessments SET latest_revision = 2 WHERE id = $1::uuid AND latest_revision = 1";
    let insert_pg = "INSERT INTO revisions (assessment_id, revision, name, scenario, author, created_at) \
         VALUES ($1::uuid, 2, 'theirs', $2::jsonb, 'other writer', now())";

    let mine = named("mine", "eastus");
    let late_update = {
        let store = store.clone();
        async move {
            store
                .update_assessment(
                    id,
                    1,
                    &mine,
                    RevisionMeta {
                        author: Some("me"),
                        pricing_version: None,
                    },
                )
                .await
        }
    };
    let pause = std::time::Duration::from_millis(300);
    let result = match &store {
        Store::Sqlite(pool) => {
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.expect("begin");
            for (sql, json) in [(bump_sqlite, None), (insert_sqlite, Some(&theirs_json))] {
                let mut query = sqlx::query(sql).bind(id.to_string());
                if let Some(json) = json {
                    query = query.bind(json);
                }
                query.execute(&mut *tx).await.expect("other writer");
            }
            let late = tokio::spawn(late_update);
            tokio::time::sleep(pause).await;
            assert!(!late.is_finished(), "the late update waits for the lock");
            tx.commit().await.expect("commit");
            late.await.expect("task")
        }
        Store::Postgres(pool) => {
            let mut tx = pool.begin().await.expect("begin");
            for (sql, json) in [(bump_pg, None), (insert_pg, Some(&theirs_json))] {
                let mut query = sqlx::query(sql).bind(id.to_string());
                if let Some(json) = json {
                    query = query.bind(json);
                }
                query.execute(&mut *tx).await.expect("other writer");
            }
            let late = tokio::spawn(late_update);
            tokio::time::sleep(pause).await;
            assert!(
                !late.is_finished(),
                "the late update waits for the row lock"
            );
            tx.commit().await.expect("commit");
            late.await.expect("task")
        }
    };
    assert!(
        matches!(result, Err(StoreError::Conflict { current: 2 })),
        "{result:?}"
    );
    let latest = store
        .get_revision(id, None)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(latest.revision, 2);
    assert_eq!(latest.scenario, theirs);
    assert_eq!(latest.author.as_deref(), Some("other writer"));
    assert_eq!(store.list_revisions(id).await.expect("history").len(), 2);
}

/// Price books: kept once per version (idempotent, also across instances), read back byte
/// for byte in load order, listed newest first; catalogs shared by two books stored once;
/// the regions and currencies of saved assessments listed for the background refresh.
async fn price_books_story(store: Store) {
    use connect_advisor::pricing::PriceBook;
    use connect_advisor::store::CatalogText;

    const HEADER: &str = "service,product,sku,meter,region,unit,unit_price,currency,effective_start,meter_id,source,tier_min_units,price_type,confidence";
    let a = format!(
        "{HEADER}\nEvent Hubs,Event Hubs,Standard,Standard Throughput Unit,westeurope,1 Hour,0.03,USD,2024-07-01,,s,0,consumption,high\n"
    );
    let b = format!(
        "{HEADER}\nEvent Hubs,Event Hubs,Premium,Premium Processing Unit,westeurope,1 Hour,1.336,EUR,2026-11-01,,s,0,consumption,high\n"
    );
    let b2 = b.replace("1.336", "1.4");
    let book1 = PriceBook::from_sources([("a.csv".to_owned(), a.clone())]).unwrap();
    let book2 = PriceBook::from_sources([
        ("a.csv".to_owned(), a.clone()),
        ("b.csv".to_owned(), b.clone()),
    ])
    .unwrap();
    let book3 = PriceBook::from_sources([
        ("a.csv".to_owned(), a.clone()),
        ("b.csv".to_owned(), b2.clone()),
    ])
    .unwrap();
    async fn save(store: &Store, book: &PriceBook, origin: &str) -> bool {
        let texts: Vec<CatalogText<'_>> = book
            .catalogs()
            .iter()
            .map(|c| CatalogText {
                name: &c.name,
                version: &c.version,
                content: c.text(),
            })
            .collect();
        let p = book.pricing_ref();
        store
            .save_price_book(connect_advisor::store::NewPriceBook {
                version: &p.version,
                catalog: &p.catalog,
                effective_date: &connect_advisor::pricing::format_date(p.effective_date),
                origin,
                catalogs: &texts,
            })
            .await
            .expect("save price book")
    }
    assert!(save(&store, &book1, "embedded").await);
    assert!(
        !save(&store, &book1, "embedded").await,
        "a version is kept once"
    );
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert!(save(&store, &book2, "refresh").await);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert!(save(&store, &book3, "refresh").await);

    let v2 = &book2.pricing_ref().version;
    let got = store.price_book(v2).await.expect("read").expect("stored");
    assert_eq!(got.summary.origin, "refresh");
    assert_eq!(got.summary.catalog, "a.csv+b.csv");
    assert_eq!(
        got.catalogs,
        [
            ("a.csv".to_owned(), a.clone()),
            ("b.csv".to_owned(), b.clone())
        ]
    );
    // It loads as the very same book.
    let again = PriceBook::from_sources(got.catalogs).unwrap();
    assert_eq!(&again.pricing_ref().version, v2);
    assert!(
        store
            .price_book("no-such-version")
            .await
            .expect("read")
            .is_none()
    );

    let list = store.list_price_books(10).await.expect("list");
    let versions: Vec<&str> = list.iter().map(|b| b.version.as_str()).collect();
    assert_eq!(
        versions,
        [
            book3.pricing_ref().version.as_str(),
            v2.as_str(),
            book1.pricing_ref().version.as_str()
        ]
    );
    // a.csv is shared by all three books and stored once: 3 distinct catalog contents.
    let count: i64 = match &store {
        Store::Sqlite(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM catalog_versions")
            .fetch_one(pool.pool())
            .await
            .unwrap(),
        Store::Postgres(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM catalog_versions")
            .fetch_one(pool)
            .await
            .unwrap(),
    };
    assert_eq!(count, 3);

    assert!(
        store
            .regions_and_currencies_in_use()
            .await
            .unwrap()
            .is_empty()
    );
    let mut eur = named("EUR one", "westeurope");
    "EUR".clone_into(&mut eur.currency);
    create(&store, &eur, "k1").await;
    create(&store, &named("US one", "eastus"), "k2").await;
    create(&store, &named("US two", "eastus"), "k3").await;
    assert_eq!(
        store.regions_and_currencies_in_use().await.unwrap(),
        [
            ("eastus".to_owned(), "USD".to_owned()),
            ("westeurope".to_owned(), "EUR".to_owned())
        ]
    );
}

// ---------------------------------------------------------------- SQLite specifics

/// Write with one `Store`, drop it, reconnect to the same file: everything is still there.
#[tokio::test]
async fn sqlite_data_survives_reconnect() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("data/ca.db").display());

    let (id, share_id) = {
        let store = Store::connect(&url).await.expect("connect");
        let id = create(&store, &scenario(), "k").await;
        store
            .update_assessment(
                id,
                1,
                &other_scenario(),
                RevisionMeta {
                    author: Some("bob"),
                    pricing_version: None,
                },
            )
            .await
            .expect("update");
        let share = store
            .create_share(NewShare {
                assessment_id: id,
                token_hash: &hash("t"),
                pinned_revision: Some(2),
                expires_at: None,
                label: Some("keep"),
            })
            .await
            .expect("share");
        // Dropped without close(): like a process that simply goes away.
        drop(store);
        (id, share.id)
    };

    // Migrations are idempotent on reconnect.
    let store = Store::connect(&url).await.expect("reconnect");
    let header = store
        .get_assessment(id)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(header.latest_revision, 2);
    assert_eq!(
        store
            .get_revision(id, Some(1))
            .await
            .expect("r1")
            .expect("exists")
            .scenario,
        scenario()
    );
    assert_eq!(
        store
            .get_revision(id, None)
            .await
            .expect("r2")
            .expect("exists")
            .scenario,
        other_scenario()
    );
    let shares = store.list_shares(id).await.expect("shares");
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].id, share_id);
    assert_eq!(
        store.edit_key_hash(id).await.expect("hash"),
        Some(hash("k"))
    );
    store.close().await;
}

/// The file database runs in WAL mode with full sync and foreign keys on.
#[tokio::test]
async fn sqlite_file_pragmas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("ca.db").display());
    let store = Store::connect(&url).await.expect("connect");
    assert_eq!(store.backend_name(), "sqlite");
    let Store::Sqlite(pool) = &store else {
        panic!("expected a SQLite store")
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool.pool())
        .await
        .expect("journal_mode");
    assert_eq!(mode, "wal");
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(pool.pool())
        .await
        .expect("synchronous");
    assert_eq!(sync, 2, "FULL");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool.pool())
        .await
        .expect("foreign_keys");
    assert_eq!(fk, 1);
    store.close().await;
}

/// A database opened read-only refuses saves with an `Unavailable` error that says why.
#[tokio::test]
async fn sqlite_read_only_is_unavailable_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ca.db");
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("create");
    let id = create(&store, &scenario(), "k").await;
    store.close().await;

    let read_only = Store::connect(&format!("sqlite://{}?mode=ro", path.display()))
        .await
        .expect("open read-only");
    assert!(
        read_only
            .get_assessment(id)
            .await
            .expect("reads work")
            .is_some()
    );
    let err = read_only
        .update_assessment(id, 1, &other_scenario(), RevisionMeta::default())
        .await
        .expect_err("writes fail");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    assert!(err.to_string().contains("read-only"), "{err}");
    read_only.close().await;
}

#[tokio::test]
async fn unsupported_url_is_rejected_without_echoing_it() {
    let err = Store::connect("mysql://user:secret@localhost/db")
        .await
        .expect_err("unsupported");
    assert!(matches!(err, StoreError::Other(_)), "{err:?}");
    assert!(!err.to_string().contains("secret"));
}

#[test]
fn default_url_is_a_file_under_data() {
    assert_eq!(
        Store::default_sqlite_url(),
        "sqlite://data/connect-advisor.db"
    );
}

/// A directory that cannot be created (a file is in the way) is reported, path included.
#[tokio::test]
async fn sqlite_uncreatable_directory_is_unavailable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"x").expect("write file");
    let url = format!("sqlite://{}", blocker.join("sub/ca.db").display());
    let err = Store::connect(&url).await.expect_err("cannot create");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("cannot create the database directory"),
        "{err}"
    );
}

/// An unreachable PostgreSQL server fails fast with the real cause, as `Unavailable`.
#[tokio::test]
async fn postgres_unreachable_is_unavailable() {
    let started = std::time::Instant::now();
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    let err = Store::connect("postgres://user:secret@127.0.0.1:1/db")
        .await
        .expect_err("unreachable");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    assert!(!err.to_string().contains("secret"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// Uploaded actuals: stored per billing period, the latest upload of each period wins,
/// latest period first; unknown assessments are refused.
async fn actuals_story(store: Store) {
    let id = create(&store, &scenario(), "actuals").await;
    let other = create(&store, &other_scenario(), "other").await;
    assert!(store.latest_actuals(id).await.expect("list").is_empty());
    let upload = |start: &'static str, end: &'static str, json: &'static str| NewActuals {
        assessment_id: id,
        billing_period_start: start,
        billing_period_end: end,
        currency: "USD",
        filter_subscription: None,
        filter_resource_group: Some("rg-connect-prod"),
        rows_in_period: 20,
        rows_json: json,
    };
    let sept = store
        .add_actuals(upload("2026-09-01", "2026-10-01", "[1]"))
        .await
        .expect("september");
    assert_eq!(sept.assessment_id, id);
    store
        .add_actuals(upload("2026-10-01", "2026-11-01", "[2]"))
        .await
        .expect("october");
    // October again: a corrected upload replaces the first in the listing.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let oct2 = store
        .add_actuals(upload("2026-10-01", "2026-11-01", "[3]"))
        .await
        .expect("october again");
    store
        .add_actuals(NewActuals {
            assessment_id: other,
            ..upload("2026-10-01", "2026-11-01", "[9]")
        })
        .await
        .expect("other assessment");

    let latest = store.latest_actuals(id).await.expect("list");
    assert_eq!(latest.len(), 2);
    assert_eq!(latest[0], oct2, "what was written reads back identically");
    assert_eq!(latest[0].rows_json, "[3]");
    assert_eq!(
        latest[0].filter_resource_group.as_deref(),
        Some("rg-connect-prod")
    );
    assert_eq!(latest[0].filter_subscription, None);
    assert_eq!(latest[1].billing_period_start, "2026-09-01");
    assert_eq!(latest[1].rows_in_period, 20);
    assert_eq!(store.latest_actuals(other).await.expect("list").len(), 1);

    let missing = store
        .add_actuals(NewActuals {
            assessment_id: Uuid::new_v4(),
            ..upload("2026-10-01", "2026-11-01", "[]")
        })
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}

// ---------------------------------------------------------------- decisions and audit

const ACCEPTED_ON: AcceptedOn<'static> = AcceptedOn {
    pricing_version: "book-v1",
    recommendation: "Event Hubs Premium",
    monthly_total: "1234.56",
    currency: "USD",
};

fn change(
    id: Uuid,
    revision: u32,
    expected: u32,
    status: DecisionStatus,
    comment: &str,
) -> NewStatusChange<'_> {
    NewStatusChange {
        assessment_id: id,
        revision,
        expected_changes: expected,
        status,
        comment,
        actor: "edit key holder",
        accepted_on: (status == DecisionStatus::Accepted).then_some(ACCEPTED_ON),
    }
}

/// Status changes are kept as history; accepting another revision supersedes the accepted
/// one as its own change; unknown assessments and revisions are not found; rows are immutable.
async fn decisions_story(store: Store) {
    let id = create(&store, &scenario(), "k").await;
    store
        .update_assessment(id, 1, &named("v2", "eastus"), RevisionMeta::default())
        .await
        .expect("revision 2");
    assert!(store.decision_changes(id).await.unwrap().is_empty());
    assert_eq!(store.decision_change_count(id).await.unwrap(), 0);

    let written = store
        .change_decision_status(change(id, 1, 0, DecisionStatus::Accepted, "board: yes"))
        .await
        .expect("accept 1");
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].seq, 1);
    assert_eq!(written[0].pricing_version.as_deref(), Some("book-v1"));
    assert_eq!(written[0].monthly_total.as_deref(), Some("1234.56"));

    // Accepting revision 2 first moves revision 1 to superseded, then accepts 2.
    let written = store
        .change_decision_status(change(id, 2, 1, DecisionStatus::Accepted, "re-sized"))
        .await
        .expect("accept 2");
    let got: Vec<(u32, u32, DecisionStatus)> = written
        .iter()
        .map(|c| (c.seq, c.revision, c.status))
        .collect();
    assert_eq!(
        got,
        [
            (2, 1, DecisionStatus::Superseded),
            (3, 2, DecisionStatus::Accepted)
        ]
    );
    assert_eq!(written[0].comment, "Superseded: revision 2 was accepted.");
    assert!(written[0].pricing_version.is_none());

    // What a later read returns equals what the write returned, times included.
    let all = store.decision_changes(id).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(&all[1..], &written[..]);
    assert_eq!(store.decision_change_count(id).await.unwrap(), 3);
    let statuses = connect_advisor::store::current_statuses(&all);
    assert_eq!(
        statuses,
        [
            (1, DecisionStatus::Superseded),
            (2, DecisionStatus::Accepted)
        ]
    );
    assert_eq!(
        connect_advisor::store::accepted_now(&all).map(|c| c.seq),
        Some(3)
    );

    // Rejecting the accepted revision leaves none accepted; re-accepting it supersedes nothing.
    store
        .change_decision_status(change(id, 2, 3, DecisionStatus::Rejected, "no budget"))
        .await
        .expect("reject 2");
    let written = store
        .change_decision_status(change(id, 2, 4, DecisionStatus::Accepted, "budget found"))
        .await
        .expect("accept 2 again");
    assert_eq!(written.len(), 1);

    // Unknown revision or assessment: not found, nothing written.
    let e = store
        .change_decision_status(change(id, 9, 5, DecisionStatus::Rejected, "x"))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    let e = store
        .change_decision_status(change(Uuid::new_v4(), 1, 0, DecisionStatus::Rejected, "x"))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    assert_eq!(store.decision_change_count(id).await.unwrap(), 5);
    // An acceptance without what it was accepted on is refused.
    let mut bare = change(id, 1, 5, DecisionStatus::Accepted, "x");
    bare.accepted_on = None;
    assert!(store.change_decision_status(bare).await.is_err());

    // Every change is in the audit log, from the same transaction.
    let audit = store.audit_events(Some(id)).await.unwrap();
    let logged: Vec<(Option<u32>, Option<DecisionStatus>)> =
        audit.iter().map(|e| (e.revision, e.status)).collect();
    assert_eq!(
        logged,
        [
            (Some(1), Some(DecisionStatus::Accepted)),
            (Some(1), Some(DecisionStatus::Superseded)),
            (Some(2), Some(DecisionStatus::Accepted)),
            (Some(2), Some(DecisionStatus::Rejected)),
            (Some(2), Some(DecisionStatus::Accepted)),
        ]
    );
    assert!(audit.iter().all(|e| e.action == AuditAction::StatusChanged));

    // History cannot be rewritten.
    raw_execute_fails(
        &store,
        "UPDATE decision_changes SET status = 'rejected' WHERE assessment_id = $1",
        "UPDATE decision_changes SET status = 'rejected' WHERE assessment_id = $1::uuid",
        id,
    )
    .await;
    raw_execute_fails(
        &store,
        "UPDATE audit_events SET actor = 'someone else' WHERE assessment_id = $1",
        "UPDATE audit_events SET actor = 'someone else' WHERE assessment_id = $1::uuid",
        id,
    )
    .await;
}

/// Run raw SQL that a guard must refuse.
async fn raw_execute_fails(
    store: &Store,
    sqlite_sql: &'static str,
    pg_sql: &'static str,
    id: Uuid,
) {
    let result = match store {
        Store::Sqlite(pool) => sqlx::query(sqlite_sql)
            .bind(id.to_string())
            .execute(pool.pool())
            .await
            .map(|_| ()),
        Store::Postgres(pool) => sqlx::query(pg_sql)
            .bind(id.to_string())
            .execute(pool)
            .await
            .map(|_| ()),
    };
    assert!(result.is_err(), "{sqlite_sql} must be refused");
}

/// Of several changes from the same state exactly one is written; the others are told the
/// count now, and nothing is overwritten.
async fn concurrent_decisions_story(store: Store) {
    const DECIDERS: usize = 6;
    let id = create(&store, &scenario(), "k").await;
    let barrier = Arc::new(Barrier::new(DECIDERS));
    let mut tasks = Vec::new();
    for decider in 0..DECIDERS {
        let store = store.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let status = if decider % 2 == 0 {
                DecisionStatus::Accepted
            } else {
                DecisionStatus::Rejected
            };
            let comment = format!("decider {decider}");
            barrier.wait().await;
            store
                .change_decision_status(change(id, 1, 0, status, &comment))
                .await
        }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.expect("decider task") {
            Ok(rows) => {
                won += 1;
                assert_eq!(rows.len(), 1);
            }
            Err(StoreError::Conflict { current }) => assert_eq!(current, 1),
            Err(other) => panic!("unexpected error: {other:?}"),
        }
    }
    assert_eq!(won, 1, "exactly one change wins");
    assert_eq!(store.decision_change_count(id).await.unwrap(), 1);
    assert_eq!(store.audit_events(Some(id)).await.unwrap().len(), 1);
}

/// Audit events of every kind, per assessment and for the whole database, in order.
async fn audit_story(store: Store) {
    let a = create(&store, &scenario(), "a").await;
    let b = create(&store, &scenario(), "b").await;
    let share = Uuid::new_v4();
    let event = |assessment_id, action, revision, share_id| NewAuditEvent {
        assessment_id,
        action,
        actor: "dana@example.com",
        revision,
        share_id,
        status: None,
    };
    store
        .record_audit(event(a, AuditAction::Created, Some(1), None))
        .await
        .unwrap();
    store
        .record_audit(event(b, AuditAction::Created, Some(1), None))
        .await
        .unwrap();
    store
        .record_audit(event(a, AuditAction::Edited, Some(2), None))
        .await
        .unwrap();
    store
        .record_audit(event(a, AuditAction::Shared, None, Some(share)))
        .await
        .unwrap();
    store
        .record_audit(event(a, AuditAction::ShareRevoked, None, Some(share)))
        .await
        .unwrap();
    let e = store
        .record_audit(event(Uuid::new_v4(), AuditAction::Created, Some(1), None))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");

    let of_a = store.audit_events(Some(a)).await.unwrap();
    let actions: Vec<AuditAction> = of_a.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::Created,
            AuditAction::Edited,
            AuditAction::Shared,
            AuditAction::ShareRevoked
        ]
    );
    assert_eq!(of_a[2].share_id, Some(share));
    assert_eq!(of_a[2].revision, None);
    assert_eq!(of_a[1].revision, Some(2));
    assert!(
        of_a.iter()
            .all(|e| e.actor == "dana@example.com" && e.assessment_id == a)
    );
    let all = store.audit_events(None).await.unwrap();
    assert_eq!(all.len(), 5);
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(all[1].assessment_id, b);
    assert!(
        store
            .audit_events(Some(Uuid::new_v4()))
            .await
            .unwrap()
            .is_empty()
    );
}

/// Team sign-in: users, sessions (expiry, sign-out), sign-ins in progress (single use),
/// workspaces, roles by membership and by group, invitations, the last owner kept.
async fn identity_story(store: Store) {
    use connect_advisor::store::{InviteKind, MemberChange, PendingLogin, Role, SignInIdentity};
    use time::{Duration, OffsetDateTime};
    let later = OffsetDateTime::now_utc() + Duration::hours(1);
    let who = |sub: &'static str, email: &'static str, groups: &'static [String]| SignInIdentity {
        issuer: "https://idp.example",
        subject: sub,
        email: Some(email),
        display_name: Some("Someone"),
        groups,
    };

    // A sign-in in progress is taken once.
    let login = PendingLogin {
        csrf_state: "state".into(),
        nonce: "nonce".into(),
        pkce_verifier: "verifier".into(),
        return_to: "/".into(),
    };
    store
        .save_pending_login(&hash("c1"), &login, later)
        .await
        .expect("save");
    assert_eq!(
        store.take_pending_login(&hash("c1")).await.expect("take"),
        Some(login.clone())
    );
    assert_eq!(
        store
            .take_pending_login(&hash("c1"))
            .await
            .expect("take again"),
        None
    );
    let past = OffsetDateTime::now_utc() - Duration::seconds(1);
    store
        .save_pending_login(&hash("c2"), &login, past)
        .await
        .expect("save");
    assert_eq!(
        store
            .take_pending_login(&hash("c2"))
            .await
            .expect("expired"),
        None
    );

    // Sign-in: the same (issuer, subject) is one user across sessions.
    let alice = store
        .sign_in(&who("a", "alice@example.com", &[]), &hash("s1"), later)
        .await
        .expect("sign in");
    let again = store
        .sign_in(&who("a", "alice@example.com", &[]), &hash("s2"), later)
        .await
        .expect("sign in");
    assert_eq!(alice, again);
    let session = store
        .session(&hash("s1"))
        .await
        .expect("session")
        .expect("live");
    assert_eq!(session.user_id, alice);
    assert_eq!(session.email.as_deref(), Some("alice@example.com"));
    assert!(store.delete_session(&hash("s1")).await.expect("sign out"));
    assert_eq!(store.session(&hash("s1")).await.expect("session"), None);
    assert!(!store.delete_session(&hash("s1")).await.expect("twice"));
    // An expired session reads as none.
    store
        .sign_in(&who("a", "alice@example.com", &[]), &hash("s-old"), past)
        .await
        .expect("sign in");
    assert_eq!(store.session(&hash("s-old")).await.expect("session"), None);

    // A workspace; its creator is its owner; an assessment put into it is listed.
    let ws = store
        .create_workspace("Data platform", alice)
        .await
        .expect("workspace");
    assert_eq!(
        store.member_roles(alice, &hash("s2")).await.expect("roles"),
        vec![(ws.id, Role::Owner)]
    );
    let sc = scenario();
    let key_hash = hash("ws");
    let anonymous = create(&store, &sc, "anon").await;
    assert_eq!(
        store.assessment_workspace(anonymous).await.expect("ws"),
        Some(None)
    );
    let into = |workspace| NewAssessment {
        scenario: &sc,
        edit_key_hash: &key_hash,
        author: Some("alice"),
        pricing_version: Some("v-test"),
        workspace: Some(workspace),
    };
    let id = store
        .create_assessment(into(ws.id))
        .await
        .expect("created in the workspace")
        .id;
    assert_eq!(
        store.assessment_workspace(id).await.expect("ws"),
        Some(Some(ws.id))
    );
    assert_eq!(
        store.assessments_in_workspace(ws.id).await.expect("list"),
        vec![id]
    );
    assert_eq!(
        store
            .assessment_workspace(Uuid::new_v4())
            .await
            .expect("unknown"),
        None
    );
    // Into a workspace that does not exist: not found, and nothing is created.
    let before = store.count_assessments().await.expect("count");
    assert!(matches!(
        store.create_assessment(into(Uuid::new_v4())).await,
        Err(connect_advisor::store::StoreError::NotFound)
    ));
    assert_eq!(store.count_assessments().await.expect("count"), before);

    // An email invitation becomes a membership at that person's sign-in, and is used up.
    let invitation = store
        .invite(
            ws.id,
            InviteKind::Email,
            "bob@example.com",
            Role::Viewer,
            alice,
        )
        .await
        .expect("invite");
    assert!(invitation.is_some());
    let bob = store
        .sign_in(&who("b", "bob@example.com", &[]), &hash("s-bob"), later)
        .await
        .expect("bob");
    assert_eq!(
        store
            .member_roles(bob, &hash("s-bob"))
            .await
            .expect("roles"),
        vec![(ws.id, Role::Viewer)]
    );
    assert!(
        store
            .workspace_invitations(ws.id)
            .await
            .expect("list")
            .is_empty()
    );

    // A group grant gives its role to sessions carrying the group, and the higher role wins.
    let groups: &'static [String] = Box::leak(vec!["finops".to_owned()].into_boxed_slice());
    store
        .invite(ws.id, InviteKind::Group, "finops", Role::Editor, alice)
        .await
        .expect("grant");
    let carol = store
        .sign_in(
            &who("c", "carol@example.com", groups),
            &hash("s-carol"),
            later,
        )
        .await
        .expect("carol");
    assert_eq!(
        store
            .member_roles(carol, &hash("s-carol"))
            .await
            .expect("roles"),
        vec![(ws.id, Role::Editor)]
    );
    let carol_plain = store
        .sign_in(
            &who("c", "carol@example.com", &[]),
            &hash("s-carol2"),
            later,
        )
        .await
        .expect("carol");
    assert_eq!(carol, carol_plain);
    assert!(
        store
            .member_roles(carol, &hash("s-carol2"))
            .await
            .expect("roles")
            .is_empty()
    );
    let bob_grouped = store
        .sign_in(&who("b", "bob@example.com", groups), &hash("s-bob2"), later)
        .await
        .expect("bob");
    assert_eq!(
        store
            .member_roles(bob_grouped, &hash("s-bob2"))
            .await
            .expect("roles"),
        vec![(ws.id, Role::Editor)]
    );
    // Granting the same group again changes its role.
    store
        .invite(ws.id, InviteKind::Group, "finops", Role::Viewer, alice)
        .await
        .expect("regrant");
    let grants = store.workspace_invitations(ws.id).await.expect("list");
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].role, Role::Viewer);
    assert!(
        store
            .remove_invitation(ws.id, grants[0].id)
            .await
            .expect("withdraw")
    );
    assert!(
        !store
            .remove_invitation(ws.id, grants[0].id)
            .await
            .expect("twice")
    );

    // Inviting someone who signed in before makes them a member at once.
    let dave = store
        .sign_in(&who("d", "dave@example.com", &[]), &hash("s-dave"), later)
        .await
        .expect("dave");
    assert_eq!(
        store
            .invite(
                ws.id,
                InviteKind::Email,
                "dave@example.com",
                Role::Editor,
                alice
            )
            .await
            .expect("invite"),
        None
    );
    assert_eq!(
        store
            .member_roles(dave, &hash("s-dave"))
            .await
            .expect("roles"),
        vec![(ws.id, Role::Editor)]
    );

    // Roles change; the last owner stays.
    assert_eq!(
        store
            .set_member_role(ws.id, alice, Some(Role::Viewer))
            .await
            .expect("demote"),
        MemberChange::LastOwner
    );
    assert_eq!(
        store
            .set_member_role(ws.id, alice, None)
            .await
            .expect("leave"),
        MemberChange::LastOwner
    );
    assert_eq!(
        store
            .set_member_role(ws.id, bob, Some(Role::Owner))
            .await
            .expect("promote"),
        MemberChange::Done
    );
    assert_eq!(
        store
            .set_member_role(ws.id, alice, None)
            .await
            .expect("leave"),
        MemberChange::Done
    );
    assert!(
        store
            .member_roles(alice, &hash("s2"))
            .await
            .expect("roles")
            .is_empty()
    );
    assert_eq!(
        store
            .set_member_role(ws.id, alice, None)
            .await
            .expect("gone"),
        MemberChange::NoSuchMember
    );
    let members = store.workspace_members(ws.id).await.expect("members");
    assert_eq!(members[0].role, Role::Owner);
    assert_eq!(members[0].email.as_deref(), Some("bob@example.com"));
    assert_eq!(
        store
            .workspaces(&[ws.id, Uuid::new_v4()])
            .await
            .expect("ws")
            .len(),
        1
    );
}
