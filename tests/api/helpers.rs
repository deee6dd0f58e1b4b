//! A test app: the real router over a fresh SQLite database (or PostgreSQL when asked).

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use connect_advisor::config::Settings;
use connect_advisor::store::Store;
use connect_advisor::web::{AppState, router};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    /// (id, edit key) of every assessment created through `POST /api/assessments`: what the
    /// creator's browser would hold. `owner_get` sends them as cookies.
    keys: std::sync::Mutex<Vec<(String, String)>>,
    _dir: tempfile::TempDir,
}

/// The admin token of [`TestApp::with_admin`].
pub const ADMIN_TOKEN: &str = "test-admin-token-0123456789abcdefghijklmnop";

/// The cookie a browser keeps an assessment's edit key in.
pub fn key_cookie(id: &str, key: &str) -> String {
    format!("ca_key_{}={key}", id.replace('-', ""))
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as received (compressed bodies are not text).
    pub raw: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `name=value` of every Set-Cookie header.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").to_owned())
            .collect()
    }

    pub fn set_cookie_lines(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// Text of the first element matching `selector`.
    pub fn text_of(&self, selector: &str) -> Option<String> {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html()
            .select(&sel)
            .next()
            .map(|e| e.text().collect::<String>())
    }

    pub fn count(&self, selector: &str) -> usize {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html().select(&sel).count()
    }

    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html()
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr(attr).map(str::to_owned))
    }
}

