//! `pricing refresh` against a fake Azure Retail Prices API: a real HTTP server on
//! 127.0.0.1 that filters recorded items by `serviceName` and `armRegionName`, pages them
//! with `NextPageLink`, and answers one 429 (with `Retry-After`) and one 500 on the way.
//! Then the refreshed catalogs price a scenario in that region and currency.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use connect_advisor::domain::Assessment;
use connect_advisor::estate::EstateFacts;
use connect_advisor::knowledge::ConnectorKb;
use connect_advisor::price_sources::retail_api::RetailApi;
use connect_advisor::pricing::PriceBook;

const ITEMS: &str = include_str!("fixtures/retail-prices/fake-api/westeurope-eur-items.json");
/// Items per page, small so every service spans several pages.
const PAGE_SIZE: usize = 4;

/// What the fake server saw.
#[derive(Default)]
struct Log {
    requests: Vec<String>,
}

struct FakeApi {
    url: String,
    log: Arc<Mutex<Log>>,
}

fn decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(&b[i + 1..i + 3]), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name || decode(k) == name).then_some(v)
    })
}

/// `serviceName eq 'X' and armRegionName eq 'y'` → (X, y).
fn filter_terms(filter: &str) -> Option<(String, String)> {
    let service = filter
        .split("serviceName eq '")
        .nth(1)?
        .split('\'')
        .next()?;
    let region = filter
        .split("armRegionName eq '")
        .nth(1)?
        .split('\'')
        .next()?;
    Some((service.to_owned(), region.to_owned()))
}

fn respond(stream: &mut TcpStream, status: &str, extra: &str, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
}

fn handle(
    mut stream: TcpStream,
    base: &str,
    items: &[serde_json::Value],
    log: &Mutex<Log>,
    n: usize,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain the headers.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
            break;
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("").to_owned();
    log.lock().unwrap().requests.push(target.clone());
    // The second request is throttled, the fourth fails: both must be retried.
    if n == 1 {
        return respond(
            &mut stream,
            "429 Too Many Requests",
            "Retry-After: 1\r\n",
            "{}",
        );
    }
    if n == 3 {
        return respond(
            &mut stream,
            "500 Internal Server Error",
            "",
            "{\"error\":\"boom\"}",
        );
    }
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let currency = param(query, "currencyCode").map(decode).unwrap_or_default();
    assert!(
        currency.starts_with('\'') && currency.ends_with('\''),
        "currencyCode is quoted: {currency}"
    );
    let Some((service, region)) = param(query, "$filter")
        .map(decode)
        .as_deref()
        .and_then(filter_terms)
    else {
        return respond(
            &mut stream,
            "400 Bad Request",
            "",
            "{\"error\":\"no $filter\"}",
        );
    };
    let skip: usize = param(query, "$skip")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let matching: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i["serviceName"] == service.as_str() && i["armRegionName"] == region.as_str())
        // Like a careless mirror: it ignores currencyCode (the client must notice).
        .collect();
    let page: Vec<&serde_json::Value> = matching
        .iter()
        .skip(skip)
        .take(PAGE_SIZE)
        .copied()
        .collect();
    let next = if skip + PAGE_SIZE < matching.len() {
        // As Microsoft writes it: the whole query again with $skip, filter left readable.
        serde_json::Value::String(format!(
            "{base}?currencyCode={}&$filter={}&$skip={}",
            param(query, "currencyCode").unwrap_or(""),
            param(query, "$filter").unwrap_or(""),
            skip + PAGE_SIZE
        ))
    } else {
        serde_json::Value::Null
    };
    let body = serde_json::json!({
        "BillingCurrency": currency.trim_matches('\''),
        "CustomerEntityId": "Default",
        "CustomerEntityType": "Retail",
        "Items": page,
        "NextPageLink": next,
        "Count": page.len(),
    })
    .to_string();
    respond(&mut stream, "200 OK", "", &body);
}

fn start_fake_api() -> FakeApi {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}/api/retail/prices");
    let items: Vec<serde_json::Value> =
        serde_json::from_str::<serde_json::Value>(ITEMS).unwrap()["Items"]
            .as_array()
            .unwrap()
            .clone();
    let log = Arc::new(Mutex::new(Log::default()));
    let counter = Arc::new(AtomicUsize::new(0));
    {
        let (log, base) = (log.clone(), base.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
                let n = counter.fetch_add(1, Ordering::SeqCst);
                handle(stream.try_clone().unwrap(), &base, &items, &log, n);
                let _ = stream.flush();
                // Let the client read everything before the socket closes.
                let mut sink = [0u8; 64];
                stream
                    .set_read_timeout(Some(Duration::from_millis(10)))
                    .ok();
                let _ = stream.read(&mut sink);
            }
        });
    }
    FakeApi { url: base, log }
}

