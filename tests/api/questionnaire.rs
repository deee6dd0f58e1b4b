//! The HTML questionnaire: CSRF, validation next to fields, rows, edit keys, conflicts.

use axum::http::StatusCode;

use crate::helpers::{TestApp, TestResponse, created_by, form_pairs, set};

/// Open the new-assessment form; returns the page and the browser's cookies.
pub(crate) async fn open_new(app: &TestApp) -> (TestResponse, Vec<String>) {
    let page = app.owner_get("/assessments/new").await;
    assert_eq!(page.status, StatusCode::OK);
    let cookies = page.cookies();
    assert!(
        cookies.iter().any(|c| c.starts_with("ca_csrf=")),
        "{cookies:?}"
    );
    (page, cookies)
}

pub(crate) fn fill_minimal(pairs: &mut Vec<(String, String)>) {
    set(pairs, "name", "Form estate");
    set(pairs, "workload.write_mb_per_s", "8");
    set(pairs, "workload.topics", "4");
    set(pairs, "workload.partitions", "16");
    set(pairs, "connectors[0].name", "orders-cdc");
    set(
        pairs,
        "connectors[0].class",
        "io.debezium.connector.postgresql.PostgresConnector",
    );
}

#[tokio::test]
async fn the_form_has_every_section_help_text_and_a_connector_row() {
    let app = TestApp::new().await;
    let (page, _) = open_new(&app).await;
    for id in [
        "context",
        "workload",
        "connectors",
        "network",
        "team",
        "pricing",
        "assumptions",
    ] {
        assert_eq!(page.count(&format!("#{id}")), 1, "section {id}");
    }
    assert_eq!(page.count("#connector-rows tr[data-row]"), 1);
    assert!(page.count("p.help") > 30);
    assert!(page.attr("input[name=_csrf]", "value").is_some());
    assert_eq!(
        page.attr("select[name=region] option[selected]", "value")
            .as_deref(),
        Some("eastus")
    );
}

/// Issue 16: an empty submit shows every problem at once, in the user's words, and every link
/// in the error summary lands on an element that exists on the page.
#[tokio::test]
async fn an_empty_submit_shows_every_error_once_with_links_that_land() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    set(&mut pairs, "workload.topics", "8");
    set(&mut pairs, "workload.partitions", "4");
    set(&mut pairs, "connectors[0].name", "orders-cdc");
    set(
        &mut pairs,
        "connectors[0].class",
        "io.debezium.connector.mysql.MySqlConnector",
    );
    set(&mut pairs, "connectors[0].tasks", "0");
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.html();
    let links = scraper::Selector::parse("#error-summary li a").unwrap();
    let hrefs: Vec<String> = html
        .select(&links)
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    for want in [
        "#f-name",
        "#f-workload-write_mb_per_s",
        "#f-workload-partitions",
        "#f-connectors-0--tasks",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    for href in &hrefs {
        assert_eq!(r.count(href), 1, "link {href} lands nowhere");
    }
    let summary = r.text_of("#error-summary").unwrap();
    for serde_word in ["missing field", "4294967295", "invalid type"] {
        assert!(!summary.contains(serde_word), "{summary}");
    }
    assert!(
        summary.contains("greater than 0 and at most 100,000 MB/s"),
        "{summary}"
    );
}

/// A comma typed as a decimal point is read as one, and the page says how it was read.
#[tokio::test]
async fn a_decimal_comma_is_read_and_shown_never_scaled() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    set(&mut pairs, "workload.write_mb_per_s", "1,500");
    set(&mut pairs, "workload.read_fanout", "1,5");
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = r.text_of("#f-workload-write_mb_per_s-error").unwrap();
    assert!(err.contains("could mean 1,500 or 1.5"), "{err}");
    assert_eq!(
        r.text_of("#f-workload-read_fanout-reading").as_deref(),
        Some("Read as 1.5 consumer groups")
    );
    set(&mut pairs, "workload.write_mb_per_s", "1 500");
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let link = r.attr("#edit-link", "value").expect("edit link");
    let key = link.split("key=").nth(1).unwrap().to_owned();
    let id = link
        .split("/assessments/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("the edit link names the assessment")
        .to_owned();
    let stored = app
        .get_with(
            &format!("/api/assessments/{id}"),
            &[("authorization", &format!("Bearer {key}"))],
        )
        .await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);
    let w = &stored.json()["scenario"]["workload"];
    assert_eq!(w["write_mb_per_s"], 1500.0);
    assert_eq!(w["read_fanout"], 1.5);
}

#[tokio::test]
async fn posting_without_the_csrf_token_is_refused() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    pairs.retain(|(k, _)| k != "_csrf");
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A token from another browser does not match this cookie either.
    set(&mut pairs, "_csrf", &"x".repeat(43));
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // And no cookie at all.
    let r = app.post_form("/assessments", &pairs, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.owner_get("/api/assessments").await.json()["total"], 0);
}

