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

/// Team sign-in in a real browser, against the test OpenID Connect provider: sign in, create a
/// workspace, create and share an assessment (it goes into the workspace), open the share link
/// in a fresh profile, revoke it, see it fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, chromedriver, node and `npm ci` in tests/oidc-provider"]
async fn signed_in_member_shares_and_revokes_in_a_real_browser() -> anyhow::Result<()> {
    let _turn = TURN.lock().await;
    let tools = BrowserTools::find()?;
    let server = TestServer::start_with_sign_in().await?;
    let driver = ChromeDriver::start(&tools.chromedriver)?;

    let owner = driver.session(&tools, true).await?;
    let outcome = async {
        sign_in_and_create_a_workspace(&owner, &server).await?;
        let journey = owner_journey(&owner, &server).await?;
        // The assessment was created in the owner's workspace.
        owner.goto(&server.url("/workspaces")).await?;
        click(&owner, "table.data a").await?;
        wait_until(&owner, "the assessment in the workspace", || async {
            Ok(texts(&owner, "main li a")
                .await?
                .iter()
                .any(|t| t == "Browser estate")
                .then_some(()))
        })
        .await?;
        let visitor = driver.session(&tools, true).await?;
        let seen = async {
            visitor_journey(&visitor, &server, &journey).await?;
            revoke_and_see_it_fail(&owner, &visitor, &server, &journey).await
        }
        .await;
        finish(&visitor, seen, "visitor").await
    }
    .await;
    finish(&owner, outcome, "owner").await
}

/// Sign in as alice on the test provider's page, then create a workspace with the form.
async fn sign_in_and_create_a_workspace(b: &Client, server: &TestServer) -> anyhow::Result<()> {
    b.goto(&server.url("/")).await?;
    click(b, "header.site a[href='/auth/sign-in']").await?;
    // The provider's page: pick the account.
    click(b, "#user-alice").await?;
    let who = wait_for_text(b, "header.site .signed-in").await?;
    ensure!(who.contains("Signed in as alice@example.com"), "{who}");
    b.goto(&server.url("/workspaces")).await?;
    fill(b, "#ws-name", "Platform team").await?;
    click(b, "form.panel button[type=submit]").await?;
    let title = wait_for_text(b, "main h1").await?;
    ensure!(title == "Platform team", "workspace page: {title}");
    Ok(())
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

/// Issue 16, with JavaScript: both widths, every check below.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: cargo test --test browser -- --include-ignored"]
async fn phones_keyboards_numbers_errors_and_imports_with_javascript() -> anyhow::Result<()> {
    people_use_it(true).await
}

/// Issue 16, with JavaScript off: the same checks, minus what only a script does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: cargo test --test browser -- --include-ignored"]
async fn phones_keyboards_numbers_errors_and_imports_without_javascript() -> anyhow::Result<()> {
    people_use_it(false).await
}

async fn people_use_it(javascript: bool) -> anyhow::Result<()> {
    let _turn = TURN.lock().await;
    let tools = BrowserTools::find()?;
    let server = TestServer::start().await?;
    let driver = ChromeDriver::start(&tools.chromedriver)?;
    let browser = driver.session(&tools, javascript).await?;
    let name = if javascript {
        "people-js"
    } else {
        "people-nojs"
    };
    let outcome = async {
        for (width, height) in [(1366, 900), (390, 844)] {
            viewport(&browser, width, height).await?;
            form_as_people_use_it(&browser, &server, javascript, width).await?;
        }
        import_keeps_unlisted_fields(&browser, &server).await
    }
    .await;
    finish(&browser, outcome, name).await
}

/// Resize the window so the page's viewport is `width` × `height` CSS pixels.
async fn viewport(b: &Client, width: u32, height: u32) -> anyhow::Result<()> {
    b.set_window_size(width, height).await?;
    let (w, h) = inner_size(b).await?;
    // Headless windows may count a frame: grow by the difference once.
    if (w, h) != (width, height) {
        b.set_window_size(2 * width - w, 2 * height - h).await?;
    }
    let got = inner_size(b).await?;
    ensure!(
        got == (width, height),
        "viewport is {got:?}, wanted {width}×{height}"
    );
    Ok(())
}

async fn inner_size(b: &Client) -> anyhow::Result<(u32, u32)> {
    let v = b
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await?;
    let n = |i: usize| {
        v[i].as_u64()
            .and_then(|x| u32::try_from(x).ok())
            .unwrap_or(0)
    };
    Ok((n(0), n(1)))
}

/// The page must not scroll sideways: wide tables and charts scroll inside their own boxes.
async fn no_horizontal_overflow(b: &Client, page: &str, width: u32) -> anyhow::Result<()> {
    let v = b
        .execute(
            "const d = document.documentElement; \
             const wide = [...document.querySelectorAll('body *')].filter(e => { \
               const r = e.getBoundingClientRect(); return r.right > d.clientWidth + 1 && \
               !(e.parentElement && e.parentElement.closest('.table-scroll, figure.chart, table.data, .sr-only, template')); }) \
               .slice(0, 3).map(e => { let c = Math.round(e.getBoundingClientRect().right) + ' px: '; \
                 for (let x = e; x && x !== document.body; x = x.parentElement) \
                   c += '<' + x.tagName.toLowerCase() + (x.id ? '#' + x.id : '') + \
                     (x.className && x.className.baseVal === undefined ? '.' + x.className : ''); \
                 return c; }); \
             return [d.scrollWidth, d.clientWidth, wide];",
            vec![],
        )
        .await?;
    let (scroll, client) = (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0));
    ensure!(
        scroll <= client,
        "{page} at {width} px lays out {scroll} px wide in a {client} px viewport; widest: {}",
        v[2]
    );
    Ok(())
}