fn scenario(region: &str, currency: &str) -> Assessment {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/small-azure-ingestion.json"
    ))
    .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["region"] = region.into();
    v["currency"] = currency.into();
    Assessment::parse_json(v.to_string().as_bytes()).unwrap()
}

#[test]
fn refresh_pages_retries_and_prices_a_region_in_its_own_currency() {
    let fake = start_fake_api();
    let mut api = RetailApi::new(&fake.url);
    api.base_delay = Duration::from_millis(20);
    let out = tempfile::tempdir().unwrap();
    let mut log = Vec::new();
    let done = connect_advisor::price_sources::commands::refresh(
        &api,
        &["westeurope".to_owned()],
        &["EUR".to_owned()],
        out.path(),
        &mut |m| log.push(m.to_owned()),
    )
    .unwrap();
    assert_eq!(done.len(), 1);
    let r = &done[0];
    assert_eq!(r.file_name, "westeurope-eur.csv");
    // One 429 and one 500, each retried once.
    assert_eq!(r.retries, 2, "{log:?}");
    // 59 priced items (the DevTest one is skipped; Key Vault's Operations is the 59th) over
    // several pages per service.
    assert_eq!(r.rows, 59, "{log:?}");
    assert!(r.pages > 11, "pagination was followed: {} pages", r.pages);
    let requests = fake.log.lock().unwrap().requests.clone();
    assert!(
        requests.iter().any(|q| q.contains("$skip=4")),
        "{requests:?}"
    );
    assert!(
        requests
            .iter()
            .all(|q| q.contains("currencyCode=%27EUR%27") || q.contains("currencyCode='EUR'")),
        "{requests:?}"
    );
    assert!(
        requests
            .iter()
            .any(|q| q.contains("serviceName%20eq%20%27Event%20Hubs%27")),
        "{requests:?}"
    );
    // No earlier catalog in DIR and no embedded EUR one: it says so.
    assert!(
        log.iter()
            .any(|l| l.contains("westeurope-eur.csv: new catalog (59 rows")),
        "{log:?}"
    );

    // The directory loads as --pricing-dir and prices every Azure line in EUR (the
    // object-storage vendors' own charges are not Azure meters: WarpStream publishes USD,
    // AutoMQ and Redpanda licences are the user's figures).
    let book = PriceBook::load_dir(out.path()).unwrap();
    let a = scenario("westeurope", "EUR");
    let facts = EstateFacts::derive(&a, ConnectorKb::embedded());
    let e = connect_advisor::cost::estimate(&a, &facts, &book);
    assert_eq!(e.currency, "EUR");
    for o in &e.options {
        assert_eq!(
            o.catalog_missing(),
            0,
            "{}: {:?}",
            o.option.label(),
            o.lines
        );
        for l in &o.lines {
            if let Some(pr) = &l.price_ref {
                assert_eq!(pr.catalog, "westeurope-eur.csv", "{l:?}");
                assert_eq!(pr.region, "westeurope", "{l:?}");
            }
        }
    }

    // A second refresh compares with the file it replaces: nothing moved.
    let mut log2 = Vec::new();
    connect_advisor::price_sources::commands::refresh(
        &api,
        &["westeurope".to_owned()],
        &["EUR".to_owned()],
        out.path(),
        &mut |m| log2.push(m.to_owned()),
    )
    .unwrap();
    assert!(
        log2.iter()
            .any(|l| l.contains("0 row(s) added, 0 removed, 0 price(s) changed, 59 unchanged")),
        "{log2:?}"
    );
}

