//! Team sign-in against a real OpenID Connect provider: the certified `oidc-provider` package
//! on Node (`tests/oidc-provider/`), started by each test on a free port, and the app's real
//! router on a real TCP port configured against it (discovery, authorization code with PKCE
//! and nonce, ID token verified against the provider's JWKS).
//!
//! The provider tests are `#[ignore]`d: they need `node` and `npm ci` in tests/oidc-provider
//! (`.ci/run` does both). Run them with `cargo test --test oidc -- --include-ignored`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use connect_advisor::config::{OidcSettings, Secret, Settings};
use connect_advisor::pricing::PriceBook;
use connect_advisor::store::Store;
use connect_advisor::web::{AppState, auth::Oidc, router};
use serde_json::{Value, json};

#[path = "support/form.rs"]
mod form;

const CLIENT_ID: &str = "connect-advisor";
const CLIENT_SECRET: &str = "test-client-secret-0123456789abcdef";

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc-provider")
}

/// The provider and the app, each on its own loopback port.
struct Env {
    app: String,
    store: Store,
    provider: std::process::Child,
    server: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl Drop for Env {
    fn drop(&mut self) {
        self.server.abort();
        let _ = self.provider.kill();
        let _ = self.provider.wait();
    }
}

impl Env {
    async fn start(session_lifetime: Duration) -> Env {
        let dir = provider_dir();
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "tests/oidc-provider has no node_modules: run `npm ci` there (Node 18 or later)"
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let app = format!("http://{}", listener.local_addr().expect("addr"));
        let mut provider = std::process::Command::new("node")
            .arg("provider.js")
            .current_dir(&dir)
            .env("REDIRECT_URI", format!("{app}/auth/callback"))
            .env("CLIENT_ID", CLIENT_ID)
            .env("CLIENT_SECRET", CLIENT_SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("`node` must be installed to run the OpenID Connect tests");
        let stdout = provider.stdout.take().expect("stdout");
        // The provider prints its issuer once it listens (std I/O, on a blocking thread).
        let first = tokio::time::timeout(
            Duration::from_secs(30),
            tokio::task::spawn_blocking(move || {
                use std::io::BufRead;
                let mut line = String::new();
                std::io::BufReader::new(stdout)
                    .read_line(&mut line)
                    .map(|_| line)
            }),
        )
        .await
        .expect("the provider did not start within 30 s")
        .expect("reader")
        .expect("provider output");
        let first = first.trim().to_owned();
        let issuer = first
            .strip_prefix("issuer ")
            .unwrap_or_else(|| panic!("unexpected provider output {first:?}"))
            .to_owned();
        let tmp = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", tmp.path().join("oidc.db").display());
        let store = Store::connect(&url).await.expect("store");
        let oidc = OidcSettings {
            issuer,
            client_id: CLIENT_ID.to_owned(),
            client_secret: Some(Secret::new(CLIENT_SECRET)),
        };
        let settings = Settings {
            public_url: Some(app.clone()),
            oidc: Some(oidc.clone()),
            session_lifetime,
            ..Settings::default()
        };
        let rp = Oidc::discover(oidc, &app).await.expect("discovery");
        let state = AppState::new(
            store.clone(),
            settings,
            PriceBook::embedded().expect("book"),
        )
        .with_oidc(rp);
        let routes = router(state);
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, routes).await;
        });
        Env {
            app,
            store,
            provider,
            server,
            _dir: tmp,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app)
    }
}

/// A cookie-keeping HTTP client that follows no redirect by itself.
struct Browser {
    http: reqwest::Client,
    /// Cookies by `host:port`.
    cookies: HashMap<String, HashMap<String, String>>,
}

fn origin_of(url: &str) -> String {
    let u = url::Url::parse(url).expect("url");
    format!(
        "{}:{}",
        u.host_str().unwrap_or_default(),
        u.port_or_known_default().unwrap_or(0)
    )
}