/// Tab through the form: no focused element may sit under the sticky save bar.
async fn focus_never_under_the_save_bar(b: &Client, width: u32) -> anyhow::Result<()> {
    b.execute("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); document.querySelector('h1').setAttribute('tabindex','-1'); document.querySelector('h1').focus();", vec![]).await?;
    let mut checked = 0;
    for _ in 0..400 {
        b.active_element().await?.send_keys("\u{e004}").await?;
        let v = b
            .execute(
                "const a = document.activeElement; const bar = document.querySelector('.form-actions'); \
                 if (!a || !bar || a === document.body) return null; \
                 if (bar.contains(a)) return ['bar']; \
                 if (!a.closest('form.questionnaire')) return ['out']; \
                 const r = a.getBoundingClientRect(); const t = bar.getBoundingClientRect(); \
                 if (r.width === 0 && r.height === 0) return ['hidden']; \
                 return [a.id || a.name || a.tagName, r.top, r.bottom, t.top, window.innerHeight];",
                vec![],
            )
            .await?;
        let Some(list) = v.as_array() else { continue };
        match list.first().and_then(|x| x.as_str()) {
            Some("bar") => break,
            Some("out" | "hidden") | None => {}
            Some(id) => {
                let f = |i: usize| {
                    list.get(i)
                        .and_then(serde_json::Value::as_f64)
                        .unwrap_or(0.0)
                };
                let (top, bottom, bar_top, vh) = (f(1), f(2), f(3), f(4));
                ensure!(
                    bottom <= bar_top + 0.5 && top >= 0.0 && bottom <= vh,
                    "at {width} px, focused #{id} spans {top:.0}–{bottom:.0} px but the save bar starts at {bar_top:.0} px"
                );
                checked += 1;
            }
        }
    }
    ensure!(
        checked > 40,
        "only {checked} fields were reached by Tab at {width} px"
    );
    Ok(())
}

/// Click after scrolling the element to the middle of the screen: chromedriver scrolls it
/// to the bottom edge, under the sticky bar, which a person scrolling would not do.
async fn click_centred(b: &Client, css: &str) -> anyhow::Result<()> {
    let e = wait_for_element(b, css).await?;
    b.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&e)?],
    )
    .await?;
    e.click().await.with_context(|| format!("click {css}"))?;
    Ok(())
}

async fn screenshot(b: &Client, name: &str) -> anyhow::Result<()> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), b.screenshot().await?)?;
    Ok(())
}