#[test]
fn the_binary_refreshes_then_estimates_and_refuses_unpriced_currencies_with_status_2() {
    let fake = start_fake_api();
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_connect-advisor"))
        .args([
            "pricing",
            "refresh",
            "--region",
            "westeurope",
            "--currency",
            "EUR",
        ])
        .args(["--api-url", &fake.url, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("wrote 59 price rows"), "{err}");
    assert!(out.path().join("westeurope-eur.csv").is_file());

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("eur.json");
    let mut v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/small-azure-ingestion.json"
        ))
        .unwrap(),
    )
    .unwrap();
    v["region"] = "westeurope".into();
    v["currency"] = "EUR".into();
    std::fs::write(&file, v.to_string()).unwrap();

    // With the refreshed catalogs: a report in EUR, status 0.
    let o = Command::new(env!("CARGO_BIN_EXE_connect-advisor"))
        .arg("estimate")
        .arg(&file)
        .args(["--format", "csv", "--pricing-dir"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = String::from_utf8_lossy(&o.stdout);
    assert!(csv.contains("EUR"), "{csv}");
    assert!(!csv.contains(",USD,"), "{csv}");

    // With the embedded (USD) catalogs: status 2 and the command that fixes it.
    let o = Command::new(env!("CARGO_BIN_EXE_connect-advisor"))
        .arg("estimate")
        .arg(&file)
        .env_remove("CONNECT_ADVISOR_PRICING_DIR")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        o.stdout.is_empty(),
        "no report without --allow-missing-prices"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("westeurope / EUR"), "{err}");
    assert!(
        err.contains("connect-advisor pricing refresh --region westeurope --currency EUR"),
        "{err}"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_connect-advisor"))
        .arg("estimate")
        .arg(&file)
        .arg("--allow-missing-prices")
        .env_remove("CONNECT_ADVISOR_PRICING_DIR")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(!o.stdout.is_empty());
}

#[test]
fn an_api_that_answers_in_another_currency_is_refused() {
    let fake = start_fake_api();
    let mut api = RetailApi::new(&fake.url);
    api.base_delay = Duration::from_millis(20);
    // The fake ignores currencyCode and answers in EUR: never relabelled as GBP.
    let e = api
        .refresh("westeurope", "GBP", &["Event Hubs"], &mut |_| {})
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("asked for prices in GBP but the API answered in EUR"),
        "{e}"
    );
    // A region the API has nothing for is an error, not an empty catalog.
    let e = api
        .refresh("northeurope", "EUR", &["Event Hubs"], &mut |_| {})
        .unwrap_err();
    assert!(e.to_string().contains("no importable price items"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_background_refresh_adds_the_regions_in_use_keeps_them_and_marks_them_complete() {
    use connect_advisor::store::{NewAssessment, Store};
    let fake = start_fake_api();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    let book = PriceBook::embedded().unwrap();
    let before = book.pricing_ref().version.clone();
    connect_advisor::web::prices::record(&store, &book, "embedded")
        .await
        .unwrap();
    let state = connect_advisor::web::AppState::new(
        store.clone(),
        connect_advisor::config::Settings::default(),
        book,
    );
    let scenario = scenario("westeurope", "EUR").scenario().clone();
    store
        .create_assessment(NewAssessment {
            scenario: &scenario,
            edit_key_hash: "00",
            author: None,
            pricing_version: Some(&before),
            workspace: None,
        })
        .await
        .unwrap();
    assert!(
        connect_advisor::web::form::region_label("westeurope", "West Europe")
            .ends_with("priced in USD")
    );

    let mut api = RetailApi::new(&fake.url);
    api.base_delay = Duration::from_millis(20);
    let pairs = connect_advisor::web::prices::refresh_once(&state, &api)
        .await
        .unwrap();
    assert_eq!(pairs, [("westeurope".to_owned(), "EUR".to_owned())]);
    let after = state.books.current_version();
    assert_ne!(after, before);
    let current = state.books.current();
    assert!(
        current
            .catalogs()
            .iter()
            .any(|c| c.name == "westeurope-eur.csv")
    );
    // The embedded USD catalog of the region stays: the refresh added a currency.
    assert!(
        current
            .catalogs()
            .iter()
            .any(|c| c.name == "westeurope.csv")
    );
    let stored = store
        .price_book(after)
        .await
        .unwrap()
        .expect("kept in the store");
    assert_eq!(stored.summary.origin, "refresh");
    assert_eq!(state.books.status().successes, 1);
    assert_eq!(
        connect_advisor::web::form::region_label("westeurope", "West Europe"),
        "West Europe (westeurope) — priced in EUR, USD"
    );
    // The revision saved before the refresh still prices with its own book.
    let old = state
        .books
        .for_version(&store, Some(&before))
        .await
        .unwrap();
    assert_eq!(old.pricing_ref().version, before);
}
