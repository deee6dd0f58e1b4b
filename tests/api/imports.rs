//! Importing a connector inventory through the web pages: upload/paste → preview → confirm.

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{Part, TestApp, TestResponse, set, small};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A browser that holds the edit key of a new assessment (the small example, 3 connectors)
/// and has opened its import page.
struct Browser {
    id: String,
    key: String,
    cookies: Vec<String>,
    csrf: String,
}

async fn open_import(app: &TestApp) -> Browser {
    let (id, key) = app.create(&small()).await;
    let r = app
        .owner_get(&format!("/assessments/{id}/edit?key={key}"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut cookies: Vec<String> = r.cookies();
    let page = app
        .get_with_cookies(&format!("/assessments/{id}/import"), &cookies)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    cookies.extend(page.cookies());
    let csrf = page.attr("input[name=_csrf]", "value").expect("csrf field");
    Browser {
        id,
        key,
        cookies,
        csrf,
    }
}

impl Browser {
    async fn upload(&self, app: &TestApp, extra: &[Part<'_>]) -> TestResponse {
        let mut parts = vec![Part::text("_csrf", &self.csrf)];
        parts.extend(extra.iter().map(|p| Part {
            name: p.name,
            filename: p.filename,
            body: p.body,
        }));
        app.post_multipart(
            &format!("/assessments/{}/import", self.id),
            &parts,
            &self.cookies,
        )
        .await
    }

    async fn confirm(&self, app: &TestApp, pairs: &[(String, String)]) -> TestResponse {
        app.post_form(
            &format!("/assessments/{}/import/confirm", self.id),
            pairs,
            &self.cookies,
        )
        .await
    }
}

async fn scenario(app: &TestApp, id: &str, revision: Option<u32>) -> Value {
    let uri = match revision {
        Some(r) => format!("/api/assessments/{id}?revision={r}"),
        None => format!("/api/assessments/{id}"),
    };
    app.owner_get(&uri).await.json()
}

fn names(api: &Value) -> Vec<String> {
    api["scenario"]["connectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

/// What the preview form posts when its buttons are pressed: hidden fields, throughput
/// inputs, the checked radio and checkboxes.
fn preview_pairs(page: &TestResponse, action: &str) -> Vec<(String, String)> {
    let doc = page.html();
    let form = scraper::Selector::parse("form.import-preview").unwrap();
    let inputs = scraper::Selector::parse("input").unwrap();
    let form = doc.select(&form).next().expect("preview form");
    let mut pairs = Vec::new();
    for el in form.select(&inputs) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        let value = v.attr("value").unwrap_or("").to_owned();
        match v.attr("type") {
            Some("radio" | "checkbox") if v.attr("checked").is_none() => {}
            _ => pairs.push((name.to_owned(), value)),
        }
    }
    pairs.push(("action".into(), action.into()));
    pairs
}

fn choose(pairs: &mut Vec<(String, String)>, mode: &str, overwrite: bool) {
    pairs.retain(|(k, _)| k != "mode" && k != "overwrite");
    pairs.push(("mode".into(), mode.into()));
    if overwrite {
        pairs.push(("overwrite".into(), "true".into()));
    }
}

const CSV: &str = "name,class,direction,tasks,mb_per_s,format\n\
orders-to-cosmos,com.azure.cosmos.kafka.connect.CosmosSinkConnector,sink,6,9,avro\n\
billing-cdc,io.debezium.connector.sqlserver.SqlServerConnector,source,1,,avro\n";

#[tokio::test]
async fn the_import_page_offers_paste_upload_and_the_template() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let page = app
        .get_with_cookies(&format!("/assessments/{}/import", b.id), &b.cookies)
        .await;
    assert_eq!(
        page.attr("form.import-form", "enctype").as_deref(),
        Some("multipart/form-data")
    );
    assert_eq!(page.count("textarea[name=content]"), 1);
    assert_eq!(page.count("input[type=file][name=file]"), 1);
    assert_eq!(page.count("input[name=mode][value=merge][checked]"), 1);
    assert_eq!(page.count("a[href='/connectors-template.csv']"), 1);

    let t = app.owner_get("/connectors-template.csv").await;
    assert_eq!(t.status, StatusCode::OK);
    assert_eq!(t.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        t.header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    assert!(t.body.starts_with(
        "name,class,direction,tasks,mb_per_s,system_location,exactly_once,format,dead_letter_queue,isolated,topics_created\n"
    ));
}

#[tokio::test]
async fn preview_of_a_rest_listing_flags_failures_and_throughput_and_shows_no_secret() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let listing = fixture("connect-rest/failed-paused-stopped.json");
    let r = b
        .upload(&app, &[Part::file("file", "connectors.json", &listing)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.count("tr.connector-row"), 4);
    assert_eq!(
        r.count("tr.connector-row.failed"),
        2,
        "FAILED tasks and a FAILED connector"
    );
    assert_eq!(r.count(".check-badge"), 4, "every MB/s is a typical figure");
    assert!(r.body.contains("tasks 1, 2 FAILED"));
    assert!(r.body.contains("PAUSED"));
    assert!(r.body.contains("STOPPED"));
    assert!(r.body.contains("Throughput is not in the REST listing"));
    assert_eq!(r.count("span.outcome.add"), 4);
    assert!(!r.body.to_ascii_lowercase().contains("s3cr3t"));
    // Nothing saved by a preview.
    assert_eq!(scenario(&app, &b.id, None).await["revision"], 1);

    // No fixture's secrets reach the preview page, hidden fields included.
    for f in [
        "debezium",
        "jdbc",
        "sinks-topics-regex",
        "mirrormaker2",
        "failed-paused-stopped",
    ] {
        let bytes = fixture(&format!("connect-rest/{f}.json"));
        let text = String::from_utf8(bytes.clone()).unwrap();
        let r = b.upload(&app, &[Part::text("content", &text)]).await;
        assert_eq!(r.status, StatusCode::OK, "{f}: {}", r.body);
        assert!(!r.body.to_ascii_lowercase().contains("s3cr3t"), "{f}");
        assert!(!r.body.contains("corp.example"), "{f}");
    }
}

#[tokio::test]
async fn bad_input_is_explained_and_a_pasted_listing_is_not_echoed() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let bad = String::from_utf8(fixture("csv/bad-rows.csv")).unwrap();
    let r = b.upload(&app, &[Part::text("content", &bad)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = r.text_of("#error-summary").unwrap();
    assert!(summary.contains("row 4, column class"), "{summary}");
    assert!(summary.contains("row 6, column tasks"), "{summary}");
    // Pasted CSV is kept for fixing.
    assert!(
        r.text_of("textarea[name=content]")
            .unwrap()
            .contains("bad-direction")
    );

    let malformed = String::from_utf8(fixture("connect-rest/malformed.json")).unwrap();
    let r = b.upload(&app, &[Part::text("content", &malformed)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text_of("#error-summary")
            .unwrap()
            .contains("not valid JSON")
    );
    assert!(r.body.contains("may hold passwords"));
    assert!(!r.body.contains("s3cr3t"));

    // A listing with curl's response headers in front reads as CSV; it is not echoed either.
    let listing = String::from_utf8(fixture("connect-rest/jdbc.json")).unwrap();
    let with_headers =
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{listing}");
    let r = b
        .upload(&app, &[Part::text("content", &with_headers)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("s3cr3t"));
    assert!(r.body.contains("may hold passwords"));

    let r = b.upload(&app, &[Part::text("content", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text_of("#error-summary").unwrap().contains("empty"));

    let r = b
        .upload(
            &app,
            &[Part::file(
                "file",
                "x.csv",
                &fixture("csv/wrong-header.csv"),
            )],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = r.text_of("#error-summary").unwrap();
    assert!(
        summary.contains("missing required column(s): name, direction"),
        "{summary}"
    );
}

#[tokio::test]
async fn confirm_merge_keeps_existing_rows_and_skips_or_overwrites_same_names() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let before = scenario(&app, &b.id, None).await;
    let r = b
        .upload(&app, &[Part::file("file", "inventory.csv", CSV.as_bytes())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.count("span.outcome.skipped"), 1);
    assert_eq!(r.count("span.outcome.add"), 1);

    let r = b.confirm(&app, &preview_pairs(&r, "confirm")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some(format!("/assessments/{}?saved=2", b.id).as_str())
    );
    let after = scenario(&app, &b.id, None).await;
    assert_eq!(after["revision"], 2);
    assert_eq!(
        names(&after),
        [
            "pos-events-to-adls",
            "orders-to-cosmos",
            "store-inventory-http",
            "billing-cdc"
        ]
    );
    // The same-named row was skipped: unchanged.
    assert_eq!(
        after["scenario"]["connectors"][1],
        before["scenario"]["connectors"][1]
    );
    // Everything outside the inventory is untouched.
    assert_eq!(
        after["scenario"]["workload"],
        before["scenario"]["workload"]
    );
    assert_eq!(after["scenario"]["name"], before["scenario"]["name"]);

    // Again with "overwrite same-named": the row is replaced in place.
    let r = b.upload(&app, &[Part::text("content", CSV)]).await;
    let mut pairs = preview_pairs(&r, "preview");
    choose(&mut pairs, "merge", true);
    let r = b.confirm(&app, &pairs).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.count("span.outcome.replace"),
        2,
        "update preview shows the outcome"
    );
    assert_eq!(r.count("span.outcome.skipped"), 0);
    let r = b.confirm(&app, &preview_pairs(&r, "confirm")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = scenario(&app, &b.id, None).await;
    assert_eq!(after["revision"], 3);
    assert_eq!(names(&after).len(), 4);
    assert_eq!(
        after["scenario"]["connectors"][1]["name"],
        "orders-to-cosmos"
    );
    assert_eq!(after["scenario"]["connectors"][1]["tasks"], 6);
    assert_eq!(after["scenario"]["connectors"][1]["format"], "avro");
}

#[tokio::test]
async fn confirm_replace_swaps_the_list_and_keeps_the_old_revision() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let listing = fixture("connect-rest/mirrormaker2.json");
    let r = b
        .upload(
            &app,
            &[
                Part::file("file", "mm2.json", &listing),
                Part::text("mode", "replace"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.count("input[name=mode][value=replace][checked]"), 1);
    let removed = r.text_of("#removed").expect("rows a replace removes");
    assert!(removed.contains("orders-to-cosmos"), "{removed}");

    // Confirm the typical throughput of one row with a measured figure.
    let mut pairs = preview_pairs(&r, "confirm");
    set(&mut pairs, "mb_per_s.0", "12.5");
    let r = b.confirm(&app, &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = scenario(&app, &b.id, None).await;
    assert_eq!(after["revision"], 2);
    assert_eq!(
        names(&after),
        ["mm2-checkpoint", "mm2-heartbeat", "mm2-source"]
    );
    assert_eq!(after["scenario"]["connectors"][0]["mb_per_s"], 12.5);
    // Unconfirmed rows keep the knowledge base's typical figure: MirrorSourceConnector
    // 1.5 MB/s per task × 8 tasks = 12 MB/s.
    assert_eq!(after["scenario"]["connectors"][2]["mb_per_s"], 12.0);
    assert_eq!(after["scenario"]["connectors"][2]["exactly_once"], true);
    let old = scenario(&app, &b.id, Some(1)).await;
    assert_eq!(names(&old).len(), 3);
    assert_eq!(names(&old)[0], "pos-events-to-adls");
}

#[tokio::test]
async fn a_bad_throughput_or_an_invalid_result_is_shown_not_saved() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let r = b.upload(&app, &[Part::text("content", CSV)]).await;
    let mut pairs = preview_pairs(&r, "confirm");
    set(&mut pairs, "mb_per_s.1", "lots");
    let r = b.confirm(&app, &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.count("td.throughput.invalid"), 1);
    assert_eq!(r.attr("#mb-1", "value").as_deref(), Some("lots"));
    assert!(r.text_of("#error-summary").unwrap().contains("billing-cdc"));

    // A tampered preview that would break validation is refused with field errors.
    let mut pairs = preview_pairs(&r, "confirm");
    set(&mut pairs, "mb_per_s.1", "1");
    let json = pairs
        .iter()
        .find(|(k, _)| k == "import_json")
        .unwrap()
        .1
        .replace(
            "io.debezium.connector.sqlserver.SqlServerConnector",
            "not a class",
        );
    set(&mut pairs, "import_json", &json);
    let r = b.confirm(&app, &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let summary = r.text_of("#error-summary").unwrap();
    assert!(
        summary.contains("connector \"billing-cdc\", class"),
        "{summary}"
    );
    assert_eq!(scenario(&app, &b.id, None).await["revision"], 1);

    // Garbage in the hidden field is a bad request, not a crash.
    set(&mut pairs, "import_json", "{not json");
    let r = b.confirm(&app, &pairs).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn every_post_needs_the_csrf_token() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let uri = format!("/assessments/{}/import", b.id);
    let r = app
        .post_multipart(&uri, &[Part::text("content", CSV)], &b.cookies)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("CSRF"));
    let r = app
        .post_multipart(
            &uri,
            &[
                Part::text("_csrf", &"x".repeat(43)),
                Part::text("content", CSV),
            ],
            &b.cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let preview = b.upload(&app, &[Part::text("content", CSV)]).await;
    let mut pairs = preview_pairs(&preview, "confirm");
    set(&mut pairs, "_csrf", &"y".repeat(43));
    let r = b.confirm(&app, &pairs).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    pairs.retain(|(k, _)| k != "_csrf");
    let r = b.confirm(&app, &pairs).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(scenario(&app, &b.id, None).await["revision"], 1);
}

#[tokio::test]
async fn without_the_edit_key_there_is_no_import() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    // A browser with a CSRF cookie but no edit cookie.
    let csrf_only: Vec<String> = b
        .cookies
        .iter()
        .filter(|c| c.starts_with("ca_csrf="))
        .cloned()
        .collect();
    let r = app
        .get_with_cookies(&format!("/assessments/{}/import", b.id), &csrf_only)
        .await;
    // Without the key, the assessment is not there.
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .post_multipart(
            &format!("/assessments/{}/import", b.id),
            &[Part::text("_csrf", &b.csrf), Part::text("content", CSV)],
            &csrf_only,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let preview = b.upload(&app, &[Part::text("content", CSV)]).await;
    let r = app
        .post_form(
            &format!("/assessments/{}/import/confirm", b.id),
            &preview_pairs(&preview, "confirm"),
            &csrf_only,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(scenario(&app, &b.id, None).await["revision"], 1);
    // An unknown assessment is 404 (its page would be forbidden anyway).
    let r = app
        .get_with_cookies(
            "/assessments/00000000-0000-0000-0000-000000000000/import",
            &b.cookies,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_save_in_between_is_a_conflict_that_keeps_the_preview() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let preview = b.upload(&app, &[Part::text("content", CSV)]).await;
    assert_eq!(
        preview
            .attr("input[name=base_revision]", "value")
            .as_deref(),
        Some("1")
    );

    // Someone else adds billing-cdc through the API meanwhile.
    let mut other = scenario(&app, &b.id, None).await["scenario"].clone();
    other["connectors"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "billing-cdc", "class": "io.debezium.connector.sqlserver.SqlServerConnector",
            "direction": "source", "tasks": 1, "mb_per_s": 3
        }));
    let r = app
        .put_json(
            &format!("/api/assessments/{}", b.id),
            &other.to_string(),
            Some(&b.key),
            Some("1"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let r = b.confirm(&app, &preview_pairs(&preview, "confirm")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.text_of("#conflict")
            .unwrap()
            .contains("revision 2 is now the latest")
    );
    assert_eq!(r.count("tr.connector-row"), 2, "the preview is kept");
    assert_eq!(
        r.attr("input[name=base_revision]", "value").as_deref(),
        Some("2")
    );
    assert_eq!(
        r.count("span.outcome.skipped"),
        2,
        "recomputed: both names exist now"
    );
    let api = scenario(&app, &b.id, None).await;
    assert_eq!(api["revision"], 2);

    // Confirming again is a deliberate import on top of revision 2.
    let r = b.confirm(&app, &preview_pairs(&r, "confirm")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let api = scenario(&app, &b.id, None).await;
    assert_eq!(api["revision"], 3);
    assert_eq!(names(&api).len(), 4);
    assert_eq!(api["scenario"]["connectors"][3]["mb_per_s"], 3.0);
}

/// Issue 16: overwriting a same-named row changes only what the import states. The small
/// example's `pos-events-to-adls` lives in Azure PaaS with a DLQ at 3 MB/s; a CSV without those
/// columns updates its tasks and keeps the rest. The preview shows old → new, lets a row be
/// left out, and shows the recommendation and monthly total before and after.
#[tokio::test]
async fn overwrite_keeps_unlisted_fields_and_the_preview_shows_each_change() {
    let app = TestApp::new().await;
    let b = open_import(&app).await;
    let before = scenario(&app, &b.id, None).await;
    let csv = "name,class,direction,tasks\n\
pos-events-to-adls,io.confluent.connect.azure.datalake.gen2.AzureDataLakeGen2SinkConnector,sink,8\n\
store-inventory-http,io.confluent.connect.http.HttpSourceConnector,source,3\n";
    let r = b.upload(&app, &[Part::text("content", csv)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut pairs = preview_pairs(&r, "preview");
    choose(&mut pairs, "merge", true);
    // Leave the second row out.
    pairs.retain(|(k, _)| k != "include.1");
    let r = b.confirm(&app, &pairs).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let changes = r.text_of("#changes-0").expect("changes of row 1");
    assert!(changes.contains("tasks: 4 → 8"), "{changes}");
    assert!(!changes.contains("system_location"), "{changes}");
    assert!(
        r.text_of("#changes-1").is_none(),
        "excluded rows change nothing"
    );
    assert_eq!(r.count("span.outcome.skipped"), 1, "the excluded row");
    let now = r.text_of("#outcome-before").unwrap();
    let then = r.text_of("#outcome-after").unwrap();
    assert!(now.contains("per month"), "{now}");
    assert!(then.contains("per month"), "{then}");

    let r = b.confirm(&app, &preview_pairs(&r, "confirm")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = scenario(&app, &b.id, None).await;
    let (old, new) = (
        &before["scenario"]["connectors"],
        &after["scenario"]["connectors"],
    );
    assert_eq!(new[0]["tasks"], 8);
    for kept in [
        "system_location",
        "mb_per_s",
        "format",
        "dead_letter_queue",
        "exactly_once",
        "isolated",
    ] {
        assert_eq!(new[0][kept], old[0][kept], "{kept}");
    }
    // The excluded row is untouched.
    assert_eq!(new[2], old[2]);
}