#[tokio::test]
async fn invalid_input_is_shown_next_to_its_field_and_kept() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    set(&mut pairs, "workload.retention_hours", "a week");
    set(&mut pairs, "workload.partitions", "2");
    set(&mut pairs, "connectors[0].tasks", "0");
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = r
        .text_of("#f-workload-retention_hours-error")
        .expect("error next to retention");
    assert!(err.contains("is not a number"), "{err}");
    assert!(err.contains("between 1 and 87,600 hours"), "{err}");
    assert!(
        r.text_of("#f-workload-partitions-error")
            .unwrap()
            .contains("at least the number of topics")
    );
    assert!(
        r.text_of("#f-connectors-0--tasks-error").is_some(),
        "{}",
        r.body
    );
    // What the user typed is still there.
    assert_eq!(
        r.attr("#f-workload-retention_hours", "value").as_deref(),
        Some("a week")
    );
    assert_eq!(r.attr("#f-name", "value").as_deref(), Some("Form estate"));
    assert_eq!(
        r.attr("#f-connectors-0--name", "value").as_deref(),
        Some("orders-cdc")
    );
    assert!(
        r.text_of("#error-summary")
            .unwrap()
            .contains("3 answers need attention")
    );
    assert_eq!(app.owner_get("/api/assessments").await.json()["total"], 0);
}

#[tokio::test]
async fn add_and_remove_connector_rows_without_javascript() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    pairs.push(("action".into(), "add_connector".into()));
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.count("#connector-rows tr[data-row]"), 2);
    assert_eq!(
        r.attr("#f-connectors-0--name", "value").as_deref(),
        Some("orders-cdc")
    );
    assert_eq!(r.attr("#f-name", "value").as_deref(), Some("Form estate"));

    let mut pairs = form_pairs(&r);
    set(&mut pairs, "connectors[1].name", "lake-sink");
    set(
        &mut pairs,
        "connectors[1].class",
        "io.confluent.connect.azure.blob.AzureBlobStorageSinkConnector",
    );
    set(&mut pairs, "connectors[1].direction", "sink");
    pairs.push(("action".into(), "remove_connector:0".into()));
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.count("#connector-rows tr[data-row]"), 1);
    assert_eq!(
        r.attr("#f-connectors-0--name", "value").as_deref(),
        Some("lake-sink")
    );
    assert_eq!(
        app.store.count_assessments().await.unwrap(),
        0,
        "row buttons never save"
    );
}

#[tokio::test]
async fn saving_shows_the_edit_link_once_and_keeps_the_key_in_an_httponly_cookie() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let link = r.attr("#edit-link", "value").expect("edit link");
    assert!(link.contains("/edit?key="), "{link}");
    let edit_cookie = r
        .set_cookie_lines()
        .into_iter()
        .find(|c| c.starts_with("ca_key_"))
        .expect("edit cookie");
    assert!(edit_cookie.contains("HttpOnly"), "{edit_cookie}");
    assert!(edit_cookie.contains("SameSite=Lax"), "{edit_cookie}");
    assert!(edit_cookie.contains("Path=/;"), "{edit_cookie}");
    let mut browser = cookies.clone();
    browser.push(edit_cookie.split(';').next().unwrap().to_owned());

    // This browser's list has it; another browser's list is empty.
    let list = app
        .get_with_cookies("/api/assessments", &browser)
        .await
        .json();
    assert_eq!(list["total"], 1);
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(list["items"][0]["name"], "Form estate");
    assert_eq!(app.get("/api/assessments").await.json()["total"], 0);
    assert!(!app.get("/").await.body.contains("Form estate"));

    // The list page shows it.
    let home = app.get_with_cookies("/", &browser).await;
    assert!(home.body.contains("Form estate"));

    // Without the key, no edit (nor any sign of the assessment); with the cookie, the form
    // comes prefilled.
    let r = app.get(&format!("/assessments/{id}/edit")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .get_with_cookies(&format!("/assessments/{id}/edit"), &browser)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.attr("#f-name", "value").as_deref(), Some("Form estate"));
    assert_eq!(
        r.attr("input[name=base_revision]", "value").as_deref(),
        Some("1")
    );

    // The edit link works in a fresh browser: it sets the cookie and drops the key from the URL.
    let path = &link[link.find("/assessments/").unwrap()..];
    let r = app.get(path).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header("location"),
        Some(format!("/assessments/{id}/edit").as_str())
    );
    assert!(
        r.cookies()
            .iter()
            .any(|c| *c == edit_cookie.split(';').next().unwrap())
    );
    // A forged key does not.
    let forged = format!("/assessments/{id}/edit?key={}", "B".repeat(43));
    let r = app.get(&forged).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.cookies().iter().all(|c| !c.starts_with("ca_key_")));
}