impl Browser {
    fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: HashMap::new(),
        }
    }

    fn cookie(&self, url: &str, name: &str) -> Option<&String> {
        self.cookies.get(&origin_of(url))?.get(name)
    }

    async fn send(&mut self, req: reqwest::RequestBuilder, url: &str) -> reqwest::Response {
        let jar = self.cookies.entry(origin_of(url)).or_default();
        let header: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let req = if header.is_empty() {
            req
        } else {
            req.header("cookie", header.join("; "))
        };
        let resp = req.send().await.expect("request");
        for set in resp.headers().get_all("set-cookie") {
            let text = set.to_str().unwrap_or_default();
            let mut parts = text.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            let expired = parts.any(|a| a.trim().eq_ignore_ascii_case("max-age=0"));
            if expired || value.is_empty() {
                jar.remove(name.trim());
            } else {
                jar.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        resp
    }

    async fn get(&mut self, url: &str) -> reqwest::Response {
        let req = self.http.get(url);
        self.send(req, url).await
    }

    async fn json(
        &mut self,
        method: reqwest::Method,
        url: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut req = self.http.request(method, url);
        if let Some(body) = body {
            req = req
                .header("content-type", "application/json")
                .body(serde_json::to_vec(&body).expect("json"));
        }
        self.send(req, url).await
    }

    async fn post_form(&mut self, url: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        let req = self.http.post(url).form(pairs);
        self.send(req, url).await
    }

    async fn post_form_owned(
        &mut self,
        url: &str,
        pairs: &[(String, String)],
    ) -> reqwest::Response {
        let req = self.http.post(url).form(pairs);
        self.send(req, url).await
    }
}

fn location(resp: &reqwest::Response, base: &str) -> String {
    let loc = resp
        .headers()
        .get("location")
        .unwrap_or_else(|| panic!("no Location on a {} answer", resp.status()))
        .to_str()
        .expect("location");
    url::Url::parse(base)
        .expect("base")
        .join(loc)
        .expect("join")
        .to_string()
}

/// Start signing in as `user` and follow the provider's redirects up to the app's callback
/// URL, which is returned unrequested (so a test can tamper with it).
async fn until_callback(env: &Env, browser: &mut Browser, user: &str) -> String {
    let resp = browser
        .get(&env.url("/auth/sign-in?return_to=/workspaces"))
        .await;
    assert_eq!(resp.status(), 303, "sign-in redirects to the provider");
    let mut next = location(&resp, &env.app);
    assert!(next.contains("code_challenge_method=S256"), "PKCE: {next}");
    assert!(next.contains("nonce="), "nonce: {next}");
    for _ in 0..12 {
        if next.starts_with(&env.url("/auth/callback")) {
            return next;
        }
        let mut url = url::Url::parse(&next).expect("url");
        if url.path().starts_with("/interaction/") {
            url.query_pairs_mut().append_pair("user", user);
        }
        let resp = browser.get(url.as_str()).await;
        assert!(
            resp.status().is_redirection(),
            "the provider answered {} at {url}",
            resp.status()
        );
        next = location(&resp, url.as_str());
    }
    panic!("no callback after 12 redirects");
}

/// Sign in as `user`: a session cookie and the redirect back to where sign-in started.
async fn sign_in(env: &Env, browser: &mut Browser, user: &str) {
    let callback = until_callback(env, browser, user).await;
    let resp = browser.get(&callback).await;
    assert_eq!(
        resp.status(),
        303,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    assert_eq!(location(&resp, &env.app), env.url("/workspaces"));
    assert!(browser.cookie(&env.app, "ca_session").is_some());
}

async fn me(env: &Env, browser: &mut Browser) -> Value {
    let resp = browser
        .json(reqwest::Method::GET, &env.url("/api/me"), None)
        .await;
    assert_eq!(resp.status(), 200);
    resp.bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json")
}

/// Every route that reads an assessment (as tests/api/access.rs lists them).
fn read_routes(id: &str) -> Vec<String> {
    let mut routes = vec![
        format!("/assessments/{id}"),
        format!("/assessments/{id}/report"),
        format!("/api/assessments/{id}"),
        format!("/api/assessments/{id}/revisions"),
        format!("/api/assessments/{id}/report"),
        format!("/api/assessments/{id}/report.csv"),
        format!("/api/assessments/{id}/report.focus.csv"),
        format!("/api/assessments/{id}/report.adr.md"),
        format!("/compare?a={id}&b={id}"),
        format!("/api/compare?a={id}&b={id}"),
    ];
    for chart in [
        "cost-by-category",
        "projection",
        "cost-vs-throughput",
        "cost-ranges",
    ] {
        routes.push(format!("/api/assessments/{id}/report/charts/{chart}.svg"));
    }
    routes
}

fn scenario() -> Value {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/small-azure-ingestion.json"),
    )
    .expect("example");
    serde_json::from_str(&text).expect("json")
}

#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/oidc-provider"]
async fn members_read_and_edit_by_role_and_invitations_admit_by_email_and_group() {
    let env = Env::start(Duration::from_secs(3600)).await;
    let mut alice = Browser::new();
    sign_in(&env, &mut alice, "alice").await;
    let who = me(&env, &mut alice).await;
    assert_eq!(who["signed_in"], true);
    assert_eq!(who["email"], "alice@example.com");

    // The header names who is signed in.
    let home = alice.get(&env.url("/")).await.text().await.expect("html");
    assert!(home.contains("Signed in as alice@example.com"), "{home}");

    // A workspace; a bad name is refused naming the field.
    let bad = alice
        .json(
            reqwest::Method::POST,
            &env.url("/api/workspaces"),
            Some(json!({ "name": "  " })),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let bad: Value = bad
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    assert_eq!(bad["errors"][0]["field"], "name", "{bad}");
    let ws = alice
        .json(
            reqwest::Method::POST,
            &env.url("/api/workspaces"),
            Some(json!({ "name": "Data platform" })),
        )
        .await;
    assert_eq!(ws.status(), 201);
    let ws: Value = ws
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    let ws_id = ws["id"].as_str().expect("id").to_owned();
    assert_eq!(ws["role"], "owner");

    // An assessment created while signed in goes into the workspace; its author is the email.
    let created = alice
        .json(
            reqwest::Method::POST,
            &env.url("/api/assessments"),
            Some(scenario()),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    let id = created["id"].as_str().expect("id").to_owned();
    let detail: Value = alice
        .json(
            reqwest::Method::GET,
            &env.url(&format!("/api/workspaces/{ws_id}")),
            None,
        )
        .await
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    assert_eq!(detail["assessments"][0], id.as_str());

    // Invitations: bob by email as viewer (before he ever signed in), the `finops` group as editor.
    for (body, status) in [
        (
            json!({ "email": "bob@example.com", "role": "viewer" }),
            "invited",
        ),
        (json!({ "group": "finops", "role": "editor" }), "invited"),
    ] {
        let resp = alice
            .json(
                reqwest::Method::POST,
                &env.url(&format!("/api/workspaces/{ws_id}/invitations")),
                Some(body),
            )
            .await;
        assert_eq!(resp.status(), 201);
        let answer: Value = resp
            .bytes()
            .await
            .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
            .expect("json");
        assert_eq!(answer["status"], status);
    }
    let bad = alice
        .json(
            reqwest::Method::POST,
            &env.url(&format!("/api/workspaces/{ws_id}/invitations")),
            Some(json!({ "email": "not-an-address", "role": "boss" })),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let bad: Value = bad
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["email", "role"], "{bad}");

    let assessment = env.url(&format!("/api/assessments/{id}"));
    let update = |revision: u32| {
        let mut s = scenario();
        s["name"] = json!(format!("Edited at revision {revision}"));
        s
    };

    // Bob (email invitation, viewer) reads and lists it, but cannot edit: 403.
    let mut bob = Browser::new();
    sign_in(&env, &mut bob, "bob").await;
    assert_eq!(
        bob.json(reqwest::Method::GET, &assessment, None)
            .await
            .status(),
        200
    );
    for route in read_routes(&id) {
        let resp = bob.get(&env.url(&route)).await;
        assert_eq!(resp.status(), 200, "viewer GET {route}");
    }
    let listed: Value = bob
        .json(reqwest::Method::GET, &env.url("/api/assessments"), None)
        .await
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    assert!(listed.to_string().contains(&id), "{listed}");
    let put = bob
        .http
        .put(&assessment)
        .header("if-match", "1")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&update(1)).expect("json"));
    let resp = bob.send(put, &assessment).await;
    assert_eq!(resp.status(), 403);

    // Carol (group `finops`, editor) edits; the revision's author is her email.
    let mut carol = Browser::new();
    sign_in(&env, &mut carol, "carol").await;
    let put = carol
        .http
        .put(&assessment)
        .header("if-match", "1")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&update(1)).expect("json"));
    let resp = carol.send(put, &assessment).await;
    assert!(resp.status().is_success(), "editor PUT: {}", resp.status());
    let revisions: Value = carol
        .json(
            reqwest::Method::GET,
            &env.url(&format!("/api/assessments/{id}/revisions")),
            None,
        )
        .await
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    assert!(
        revisions.to_string().contains("carol@example.com"),
        "the author is the signed-in email: {revisions}"
    );
    // A request a browser marks cross-site does not carry the session on the API.
    let put = carol
        .http
        .put(&assessment)
        .header("if-match", "2")
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&update(2)).expect("json"));
    let resp = carol.send(put, &assessment).await;
    assert!(
        matches!(resp.status().as_u16(), 401 | 404),
        "{}",
        resp.status()
    );

    // Dave is in no workspace: 404 as for an unknown id, and nothing listed.
    let mut dave = Browser::new();
    sign_in(&env, &mut dave, "dave").await;
    for route in read_routes(&id) {
        let resp = dave.get(&env.url(&route)).await;
        assert_eq!(resp.status(), 404, "non-member GET {route}");
    }
    assert_eq!(
        dave.json(reqwest::Method::GET, &assessment, None)
            .await
            .status(),
        404
    );
    let listed: Value = dave
        .json(reqwest::Method::GET, &env.url("/api/assessments"), None)
        .await
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    assert!(!listed.to_string().contains(&id));
    assert_eq!(
        dave.json(
            reqwest::Method::GET,
            &env.url(&format!("/api/workspaces/{ws_id}")),
            None
        )
        .await
        .status(),
        404
    );

    // Bob cannot manage members (403); alice makes him an editor and he can edit.
    let detail: Value = alice
        .json(
            reqwest::Method::GET,
            &env.url(&format!("/api/workspaces/{ws_id}")),
            None,
        )
        .await
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    let member_id = |email: &str| {
        detail["members"]
            .as_array()
            .expect("members")
            .iter()
            .find(|m| m["email"] == email)
            .and_then(|m| m["user_id"].as_str())
            .unwrap_or_else(|| panic!("{email} is a member: {detail}"))
            .to_owned()
    };
    let bob_id = member_id("bob@example.com");
    let alice_id = member_id("alice@example.com");
    let bob_role_url = env.url(&format!("/api/workspaces/{ws_id}/members/{bob_id}"));
    let resp = bob
        .json(
            reqwest::Method::PUT,
            &bob_role_url,
            Some(json!({ "role": "owner" })),
        )
        .await;
    assert_eq!(resp.status(), 403);
    let resp = alice
        .json(
            reqwest::Method::PUT,
            &bob_role_url,
            Some(json!({ "role": "editor" })),
        )
        .await;
    assert_eq!(resp.status(), 204);
    let put = bob
        .http
        .put(&assessment)
        .header("if-match", "2")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&update(2)).expect("json"));
    let resp = bob.send(put, &assessment).await;
    assert!(
        resp.status().is_success(),
        "bob as editor: {}",
        resp.status()
    );

    // The last owner cannot leave or be demoted.
    let resp = alice
        .json(
            reqwest::Method::PUT,
            &env.url(&format!("/api/workspaces/{ws_id}/members/{alice_id}")),
            Some(json!({ "role": "viewer" })),
        )
        .await;
    assert_eq!(resp.status(), 422);

    // An email invitation to someone who signed in before makes them a member at once.
    let resp = alice
        .json(
            reqwest::Method::POST,
            &env.url(&format!("/api/workspaces/{ws_id}/invitations")),
            Some(json!({ "email": "Dave@Example.com", "role": "viewer" })),
        )
        .await;
    let answer: Value = resp
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    assert_eq!(answer["status"], "member");
    assert_eq!(
        dave.json(reqwest::Method::GET, &assessment, None)
            .await
            .status(),
        200
    );

    // Removing bob ends his access at once.
    assert_eq!(
        alice
            .json(reqwest::Method::DELETE, &bob_role_url, None)
            .await
            .status(),
        204
    );
    assert_eq!(
        bob.json(reqwest::Method::GET, &assessment, None)
            .await
            .status(),
        404
    );

    // Sign-out (CSRF-checked) deletes the session: the cookie no longer reads anything.
    let token = carol
        .cookie(&env.app, "ca_session")
        .cloned()
        .expect("session");
    let page = carol
        .get(&env.url("/auth/sign-out"))
        .await
        .text()
        .await
        .expect("html");
    let csrf = page
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("csrf field")
        .to_owned();
    let forged = carol
        .post_form(&env.url("/auth/sign-out"), &[("_csrf", "forged")])
        .await;
    assert_eq!(forged.status(), 403);
    let resp = carol
        .post_form(&env.url("/auth/sign-out"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(resp.status(), 303);
    assert!(carol.cookie(&env.app, "ca_session").is_none());
    let hash = connect_advisor::web::security::hash_secret(&token);
    assert!(env.store.session(&hash).await.expect("store").is_none());
    let mut replay = Browser::new();
    replay
        .cookies
        .entry(origin_of(&env.app))
        .or_default()
        .insert("ca_session".into(), token);
    assert_eq!(
        replay
            .json(reqwest::Method::GET, &assessment, None)
            .await
            .status(),
        404
    );
    assert_eq!(me(&env, &mut replay).await["signed_in"], false);
}

#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/oidc-provider"]
async fn a_session_expires() {
    let env = Env::start(Duration::from_secs(2)).await;
    let mut erin = Browser::new();
    sign_in(&env, &mut erin, "erin").await;
    // Signing in again in the same browser ends the previous session.
    let first = erin
        .cookie(&env.app, "ca_session")
        .cloned()
        .expect("session");
    sign_in(&env, &mut erin, "erin").await;
    let hash = |t: &str| connect_advisor::web::security::hash_secret(t);
    assert!(
        env.store
            .session(&hash(&first))
            .await
            .expect("store")
            .is_none()
    );
    let second = erin
        .cookie(&env.app, "ca_session")
        .cloned()
        .expect("session");
    assert_ne!(first, second);
    assert!(
        env.store
            .session(&hash(&second))
            .await
            .expect("store")
            .is_some()
    );
    assert_eq!(me(&env, &mut erin).await["signed_in"], true);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(me(&env, &mut erin).await["signed_in"], false);
    let page = erin.get(&env.url("/")).await.text().await.expect("html");
    assert!(
        page.contains("href=\"/auth/sign-in\""),
        "Sign in is offered again"
    );
}

#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/oidc-provider"]
async fn a_tampered_state_a_replayed_callback_and_a_wrong_nonce_are_refused() {
    let env = Env::start(Duration::from_secs(3600)).await;

    // A state that is not the one this browser's sign-in sent.
    let mut browser = Browser::new();
    let callback = until_callback(&env, &mut browser, "alice").await;
    let mut url = url::Url::parse(&callback).expect("url");
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                format!("{v}x")
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    let resp = browser.get(url.as_str()).await;
    assert_eq!(resp.status(), 400);
    let text = resp.text().await.expect("text");
    assert!(text.contains("state mismatch"), "{text}");
    assert!(browser.cookie(&env.app, "ca_session").is_none());
    // The sign-in was used up: the genuine callback no longer completes it.
    let resp = browser.get(&callback).await;
    assert_eq!(resp.status(), 400);
    assert!(browser.cookie(&env.app, "ca_session").is_none());

    // Another browser's callback (no sign-in cookie here) is refused.
    let mut other = Browser::new();
    let callback = until_callback(&env, &mut other, "alice").await;
    let mut stranger = Browser::new();
    assert_eq!(stranger.get(&callback).await.status(), 400);

    // A nonce that is not the one in the ID token: the crate's check refuses it.
    let mut browser = Browser::new();
    let callback = until_callback(&env, &mut browser, "alice").await;
    let Store::Sqlite(db) = &env.store else {
        panic!("sqlite")
    };
    sqlx::query("UPDATE oidc_logins SET nonce = 'not-the-nonce-that-was-sent'")
        .execute(db.pool())
        .await
        .expect("update");
    let resp = browser.get(&callback).await;
    assert_eq!(resp.status(), 400);
    let text = resp.text().await.expect("text");
    assert!(text.to_lowercase().contains("nonce"), "{text}");
    assert!(browser.cookie(&env.app, "ca_session").is_none());

    // Starting sign-ins is limited per address (a bucket of 30, one more every 2 s; three were
    // started above): each start stores a pending sign-in, so one address cannot flood the
    // table. A slow machine may earn a token or two back while the test runs.
    let mut flood = Browser::new();
    let mut started = 3;
    let refused = loop {
        let resp = flood.get(&env.url("/auth/sign-in")).await;
        if resp.status() != 303 {
            break resp;
        }
        started += 1;
        assert!(started <= 40, "no limit after 40 sign-ins started");
    };
    assert!(started >= 30, "the limit came after only {started} starts");
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    let text = refused.text().await.expect("text");
    assert!(text.contains("Too many sign-ins"), "{text}");
}

/// Without `--oidc-issuer` nothing of sign-in exists.
#[tokio::test]
async fn without_an_issuer_there_is_no_sign_in() {
    let store = Store::connect("sqlite::memory:").await.expect("store");
    let app = router(AppState::new(
        store,
        Settings::default(),
        PriceBook::embedded().expect("book"),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let mut browser = Browser::new();
    for path in [
        "/auth/sign-in",
        "/auth/callback?code=x&state=y",
        "/workspaces",
        "/api/me",
        "/api/workspaces",
    ] {
        let resp = browser.get(&format!("{base}{path}")).await;
        assert_eq!(resp.status(), 404, "{path}");
    }
    let home = browser
        .get(&format!("{base}/"))
        .await
        .text()
        .await
        .expect("html");
    assert!(
        !home.contains("Sign in"),
        "no sign-in link without an issuer"
    );
    server.abort();
}

fn csrf_of(html: &str) -> String {
    html.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a CSRF field")
        .to_owned()
}

/// The workspace pages work as plain forms: create (a bad name re-rendered with what was
/// typed), invite (errors next to their fields, input kept), change a role, withdraw; and a
/// new assessment goes only into a workspace the creator may edit in.
#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/oidc-provider"]
async fn workspace_pages_work_without_javascript() {
    let env = Env::start(Duration::from_secs(3600)).await;
    let mut alice = Browser::new();
    sign_in(&env, &mut alice, "alice").await;
    let page = alice.get(&env.url("/workspaces")).await;
    assert_eq!(page.status(), 200);
    let csrf = csrf_of(&page.text().await.expect("html"));

    let resp = alice
        .post_form(
            &env.url("/workspaces"),
            &[("_csrf", &csrf), ("name", "  \t ")],
        )
        .await;
    assert_eq!(resp.status(), 422);
    assert!(
        resp.text()
            .await
            .expect("html")
            .contains("Give the workspace a name.")
    );
    let long = "x".repeat(101);
    let resp = alice
        .post_form(
            &env.url("/workspaces"),
            &[("_csrf", &csrf), ("name", &long)],
        )
        .await;
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.expect("html");
    assert!(html.contains(&format!("value=\"{long}\"")), "input kept");
    assert!(html.contains("at most 100"), "{html}");

    let resp = alice
        .post_form(
            &env.url("/workspaces"),
            &[("_csrf", &csrf), ("name", "FinOps review")],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let ws_page = location(&resp, &env.app);
    let ws_id = ws_page.rsplit('/').next().expect("id").to_owned();
    let html = alice.get(&ws_page).await.text().await.expect("html");
    assert!(html.contains("FinOps review") && html.contains("Your role: <strong>owner"));

    // Invite with a bad address and an unknown role: both errors shown, input kept.
    let invite = env.url(&format!("/workspaces/{ws_id}/invite"));
    let resp = alice
        .post_form(
            &invite,
            &[
                ("_csrf", &csrf),
                ("email", "bob@"),
                ("group", ""),
                ("role", "boss"),
            ],
        )
        .await;
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.expect("html");
    assert!(
        html.contains("id=\"inv-email-error\"") && html.contains("id=\"inv-role-error\""),
        "{html}"
    );
    assert!(html.contains("value=\"bob@\""), "input kept");
    // A form without the CSRF token is refused.
    let resp = alice
        .post_form(&invite, &[("email", "bob@example.com"), ("role", "viewer")])
        .await;
    assert_eq!(resp.status(), 403);
    let resp = alice
        .post_form(
            &invite,
            &[
                ("_csrf", &csrf),
                ("email", "bob@example.com"),
                ("group", ""),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let html = alice.get(&ws_page).await.text().await.expect("html");
    assert!(
        html.contains("bob@example.com"),
        "the open invitation is listed"
    );

    // Bob signs in, is an editor, and sees the page but not its owner forms.
    let mut bob = Browser::new();
    sign_in(&env, &mut bob, "bob").await;
    let html = bob.get(&ws_page).await.text().await.expect("html");
    assert!(html.contains("Your role: <strong>editor") && !html.contains("/invite\""));
    let bob_csrf = csrf_of(
        &bob.get(&env.url("/workspaces"))
            .await
            .text()
            .await
            .expect("html"),
    );
    let resp = bob
        .post_form(
            &invite,
            &[
                ("_csrf", &bob_csrf),
                ("email", "x@example.com"),
                ("role", "owner"),
            ],
        )
        .await;
    assert_eq!(resp.status(), 403);

    // Alice makes bob a viewer through the member form.
    let detail: Value = alice
        .json(
            reqwest::Method::GET,
            &env.url(&format!("/api/workspaces/{ws_id}")),
            None,
        )
        .await
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    let bob_id = detail["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["email"] == "bob@example.com")
        .and_then(|m| m["user_id"].as_str())
        .expect("bob")
        .to_owned();
    let resp = alice
        .post_form(
            &env.url(&format!("/workspaces/{ws_id}/members/{bob_id}")),
            &[("_csrf", &csrf), ("role", "viewer")],
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert!(
        bob.get(&ws_page)
            .await
            .text()
            .await
            .expect("html")
            .contains("Your role: <strong>viewer")
    );

    // A viewer cannot create into the workspace (422 naming `workspace`); an unknown id neither.
    for target in [ws_id.as_str(), "not-a-workspace"] {
        let url = env.url(&format!("/api/assessments?workspace={target}"));
        let resp = bob
            .json(reqwest::Method::POST, &url, Some(scenario()))
            .await;
        assert_eq!(resp.status(), 422, "{target}");
        let body: Value = resp
            .bytes()
            .await
            .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
            .expect("json");
        assert_eq!(body["errors"][0]["field"], "workspace", "{body}");
    }
    // With no workspace to edit in, bob's assessment belongs to none (only his key opens it).
    let resp = bob
        .json(
            reqwest::Method::POST,
            &env.url("/api/assessments"),
            Some(scenario()),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let created: Value = resp
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).expect("a JSON body"))
        .expect("json");
    let id: uuid::Uuid = created["id"].as_str().expect("id").parse().expect("uuid");
    assert_eq!(
        env.store.assessment_workspace(id).await.expect("store"),
        Some(None)
    );
    let assessment = env.url(&format!("/api/assessments/{id}"));
    assert_eq!(
        alice
            .json(reqwest::Method::GET, &assessment, None)
            .await
            .status(),
        404
    );

    // The questionnaire asks alice which of her workspaces a new assessment goes into.
    let resp = alice
        .post_form(
            &env.url("/workspaces"),
            &[("_csrf", &csrf), ("name", "Platform team")],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let platform_id = location(&resp, &env.app)
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    let html = alice
        .get(&env.url(&format!("/workspaces/{platform_id}")))
        .await
        .text()
        .await
        .expect("html");
    let new_here = format!("/assessments/new?workspace={platform_id}");
    assert!(
        html.contains(&new_here),
        "the workspace links its own questionnaire"
    );
    let html = alice
        .get(&env.url(&new_here))
        .await
        .text()
        .await
        .expect("html");
    let choices = workspace_choices(&html);
    assert_eq!(choices.len(), 2, "{choices:?}");
    assert!(
        choices.contains(&(platform_id.clone(), "Platform team".to_owned(), true))
            && choices.contains(&(ws_id.clone(), "FinOps review".to_owned(), false)),
        "{choices:?}"
    );
    // Bob, a viewer only, is offered no workspace.
    let html = bob
        .get(&env.url("/assessments/new"))
        .await
        .text()
        .await
        .expect("html");
    assert!(workspace_choices(&html).is_empty());

    // A form action (add a connector row) keeps the choice; a save creates into it.
    let mut pairs = form::questionnaire_pairs(&html_of(&mut alice, &env.url(&new_here)).await);
    pairs.retain(|(k, _)| k != "action");
    let set = |pairs: &mut Vec<(String, String)>, k: &str, v: &str| {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k.to_owned(), v.to_owned()));
    };
    set(&mut pairs, "name", "Form estate");
    set(&mut pairs, "workload.write_mb_per_s", "8");
    set(&mut pairs, "workload.topics", "4");
    set(&mut pairs, "workload.partitions", "16");
    set(&mut pairs, "connectors[0].name", "orders-cdc");
    set(
        &mut pairs,
        "connectors[0].class",
        "io.debezium.connector.postgresql.PostgresConnector",
    );
    let post = |pairs: &[(String, String)], extra: (&str, &str)| {
        let mut all: Vec<(String, String)> = pairs.to_vec();
        all.push((extra.0.to_owned(), extra.1.to_owned()));
        all
    };
    let added = alice
        .post_form_owned(
            &env.url("/assessments"),
            &post(&pairs, ("action", "add_connector")),
        )
        .await;
    assert_eq!(added.status(), 200);
    let html = added.text().await.expect("html");
    assert!(
        workspace_choices(&html).contains(&(platform_id.clone(), "Platform team".to_owned(), true)),
        "the choice is kept across a form action"
    );
    // An id alice cannot create in: the form again (422), her input and the error kept.
    let mut bad = pairs.clone();
    set(&mut bad, "workspace", "not-a-workspace");
    let resp = alice
        .post_form_owned(&env.url("/assessments"), &post(&bad, ("action", "save")))
        .await;
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.expect("html");
    assert!(
        html.contains("href=\"#f-workspace\"") && html.contains("not a workspace id"),
        "{html}"
    );
    assert!(html.contains("value=\"Form estate\""), "input kept");
    let resp = alice
        .post_form_owned(&env.url("/assessments"), &post(&pairs, ("action", "save")))
        .await;
    assert_eq!(
        resp.status(),
        201,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let html = resp.text().await.expect("html");
    let created = html
        .split("/assessments/")
        .skip(1)
        .find_map(|rest| rest.get(..36).and_then(|id| id.parse::<uuid::Uuid>().ok()))
        .expect("the created page links the assessment");
    let platform: uuid::Uuid = platform_id.parse().expect("uuid");
    assert_eq!(
        env.store
            .assessment_workspace(created)
            .await
            .expect("store"),
        Some(Some(platform))
    );
}

async fn html_of(browser: &mut Browser, url: &str) -> String {
    let resp = browser.get(url).await;
    assert_eq!(resp.status(), 200, "{url}");
    resp.text().await.expect("html")
}

/// The questionnaire's workspace options: (id, name, selected).
fn workspace_choices(html: &str) -> Vec<(String, String, bool)> {
    let doc = scraper::Html::parse_document(html);
    let option = scraper::Selector::parse("select[name=workspace] option").expect("selector");
    doc.select(&option)
        .map(|o| {
            (
                o.value().attr("value").unwrap_or_default().to_owned(),
                o.text().collect::<String>(),
                o.value().attr("selected").is_some(),
            )
        })
        .collect()
}