impl TestApp {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        Self::with_url(&url, dir).await
    }

    pub async fn with_url(url: &str, dir: tempfile::TempDir) -> Self {
        Self::with_settings(url, dir, Settings::default()).await
    }

    /// A test app with `settings` (the body limit is always lowered for the limit tests).
    pub async fn with_settings(url: &str, dir: tempfile::TempDir, settings: Settings) -> Self {
        let store = Store::connect(url).await.expect("open test database");
        let settings = Settings {
            body_limit_bytes: 256 * 1024,
            ..settings
        };
        let prices = connect_advisor::pricing::PriceBook::embedded().expect("embedded catalog");
        let router = router(AppState::new(store.clone(), settings, prices));
        Self {
            router,
            store,
            keys: std::sync::Mutex::new(Vec::new()),
            _dir: dir,
        }
    }

    /// A test app whose admin token is [`ADMIN_TOKEN`].
    pub async fn with_admin() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let settings = Settings {
            admin_token_hash: Some(connect_advisor::web::security::hash_secret(ADMIN_TOKEN)),
            ..Settings::default()
        };
        Self::with_settings(&url, dir, settings).await
    }

    /// The edit-key cookies of every assessment this app created through the API.
    pub fn owner_cookies(&self) -> Vec<String> {
        self.keys
            .lock()
            .unwrap()
            .iter()
            .map(|(id, key)| key_cookie(id, key))
            .collect()
    }

    /// GET as the browser that created the assessments (it holds their edit-key cookies).
    pub async fn owner_get(&self, uri: &str) -> TestResponse {
        self.get_with_cookies(uri, &self.owner_cookies()).await
    }

    /// GET with extra headers, as the browser that created the assessments.
    pub async fn owner_get_with(&self, uri: &str, headers: &[(&str, &str)]) -> TestResponse {
        let cookies = self.owner_cookies().join("; ");
        let mut all = headers.to_vec();
        all.push(("cookie", cookies.as_str()));
        self.get_with(uri, &all).await
    }

    /// GET with `Authorization: Bearer <token>` (an edit key, a share token, the admin token).
    pub async fn get_bearer(&self, uri: &str, token: &str) -> TestResponse {
        self.get_with(uri, &[("authorization", &format!("Bearer {token}"))])
            .await
    }

    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            raw: bytes.to_vec(),
        }
    }

    /// GET with extra request headers.
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.request(req.body(Body::empty()).unwrap()).await
    }

    pub async fn get(&self, uri: &str) -> TestResponse {
        self.request(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with_cookies(&self, uri: &str, cookies: &[String]) -> TestResponse {
        self.request(
            Request::get(uri)
                .header(header::COOKIE, cookies.join("; "))
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post_json(&self, uri: &str, body: &str) -> TestResponse {
        let r = self
            .request(
                Request::post(uri)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body.to_owned()))
                    .unwrap(),
            )
            .await;
        if uri == "/api/assessments" && r.status == StatusCode::CREATED {
            let v = r.json();
            if let (Some(id), Some(key)) = (v["id"].as_str(), v["edit_key"].as_str()) {
                self.keys
                    .lock()
                    .unwrap()
                    .push((id.to_owned(), key.to_owned()));
            }
        }
        r
    }

    pub async fn put_json(
        &self,
        uri: &str,
        body: &str,
        key: Option<&str>,
        if_match: Option<&str>,
    ) -> TestResponse {
        let mut req = Request::builder()
            .method(Method::PUT)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(k) = key {
            req = req.header(header::AUTHORIZATION, format!("Bearer {k}"));
        }
        if let Some(m) = if_match {
            req = req.header(header::IF_MATCH, m);
        }
        self.request(req.body(Body::from(body.to_owned())).unwrap())
            .await
    }

    pub async fn post_form(
        &self,
        uri: &str,
        pairs: &[(String, String)],
        cookies: &[String],
    ) -> TestResponse {
        let body = serde_urlencoded_pairs(pairs);
        self.request(
            Request::post(uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, cookies.join("; "))
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Create an assessment through the API; returns (id, edit_key).
    pub async fn create(&self, scenario: &str) -> (String, String) {
        let r = self.post_json("/api/assessments", scenario).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let v = r.json();
        (
            v["id"].as_str().unwrap().to_owned(),
            v["edit_key"].as_str().unwrap().to_owned(),
        )
    }
}

fn serde_urlencoded_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn example(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/examples/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

pub fn small() -> String {
    example("small-azure-ingestion")
}

/// Every input of a form page, as posted by a browser that changed nothing.
pub fn form_pairs(page: &TestResponse) -> Vec<(String, String)> {
    crate::form::questionnaire_pairs(&page.body)
}

pub fn set(pairs: &mut Vec<(String, String)>, name: &str, value: &str) {
    if let Some(p) = pairs.iter_mut().find(|(k, _)| k == name) {
        value.clone_into(&mut p.1);
    } else {
        pairs.push((name.to_owned(), value.to_owned()));
    }
}

/// One part of a `multipart/form-data` body: a field name, a file name for file inputs, and bytes.
pub struct Part<'a> {
    pub name: &'a str,
    pub filename: Option<&'a str>,
    pub body: &'a [u8],
}

impl<'a> Part<'a> {
    pub fn text(name: &'a str, body: &'a str) -> Self {
        Self {
            name,
            filename: None,
            body: body.as_bytes(),
        }
    }

    pub fn file(name: &'a str, filename: &'a str, body: &'a [u8]) -> Self {
        Self {
            name,
            filename: Some(filename),
            body,
        }
    }
}

impl TestApp {
    /// POST a `multipart/form-data` form, as a browser sends a form with a file input.
    pub async fn post_multipart(
        &self,
        uri: &str,
        parts: &[Part<'_>],
        cookies: &[String],
    ) -> TestResponse {
        const BOUNDARY: &str = "----connect-advisor-test-boundary-7d1f";
        let mut body = Vec::new();
        for p in parts {
            body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            match p.filename {
                Some(f) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                        p.name
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", p.name).as_bytes(),
                ),
            }
            body.extend_from_slice(p.body);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        self.request(
            Request::post(uri)
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .header(header::COOKIE, cookies.join("; "))
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }
}

/// The id of the assessment a form post created, and the browser's cookies with its edit key.
pub async fn created_by(
    app: &TestApp,
    cookies: &[String],
    created: &TestResponse,
) -> (String, Vec<String>) {
    let mut browser = cookies.to_vec();
    browser.extend(
        created
            .cookies()
            .into_iter()
            .filter(|c| c.starts_with("ca_key_")),
    );
    let id = app
        .get_with_cookies("/api/assessments", &browser)
        .await
        .json()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (id, browser)
}