#[tokio::test]
async fn editing_through_the_form_creates_a_revision_and_conflicts_keep_input() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    let created = app.post_form("/assessments", &pairs, &cookies).await;
    let (id, browser) = created_by(&app, &cookies, &created).await;

    let edit = app
        .get_with_cookies(&format!("/assessments/{id}/edit"), &browser)
        .await;
    let mut first = form_pairs(&edit);
    let mut second = first.clone();
    set(&mut first, "name", "First editor");
    let r = app
        .post_form(&format!("/assessments/{id}"), &first, &browser)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some(format!("/assessments/{id}?saved=2").as_str())
    );

    // A second editor, still on revision 1, is told and loses nothing.
    set(&mut second, "name", "Second editor");
    set(&mut second, "workload.write_mb_per_s", "99");
    let r = app
        .post_form(&format!("/assessments/{id}"), &second, &browser)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body
            .contains("Someone saved this assessment while you were editing")
    );
    assert_eq!(r.attr("#f-name", "value").as_deref(), Some("Second editor"));
    assert_eq!(
        r.attr("#f-workload-write_mb_per_s", "value").as_deref(),
        Some("99")
    );
    assert_eq!(
        r.attr("input[name=base_revision]", "value").as_deref(),
        Some("2")
    );
    let api = app
        .get_with_cookies(&format!("/api/assessments/{id}"), &browser)
        .await
        .json();
    assert_eq!(api["scenario"]["name"], "First editor");

    // Saving again is now a deliberate new revision on top of the other one.
    let again = form_pairs(&r);
    let r = app
        .post_form(&format!("/assessments/{id}"), &again, &browser)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let api = app
        .get_with_cookies(&format!("/api/assessments/{id}"), &browser)
        .await
        .json();
    assert_eq!(api["revision"], 3);
    assert_eq!(api["scenario"]["name"], "Second editor");

    // The overview lists every revision.
    let show = app
        .get_with_cookies(&format!("/assessments/{id}"), &browser)
        .await;
    assert_eq!(show.status, StatusCode::OK);
    assert_eq!(show.count("table a[href*='?revision=']"), 3);
}

#[tokio::test]
async fn saving_without_the_edit_key_is_forbidden() {
    let app = TestApp::new().await;
    let (id, _) = app.create(&crate::helpers::small()).await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    pairs.push(("base_revision".into(), "1".into()));
    let r = app
        .post_form(&format!("/assessments/{id}"), &pairs, &cookies)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.owner_get(&format!("/api/assessments/{id}"))
            .await
            .json()["revision"],
        1
    );
}

#[tokio::test]
async fn html_in_free_text_is_escaped() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    set(&mut pairs, "name", "<script>alert(1)</script>");
    set(
        &mut pairs,
        "connectors[0].name",
        "\"><img src=x onerror=alert(1)>",
    );
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(!r.body.contains("<script>alert(1)</script>"));
    let mut browser = cookies.clone();
    browser.extend(r.cookies());
    let home = app.get_with_cookies("/", &browser).await;
    assert!(!home.body.contains("<script>alert"));
    assert!(
        home.body.contains("&lt;script&gt;") || home.body.contains("&#60;script&#62;"),
        "{}",
        home.body
    );
}

/// Issue 16: the edit link shown "only this once" is absolute, built from the request's host
/// (or the configured public URL), so it can be pasted anywhere.
#[tokio::test]
async fn the_edit_link_is_absolute_and_can_be_copied() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    let body = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let req = axum::http::Request::post("/assessments")
        .header("host", "advisor.internal:8080")
        .header("x-forwarded-host", "evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookies.join("; "))
        .body(axum::body::Body::from(body))
        .unwrap();
    let r = app.request(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let link = r.attr("#edit-link", "value").unwrap();
    // Forwarded headers are not trusted unless configured.
    assert!(
        link.starts_with("http://advisor.internal:8080/assessments/"),
        "{link}"
    );
    assert_eq!(r.count("button[data-copy=edit-link]"), 1);
    assert!(!r.body.contains("share links come from the report"));
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn an_anonymous_workspace_error_names_the_field_without_a_dead_link() {
    let app = TestApp::new().await;
    let (page, cookies) = open_new(&app).await;
    assert_eq!(
        page.count("#f-workspace"),
        0,
        "an anonymous form has no workspace select"
    );
    let mut pairs = form_pairs(&page);
    fill_minimal(&mut pairs);
    set(&mut pairs, "workspace", "not-a-workspace");
    let r = app.post_form("/assessments", &pairs, &cookies).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let summary = r
        .text_of("#error-summary li")
        .expect("an error in the summary");
    assert!(summary.starts_with("Workspace: "), "{summary}");
    assert_eq!(
        r.count("#error-summary a[href='#f-workspace']"),
        0,
        "{}",
        r.body
    );
    assert_eq!(r.count("#f-workspace"), 0);
}
