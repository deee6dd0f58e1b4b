//! A real browser against the real server: headless Chromium driven through chromedriver.
//!
//! Covers what only a browser shows: the questionnaire's JavaScript row buttons (and the same
//! buttons with JavaScript disabled), errors next to their fields with input kept, the edit
//! link, the report page, and a share link opened in a browser that has no cookies.
//!
//! Needs `chromedriver` (`CHROMEDRIVER`, else `/usr/bin/chromedriver`) and Chromium (`CHROMIUM`,
//! else `/usr/bin/chromium`). The tests are `#[ignore]`d so a plain `cargo test` says it did not
//! run them: `cargo test --test browser -- --include-ignored` runs them (`.ci/run` does), and
//! without the browser they fail saying what is missing. The tests in this file take turns.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail, ensure};
use connect_advisor::config::Settings;
use connect_advisor::pricing::PriceBook;
use connect_advisor::store::Store;
use connect_advisor::web::{AppState, router};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// How long any wait for the page may take.
const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// One browser test at a time: each starts Chromium, and the machine has two cores.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

// ---------------------------------------------------------------------------------------------
// The tests

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: cargo test --test browser -- --include-ignored"]
async fn questionnaire_report_and_share_link_in_a_real_browser() -> anyhow::Result<()> {
    let _turn = TURN.lock().await;
    let tools = BrowserTools::find()?;
    let server = TestServer::start().await?;
    let driver = ChromeDriver::start(&tools.chromedriver)?;

    let owner = driver.session(&tools, true).await?;
    let outcome = owner_journey(&owner, &server).await;
    let outcome = match outcome {
        Ok(journey) => {
            let visitor = driver.session(&tools, true).await?;
            let seen = async {
                visitor_journey(&visitor, &server, &journey).await?;
                revoke_and_see_it_fail(&owner, &visitor, &server, &journey).await
            }
            .await;
            finish(&visitor, seen, "visitor").await
        }
        Err(e) => Err(e),
    };
    finish(&owner, outcome, "owner").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: cargo test --test browser -- --include-ignored"]
async fn connector_rows_work_with_javascript_disabled() -> anyhow::Result<()> {
    let _turn = TURN.lock().await;
    let tools = BrowserTools::find()?;
    let server = TestServer::start().await?;
    let driver = ChromeDriver::start(&tools.chromedriver)?;
    let browser = driver.session(&tools, false).await?;
    let outcome = rows_without_javascript(&browser, &server).await;
    finish(&browser, outcome, "no-javascript").await
}

/// What the owner's journey leaves for the visitor.
struct Journey {
    id: String,
    share_url: String,
    recommendation: String,
}

/// New assessment with JavaScript on: rows, a validation error, save, report, share link.
async fn owner_journey(b: &Client, server: &TestServer) -> anyhow::Result<Journey> {
    b.goto(&server.url("/assessments/new")).await?;
    wait_for_element(b, "#f-name").await?;

    fill(b, "#f-name", "Browser estate").await?;
    fill(b, "#f-workload-write_mb_per_s", "12").await?;
    fill(b, "#f-workload-topics", "4").await?;
    fill(b, "#f-workload-partitions", "16").await?;
    fill(b, "#f-connectors-0--name", "orders-cdc").await?;
    fill(
        b,
        "#f-connectors-0--class",
        "io.debezium.connector.postgresql.PostgresConnector",
    )
    .await?;

    // Add two rows with the script (no round trip), type into them, remove the middle one.
    click(b, "button[data-add-row]").await?;
    wait_for_element(b, "#f-connectors-1--name").await?;
    fill(b, "#f-connectors-1--name", "to-be-removed").await?;
    click(b, "button[data-add-row]").await?;
    wait_for_element(b, "#f-connectors-2--name").await?;
    fill(b, "#f-connectors-2--name", "billing-sink").await?;
    fill(
        b,
        "#f-connectors-2--class",
        "com.azure.cosmos.kafka.connect.CosmosSinkConnector",
    )
    .await?;
    click_remove_of_row(b, "f-connectors-1--name").await?;
    wait_until(b, "the removed row to disappear", || async {
        Ok(b.find_all(Locator::Css("#f-connectors-1--name"))
            .await?
            .is_empty()
            .then_some(()))
    })
    .await?;
    ensure!(
        path_of(b).await? == "/assessments/new",
        "with JavaScript on, adding and removing rows must not submit the form (now at {})",
        b.current_url().await?
    );
    ensure!(count(b, "#connector-rows tr[data-row]").await? == 2);
    ensure!(value(b, "#f-connectors-0--name").await? == "orders-cdc");
    ensure!(value(b, "#f-connectors-2--name").await? == "billing-sink");
    ensure!(value(b, "#f-name").await? == "Browser estate");
    let numbers = texts(b, "#connector-rows tr[data-row] > th").await?;
    ensure!(
        numbers == ["1", "2"],
        "rows are renumbered after a removal: {numbers:?}"
    );

    // Invalid answers: the page comes back with errors next to the fields and input kept.
    fill(b, "#f-workload-retention_hours", "a week").await?;
    fill(b, "#f-workload-partitions", "2").await?;
    click(b, ".form-actions button[value=save]").await?;
    let error = wait_for_text(b, "#f-workload-retention_hours-error").await?;
    ensure!(error.contains("not a whole number"), "{error}");
    let error = wait_for_text(b, "#f-workload-partitions-error").await?;
    ensure!(error.contains("at least the number of topics"), "{error}");
    ensure!(value(b, "#f-workload-retention_hours").await? == "a week");
    ensure!(value(b, "#f-workload-partitions").await? == "2");
    ensure!(value(b, "#f-name").await? == "Browser estate");
    ensure!(value(b, "#f-workload-write_mb_per_s").await? == "12");
    let mut names = values(b, "#connector-rows input[name$='].name']").await?;
    names.sort();
    ensure!(
        names == ["billing-sink", "orders-cdc"],
        "connector rows kept after the error: {names:?}"
    );
    let aria = b
        .find(Locator::Css("#f-workload-retention_hours"))
        .await?
        .attr("aria-describedby")
        .await?
        .unwrap_or_default();
    ensure!(
        aria.contains("f-workload-retention_hours-error"),
        "the error is announced with its field: {aria}"
    );
    ensure!(
        wait_for_text(b, "#error-summary")
            .await?
            .contains("2 answers need attention")
    );

    // Fix and save: the created page shows the edit link once.
    fill(b, "#f-workload-retention_hours", "168").await?;
    fill(b, "#f-workload-partitions", "16").await?;
    click(b, ".form-actions button[value=save]").await?;
    let edit_link = wait_until(b, "the edit link", || async {
        match b.find_all(Locator::Css("#edit-link")).await?.first() {
            Some(e) => Ok(e.prop("value").await?.filter(|v| !v.is_empty())),
            None => Ok(None),
        }
    })
    .await?;
    let id = edit_link
        .split("/assessments/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .filter(|id| id.len() == 36)
        .ok_or_else(|| anyhow!("no assessment id in the edit link {edit_link}"))?
        .to_owned();
    ensure!(
        edit_link.contains(&format!("/assessments/{id}/edit?key=")),
        "{edit_link}"
    );

    // This browser holds the edit key: the edit form opens with what was saved.
    b.goto(&server.url(&format!("/assessments/{id}/edit")))
        .await?;
    wait_for_element(b, "#f-name").await?;
    ensure!(value(b, "#f-name").await? == "Browser estate");
    ensure!(value(b, "#f-workload-retention_hours").await? == "168");
    ensure!(count(b, "#connector-rows tr[data-row]").await? == 2);

    // The report: a recommendation, and charts when the report has them.
    b.goto(&server.url(&format!("/assessments/{id}/report")))
        .await?;
    let recommendation = wait_for_text(b, "#rec-title").await?;
    ensure!(!recommendation.trim().is_empty(), "empty recommendation");
    check_charts(b).await?;

    // A share link from the assessment page.
    b.goto(&server.url(&format!("/assessments/{id}"))).await?;
    wait_for_element(b, "#shares form.share-form").await?;
    fill(b, "#share-label", "architecture board").await?;
    click(b, "#shares form.share-form button[type=submit]").await?;
    let share = wait_until(b, "the share link", || async {
        match b.find_all(Locator::Css("#share-link")).await?.first() {
            Some(e) => Ok(e.prop("value").await?.filter(|v| !v.is_empty())),
            None => Ok(None),
        }
    })
    .await?;
    ensure!(share.contains("/r/"), "share link {share}");
    let share_url = if share.starts_with('/') {
        server.url(&share)
    } else {
        share
    };
    Ok(Journey {
        id,
        share_url,
        recommendation,
    })
}

/// A browser without cookies opens the share link: it reads, and cannot change anything.
async fn visitor_journey(b: &Client, server: &TestServer, j: &Journey) -> anyhow::Result<()> {
    ensure!(
        b.get_all_cookies().await?.is_empty(),
        "a fresh session has no cookies"
    );
    b.goto(&j.share_url).await?;
    let rec = wait_for_text(b, "#rec-title").await?;
    ensure!(
        rec == j.recommendation,
        "shared report shows {rec:?}, owner saw {:?}",
        j.recommendation
    );
    check_charts(b).await?;
    ensure!(
        count(b, "form").await? == 0,
        "the shared report has no forms"
    );
    ensure!(
        count(b, "a[href*='/edit'], a[href*='/import']").await? == 0,
        "the shared report has no edit links"
    );
    ensure!(count(b, "button[type=submit]").await? == 0);

    // The API refuses a save without a key, and with the share token as a key.
    let token = j
        .share_url
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let api = format!("/api/assessments/{}", j.id);
    let status = fetch_status(b, "PUT", &api, None).await?;
    ensure!(status == 401, "PUT without a key answered {status}");
    let status = fetch_status(b, "PUT", &api, Some(&token)).await?;
    ensure!(status == 403, "PUT with the share token answered {status}");

    // Beyond the share link, the assessment does not exist for this browser: not its edit
    // page, not its overview, report address or exports.
    let edit = format!("/assessments/{}/edit", j.id);
    for path in [
        edit.clone(),
        format!("/assessments/{}", j.id),
        format!("/assessments/{}/report", j.id),
        format!("/api/assessments/{}/report.csv", j.id),
    ] {
        let status = fetch_status(b, "GET", &path, None).await?;
        ensure!(status == 404, "GET {path} answered {status}");
    }
    b.goto(&server.url(&edit)).await?;
    let code = wait_for_text(b, ".error-page .status-code").await?;
    ensure!(code.trim() == "404", "the edit page shows {code}");
    ensure!(count(b, "form.questionnaire").await? == 0);
    // Nor does it appear in this browser's list.
    b.goto(&server.url("/")).await?;
    wait_for_element(b, "h1").await?;
    ensure!(
        count(b, &format!("a[href*='{}']", j.id)).await? == 0,
        "the visitor's list shows the owner's assessment"
    );
    Ok(())
}

/// The owner revokes the link on the assessment page; the visitor's next visit fails.
async fn revoke_and_see_it_fail(
    owner: &Client,
    visitor: &Client,
    server: &TestServer,
    j: &Journey,
) -> anyhow::Result<()> {
    owner
        .goto(&server.url(&format!("/assessments/{}", j.id)))
        .await?;
    click(owner, "#shares form.inline button[type=submit]").await?;
    wait_until(owner, "the revoked link in the list", || async {
        let rows = texts(owner, "#shares tbody tr").await?;
        Ok(rows.iter().any(|r| r.contains("revoked")).then_some(()))
    })
    .await?;
    visitor.goto(&j.share_url).await?;
    let code = wait_for_text(visitor, ".error-page .status-code").await?;
    ensure!(code.trim() == "410", "the revoked link shows {code}");
    ensure!(
        count(visitor, "#rec-title").await? == 0,
        "the report is still shown"
    );
    Ok(())
}

/// With JavaScript off, the same buttons submit the form and the server adds and removes rows.
async fn rows_without_javascript(b: &Client, server: &TestServer) -> anyhow::Result<()> {
    b.goto(&server.url("/assessments/new")).await?;
    wait_for_element(b, "#f-name").await?;
    fill(b, "#f-name", "No-script estate").await?;
    fill(b, "#f-workload-write_mb_per_s", "3").await?;
    fill(b, "#f-workload-topics", "2").await?;
    fill(b, "#f-workload-partitions", "6").await?;
    fill(b, "#f-connectors-0--name", "first").await?;
    fill(
        b,
        "#f-connectors-0--class",
        "io.debezium.connector.postgresql.PostgresConnector",
    )
    .await?;

    click(b, "button[data-add-row]").await?;
    wait_for_element(b, "#f-connectors-1--name").await?;
    // The row came from the server: the form was posted, so the script did not run.
    ensure!(
        path_of(b).await? == "/assessments",
        "JavaScript is not disabled: Add connector did not submit (at {})",
        b.current_url().await?
    );
    ensure!(value(b, "#f-name").await? == "No-script estate");
    ensure!(value(b, "#f-connectors-0--name").await? == "first");
    fill(b, "#f-connectors-1--name", "second").await?;
    fill(
        b,
        "#f-connectors-1--class",
        "com.azure.cosmos.kafka.connect.CosmosSinkConnector",
    )
    .await?;

    click_remove_of_row(b, "f-connectors-0--name").await?;
    wait_until(b, "the first row to be removed by the server", || async {
        let rows = b
            .find_all(Locator::Css("#connector-rows tr[data-row]"))
            .await?;
        if rows.len() != 1 {
            return Ok(None);
        }
        let v = value(b, "#f-connectors-0--name").await?;
        Ok((v == "second").then_some(()))
    })
    .await?;
    ensure!(value(b, "#f-name").await? == "No-script estate");
    ensure!(
        value(b, "#f-connectors-0--class").await?
            == "com.azure.cosmos.kafka.connect.CosmosSinkConnector"
    );

    // And saving works without JavaScript too.
    click(b, ".form-actions button[value=save]").await?;
    wait_for_element(b, "#edit-link").await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Page helpers

/// The report shows its four charts, each `figure.chart` holding an inline SVG.
async fn check_charts(b: &Client) -> anyhow::Result<()> {
    let figures = count(b, "figure.chart").await?;
    ensure!(
        figures == 4,
        "the report shows {figures} figure.chart, not 4"
    );
    let svgs = count(b, "figure.chart svg").await?;
    ensure!(
        svgs == figures,
        "{figures} figure.chart element(s) but {svgs} <svg>"
    );
    Ok(())
}

async fn fill(b: &Client, css: &str, text: &str) -> anyhow::Result<()> {
    let e = wait_for_element(b, css).await?;
    e.clear().await.with_context(|| format!("clear {css}"))?;
    e.send_keys(text)
        .await
        .with_context(|| format!("type into {css}"))?;
    let got = e.prop("value").await?.unwrap_or_default();
    ensure!(got == text, "{css} holds {got:?} after typing {text:?}");
    Ok(())
}

async fn click(b: &Client, css: &str) -> anyhow::Result<()> {
    let e = wait_for_element(b, css).await?;
    e.click().await.with_context(|| format!("click {css}"))?;
    Ok(())
}

/// Click the Remove button of the row holding the input with id `input_id`.
async fn click_remove_of_row(b: &Client, input_id: &str) -> anyhow::Result<()> {
    let xpath = format!("//tr[.//input[@id='{input_id}']]//button[@data-remove-row]");
    b.find(Locator::XPath(&xpath))
        .await
        .with_context(|| format!("the Remove button of the row of #{input_id}"))?
        .click()
        .await?;
    Ok(())
}

async fn value(b: &Client, css: &str) -> anyhow::Result<String> {
    let e = b
        .find(Locator::Css(css))
        .await
        .with_context(|| css.to_owned())?;
    Ok(e.prop("value").await?.unwrap_or_default())
}

async fn values(b: &Client, css: &str) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for e in b.find_all(Locator::Css(css)).await? {
        out.push(e.prop("value").await?.unwrap_or_default());
    }
    Ok(out)
}

async fn texts(b: &Client, css: &str) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for e in b.find_all(Locator::Css(css)).await? {
        out.push(e.text().await?.trim().to_owned());
    }
    Ok(out)
}

async fn count(b: &Client, css: &str) -> anyhow::Result<usize> {
    Ok(b.find_all(Locator::Css(css)).await?.len())
}

async fn path_of(b: &Client) -> anyhow::Result<String> {
    Ok(b.current_url().await?.path().to_owned())
}

async fn wait_for_element(b: &Client, css: &str) -> anyhow::Result<Element> {
    wait_until(b, css, || async {
        Ok(b.find_all(Locator::Css(css)).await?.into_iter().next())
    })
    .await
}

/// The text of the first element matching `css`, once it exists and is not blank.
async fn wait_for_text(b: &Client, css: &str) -> anyhow::Result<String> {
    wait_until(b, css, || async {
        match b.find_all(Locator::Css(css)).await?.first() {
            Some(e) => Ok(Some(e.text().await?).filter(|t| !t.trim().is_empty())),
            None => Ok(None),
        }
    })
    .await
}

/// Poll `check` until it yields a value, for at most [`WAIT`]. Errors while polling (a page
/// being replaced, a stale element) count as "not yet"; the last one is reported on time-out.
async fn wait_until<T, F, Fut>(b: &Client, what: &str, mut check: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<Option<T>>>,
{
    let start = Instant::now();
    let mut last_error = None;
    loop {
        match check().await {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(e) => last_error = Some(e),
        }
        if start.elapsed() > WAIT {
            let url = b
                .current_url()
                .await
                .map_or_else(|e| format!("? ({e})"), |u| u.to_string());
            let why = last_error.map_or_else(String::new, |e| format!(" (last error: {e:#})"));
            bail!("timed out after {WAIT:?} waiting for {what} on {url}{why}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The HTTP status of a same-origin `fetch` made by the page, with this browser's cookies.
async fn fetch_status(
    b: &Client,
    method: &str,
    path: &str,
    bearer: Option<&str>,
) -> anyhow::Result<u16> {
    let script = r#"
        const [method, path, bearer, done] = arguments;
        const headers = { "content-type": "application/json" };
        if (bearer) { headers["authorization"] = "Bearer " + bearer; headers["if-match"] = "1"; }
        const init = { method, headers, credentials: "same-origin" };
        if (method !== "GET") { init.body = "{}"; }
        fetch(path, init).then(r => done(r.status), e => done("error: " + e));
    "#;
    // The driver appends the callback (`done`) to these arguments.
    let args = vec![json!(method), json!(path), json!(bearer)];
    let v = b.execute_async(script, args).await?;
    v.as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .ok_or_else(|| anyhow!("fetch {method} {path} failed: {v}"))
}

/// Close the session whatever happened; on failure keep a screenshot and the page source.
async fn finish(b: &Client, outcome: anyhow::Result<()>, name: &str) -> anyhow::Result<()> {
    if let Err(e) = &outcome {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        if let Ok(png) = b.screenshot().await {
            let _ = std::fs::write(dir.join(format!("browser-{name}.png")), png);
        }
        if let Ok(html) = b.source().await {
            let _ = std::fs::write(dir.join(format!("browser-{name}.html")), html);
        }
        eprintln!(
            "browser test ({name}) failed: {e:#}\nscreenshot and page source: {}/browser-{name}.*",
            dir.display()
        );
    }
    let closed = b.clone().close().await;
    outcome?;
    closed.context("closing the WebDriver session")?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The server, chromedriver and Chromium

/// The real router on a loopback port, over a fresh SQLite file.
struct TestServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    async fn start() -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}", dir.path().join("browser.db").display());
        let store = Store::connect(&url).await?;
        let app = router(AppState::new(
            store,
            Settings::default(),
            PriceBook::embedded()?,
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            addr,
            task,
            _dir: dir,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct BrowserTools {
    chromedriver: PathBuf,
    chromium: PathBuf,
}

impl BrowserTools {
    /// The driver and browser; an error naming whatever is missing.
    fn find() -> anyhow::Result<Self> {
        let chromedriver = std::env::var_os("CHROMEDRIVER")
            .map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from);
        let chromium = std::env::var_os("CHROMIUM").map_or_else(
            || {
                ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
                    .iter()
                    .map(PathBuf::from)
                    .find(|p| p.exists())
                    .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
            },
            PathBuf::from,
        );
        let missing: Vec<String> = [chromedriver.as_path(), chromium.as_path()]
            .into_iter()
            .filter(|p| !p.exists())
            .map(|p| p.display().to_string())
            .collect();
        ensure!(
            missing.is_empty(),
            "{} not found: install Chromium and its driver (Debian: apt-get install chromium \
             chromium-driver) or set CHROMEDRIVER and CHROMIUM",
            missing.join(", ")
        );
        Ok(Self {
            chromedriver,
            chromium,
        })
    }
}

/// A chromedriver process on a port it picked itself; killed when dropped.
struct ChromeDriver {
    child: Child,
    url: String,
    profiles: std::sync::Mutex<Vec<tempfile::TempDir>>,
}

impl ChromeDriver {
    fn start(path: &Path) -> anyhow::Result<Self> {
        let mut child = Command::new(path)
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {}", path.display()))?;
        let stdout = child.stdout.take().context("chromedriver stdout")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keep reading so chromedriver never blocks on a full pipe.
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // "ChromeDriver was started successfully on port 40123."
                if !sent
                    && let Some(port) = line
                        .split("started successfully on port ")
                        .nth(1)
                        .and_then(|p| p.trim().trim_end_matches('.').parse::<u16>().ok())
                {
                    let _ = tx.send(port);
                    sent = true;
                }
            }
        });
        let mut driver = Self {
            child,
            url: String::new(),
            profiles: std::sync::Mutex::default(),
        };
        let port = rx
            .recv_timeout(WAIT)
            .context("chromedriver did not report its port")?;
        driver.url = format!("http://127.0.0.1:{port}");
        Ok(driver)
    }

    /// A new browser session with a fresh profile (so no cookies), JavaScript on or off.
    async fn session(&self, tools: &BrowserTools, javascript: bool) -> anyhow::Result<Client> {
        let profile = tempfile::tempdir()?;
        let mut chrome = json!({
            "binary": tools.chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--window-size=1280,1024",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        if !javascript {
            chrome["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), chrome);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .with_context(|| format!("cannot open a Chromium session through {}", self.url))?;
        // Keep the profile directory until the driver (and so the browser) is gone.
        self.profiles
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(profile);
        Ok(client)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