async fn form_as_people_use_it(
    b: &Client,
    server: &TestServer,
    javascript: bool,
    width: u32,
) -> anyhow::Result<()> {
    let tag = format!("{}-{width}", if javascript { "js" } else { "nojs" });
    b.goto(&server.url("/assessments/new")).await?;
    wait_for_element(b, "#f-name").await?;
    no_horizontal_overflow(b, "the empty form", width).await?;

    // One submit shows every problem: blank name and throughput, partitions below topics,
    // zero tasks, a unit typed into a count, and an ambiguous comma.
    fill(b, "#f-workload-topics", "8").await?;
    fill(b, "#f-workload-partitions", "4").await?;
    fill(b, "#f-workload-retention_hours", "7 days").await?;
    fill(b, "#f-workload-read_fanout", "1,5").await?;
    fill(b, "#f-network-vnet_peering_gb_per_month", "1,500").await?;
    fill(b, "#f-connectors-0--name", "orders-cdc").await?;
    fill(
        b,
        "#f-connectors-0--class",
        "io.debezium.connector.mysql.MySqlConnector",
    )
    .await?;
    fill(b, "#f-connectors-0--tasks", "0").await?;
    click(b, ".form-actions button[value=save]").await?;
    let summary = wait_for_text(b, "#error-summary").await?;
    for field in [
        "f-name",
        "f-workload-write_mb_per_s",
        "f-workload-retention_hours",
        "f-workload-partitions",
        "f-network-vnet_peering_gb_per_month",
        "f-connectors-0--tasks",
    ] {
        ensure!(
            count(b, &format!("#error-summary a[href='#{field}']")).await? == 1,
            "one submit must report #{field}: {summary}"
        );
    }
    for serde_word in ["missing field", "4294967295", "invalid type"] {
        ensure!(!summary.contains(serde_word), "{summary}");
    }
    // Every link lands on the element with that id.
    let hrefs: Vec<String> = {
        let mut out = Vec::new();
        for a in b.find_all(Locator::Css("#error-summary a")).await? {
            out.push(a.attr("href").await?.unwrap_or_default());
        }
        out
    };
    for href in &hrefs {
        ensure!(
            count(b, href).await? == 1,
            "summary link {href} has no target"
        );
    }
    // A comma is never scaled: 1,5 reads as 1.5; 1,500 is refused with both readings.
    let reading = wait_for_text(b, "#f-workload-read_fanout-reading").await?;
    ensure!(reading == "Read as 1.5 consumer groups", "{reading}");
    let refused = wait_for_text(b, "#f-network-vnet_peering_gb_per_month-error").await?;
    ensure!(refused.contains("could mean 1,500 or 1.5"), "{refused}");
    ensure!(
        value(b, "#f-workload-read_fanout").await? == "1,5",
        "input kept"
    );
    let retention = wait_for_text(b, "#f-workload-retention_hours-error").await?;
    ensure!(
        retention.contains("between 1 and 87,600 hours"),
        "the allowed range with its unit: {retention}"
    );
    no_horizontal_overflow(b, "the form with errors", width).await?;
    screenshot(b, &format!("form-errors-{tag}")).await?;

    if javascript {
        // A summary link focuses its field; editing the field clears its error.
        b.find(Locator::Css(
            "#error-summary a[href='#f-workload-partitions']",
        ))
        .await?
        .click()
        .await?;
        let focused = b
            .active_element()
            .await?
            .attr("id")
            .await?
            .unwrap_or_default();
        ensure!(
            focused == "f-workload-partitions",
            "focus went to {focused:?}"
        );
        fill(b, "#f-workload-partitions", "16").await?;
        ensure!(
            count(b, "#f-workload-partitions-error").await? == 0,
            "the error stays after editing its field"
        );
        ensure!(count(b, "#error-summary a[href='#f-workload-partitions']").await? == 0);
    }
    focus_never_under_the_save_bar(b, width).await?;

    // Fix everything and save; the stored figure is the one read.
    fill(b, "#f-name", &format!("People {tag}")).await?;
    fill(b, "#f-workload-write_mb_per_s", "1 500").await?;
    fill(b, "#f-workload-partitions", "16").await?;
    fill(b, "#f-workload-retention_hours", "168").await?;
    fill(b, "#f-network-vnet_peering_gb_per_month", "1500").await?;
    fill(b, "#f-connectors-0--tasks", "1").await?;
    click(b, ".form-actions button[value=save]").await?;
    let edit_link = wait_until(b, "the edit link", || async {
        match b.find_all(Locator::Css("#edit-link")).await?.first() {
            Some(e) => Ok(e.prop("value").await?.filter(|v| !v.is_empty())),
            None => Ok(None),
        }
    })
    .await?;
    ensure!(
        edit_link.starts_with("http://127.0.0.1:"),
        "the edit link is absolute: {edit_link}"
    );
    let copy = count(b, "button[data-copy=edit-link]:not([hidden])").await?;
    ensure!(
        copy == usize::from(javascript),
        "copy button shown only with a script"
    );
    let id = edit_link
        .split("/assessments/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .ok_or_else(|| anyhow!("no id in {edit_link}"))?
        .to_owned();
    b.goto(&server.url(&format!("/assessments/{id}/edit")))
        .await?;
    wait_for_element(b, "#f-name").await?;
    ensure!(value(b, "#f-workload-write_mb_per_s").await? == "1500");
    ensure!(value(b, "#f-workload-read_fanout").await? == "1.5");
    screenshot(b, &format!("form-{tag}")).await?;
    b.execute(
        "document.getElementById('connectors').scrollIntoView();",
        vec![],
    )
    .await?;
    screenshot(b, &format!("form-connectors-{tag}")).await?;

    b.goto(&server.url(&format!("/assessments/{id}/report")))
        .await?;
    wait_for_text(b, "#rec-title").await?;
    let quality = wait_for_text(b, "#catalog-quality").await?;
    ensure!(
        quality.contains("East US (eastus) · USD · catalog dated ")
            && quality.contains("rated low-confidence"),
        "catalog-quality line under the header: {quality}"
    );
    no_horizontal_overflow(b, "the report", width).await?;
    screenshot(b, &format!("report-{tag}")).await?;
    for part in ["verdicts", "charts", "options", "pricing"] {
        b.execute(
            &format!("document.getElementById('{part}').scrollIntoView();"),
            vec![],
        )
        .await?;
        screenshot(b, &format!("report-{part}-{tag}")).await?;
    }
    if width < 500 {
        // Charts keep a readable scale: their text is not shrunk below 8 px.
        let smallest = b
            .execute(
                "let m = 1e9; document.querySelectorAll('figure.chart svg text').forEach(t => { \
                   const h = t.getBoundingClientRect().height; if (h > 0) m = Math.min(m, h); }); \
                 return m;",
                vec![],
            )
            .await?
            .as_f64()
            .unwrap_or(0.0);
        ensure!(
            smallest >= 7.0,
            "chart text is {smallest:.1} px high at {width} px"
        );
    }
    Ok(())
}

/// An overwrite through the import pages keeps what the listing does not carry.
async fn import_keeps_unlisted_fields(b: &Client, server: &TestServer) -> anyhow::Result<()> {
    b.goto(&server.url("/assessments/new")).await?;
    wait_for_element(b, "#f-name").await?;
    fill(b, "#f-name", "Import estate").await?;
    fill(b, "#f-workload-write_mb_per_s", "4").await?;
    fill(b, "#f-workload-topics", "2").await?;
    fill(b, "#f-workload-partitions", "6").await?;
    fill(b, "#f-connectors-0--name", "erp-cdc").await?;
    fill(
        b,
        "#f-connectors-0--class",
        "io.debezium.connector.sqlserver.SqlServerConnector",
    )
    .await?;
    fill(b, "#f-connectors-0--mb_per_s", "2.5").await?;
    b.find(Locator::Css(
        "#f-connectors-0--system_location option[value=on_premises]",
    ))
    .await?
    .click()
    .await?;
    click_centred(b, "#f-connectors-0--exactly_once").await?;
    click_centred(b, ".form-actions button[value=save]").await?;
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
        .ok_or_else(|| anyhow!("no id in {edit_link}"))?
        .to_owned();
    b.goto(&server.url(&format!("/assessments/{id}/import")))
        .await?;
    let csv = "name,class,direction,tasks\nerp-cdc,io.debezium.connector.sqlserver.SqlServerConnector,source,3\n";
    fill(b, "textarea[name=content]", csv).await?;
    click_centred(b, "#overwrite").await?;
    click_centred(b, "form.import-form button[type=submit]").await?;
    wait_for_element(b, "form.import-preview").await?;
    no_horizontal_overflow(b, "the import preview", 390).await?;
    screenshot(b, "import-preview-390").await?;
    let changes = wait_for_text(b, "#changes-0").await?;
    ensure!(
        changes.contains("tasks: 1 → 3") && !changes.contains("system_location"),
        "the preview shows old → new for what changes only: {changes}"
    );
    ensure!(count(b, "#outcome-before").await? == 1 && count(b, "#outcome-after").await? == 1);
    click_centred(b, "form.import-preview .form-actions button[value=confirm]").await?;
    wait_until(b, "the saved assessment", || async {
        Ok(b.current_url()
            .await?
            .query()
            .is_some_and(|q| q.contains("saved="))
            .then_some(()))
    })
    .await?;
    b.goto(&server.url(&format!("/assessments/{id}/edit")))
        .await?;
    wait_for_element(b, "#f-name").await?;
    ensure!(value(b, "#f-connectors-0--system_location").await? == "on_premises");
    ensure!(value(b, "#f-connectors-0--mb_per_s").await? == "2.5");
    ensure!(value(b, "#f-connectors-0--tasks").await? == "3");
    let eos = b
        .find(Locator::Css("#f-connectors-0--exactly_once"))
        .await?
        .prop("checked")
        .await?;
    ensure!(eos.as_deref() == Some("true"), "exactly-once kept: {eos:?}");
    Ok(())
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
    ensure!(error.contains("is not a number"), "{error}");
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
    // Issue 13: untick both AutoMQ profiles; the round trips below must keep the choice.
    const AUTOMQ: &str = "#f-options-object_storage_profiles-automq";
    const AUTOMQ_OSS: &str = "#f-options-object_storage_profiles-automq_open_source";
    const WARPSTREAM: &str = "#f-options-object_storage_profiles-warpstream";
    click_centred(b, AUTOMQ).await?;
    click_centred(b, AUTOMQ_OSS).await?;
    ensure!(!checked(b, AUTOMQ).await?, "AutoMQ BYOC did not untick");

    click(b, "button[data-add-row]").await?;
    wait_for_element(b, "#f-connectors-1--name").await?;
    ensure!(
        checked(b, WARPSTREAM).await?
            && !checked(b, AUTOMQ).await?
            && !checked(b, AUTOMQ_OSS).await?,
        "the profile checkboxes did not survive the server round trip"
    );
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
    // The report compares WarpStream and Redpanda, not the unticked AutoMQ profiles.
    click(b, "section.success a.button").await?;
    click(b, "a.button[href*='/report']").await?;
    wait_for_element(b, "figure.chart").await?;
    let text = b.find(Locator::Css("main")).await?.text().await?;
    ensure!(
        text.contains("WarpStream BYOC on Blob") && text.contains("Redpanda BYOC, tiered to Blob"),
        "the report lacks the ticked profiles"
    );
    ensure!(
        !text.contains("AutoMQ BYOC on Blob") && !text.contains("AutoMQ open source on Blob"),
        "the report still shows an unticked profile"
    );
    Ok(())
}

async fn checked(b: &Client, css: &str) -> anyhow::Result<bool> {
    let e = wait_for_element(b, css).await?;
    Ok(e.prop("checked").await?.as_deref() == Some("true"))
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

    /// The server with team sign-in against the test OpenID Connect provider
    /// (tests/oidc-provider, on Node), which is stopped with the server.
    async fn start_with_sign_in() -> anyhow::Result<Self> {
        use connect_advisor::config::{OidcSettings, Secret};
        let provider_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc-provider");
        ensure!(
            provider_dir.join("node_modules/oidc-provider").is_dir(),
            "tests/oidc-provider has no node_modules: run `npm ci` there (Node 18 or later)"
        );
        let dir = tempfile::tempdir()?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = format!("http://{addr}");
        let secret = "browser-test-client-secret-0123456789";
        let mut provider = Command::new("node")
            .arg("provider.js")
            .current_dir(&provider_dir)
            .env("REDIRECT_URI", format!("{app}/auth/callback"))
            .env("CLIENT_SECRET", secret)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start the test OpenID Connect provider (is `node` installed?)")?;
        let stdout = provider.stdout.take().context("provider stdout")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keep reading so the provider never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(issuer) = line.strip_prefix("issuer ") {
                    let _ = tx.send(issuer.to_owned());
                }
            }
        });
        let issuer = rx
            .recv_timeout(WAIT)
            .context("the OpenID Connect provider did not report its issuer")?;
        let oidc = OidcSettings {
            issuer,
            client_id: "connect-advisor".to_owned(),
            client_secret: Some(Secret::new(secret)),
        };
        let settings = Settings {
            public_url: Some(app.clone()),
            oidc: Some(oidc.clone()),
            ..Settings::default()
        };
        let url = format!("sqlite://{}", dir.path().join("browser.db").display());
        let store = Store::connect(&url).await?;
        let rp = connect_advisor::web::auth::Oidc::discover(oidc, &app).await?;
        let routes = router(AppState::new(store, settings, PriceBook::embedded()?).with_oidc(rp));
        let task = tokio::spawn(async move {
            let _provider = KillOnDrop(provider);
            let _ = axum::serve(listener, routes).await;
        });
        Ok(Self {
            addr,
            task,
            _dir: dir,
        })
    }
}

/// A child process killed when dropped (with the server task that owns it).
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
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
