//! Runtime settings of the server, from flags and environment.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How the server runs. Built by the CLI from flags and `CONNECT_ADVISOR_*` environment variables.
#[derive(Debug, Clone)]
pub struct Settings {
    pub addr: SocketAddr,
    /// `sqlite://…` or `postgres://…`; `None` = SQLite under `./data/`.
    pub database_url: Option<String>,
    /// Price catalogs to use instead of the embedded ones.
    pub pricing_dir: Option<PathBuf>,
    /// Mark cookies `Secure` (set when served over HTTPS, e.g. behind a TLS-terminating proxy).
    pub secure_cookies: bool,
    /// Base URL used in links the API returns (share and edit links), e.g. `https://advisor.example.com`.
    pub public_url: Option<String>,
    /// Record the user named by a fronting proxy's identity header as the author of revisions.
    pub trust_identity_headers: bool,
    /// Without `public_url`, build absolute links from `X-Forwarded-Host`/`-Proto` (else from
    /// `Host`). Only behind a proxy that sets them: a client could otherwise choose the host
    /// its edit link points to.
    pub trust_forwarded_headers: bool,
    /// Largest accepted request body, bytes.
    pub body_limit_bytes: usize,
    /// Largest accepted connector-import upload (a Connect REST listing), bytes.
    pub import_body_limit_bytes: usize,
    /// Requests that take longer are answered 408.
    pub request_timeout: std::time::Duration,
    /// Memory budget of the report cache (evaluated reports and compressed renderings), bytes.
    pub report_cache_bytes: usize,
    /// A connection that has not sent a complete request head in this time is closed.
    pub header_read_timeout: std::time::Duration,
    /// After SIGTERM or Ctrl-C, connections still open after this long are closed.
    pub shutdown_timeout: std::time::Duration,
    /// Hex SHA-256 of the operator's admin token (`--admin-token-file`): a Bearer token that
    /// reads and edits every assessment. `None` = no admin access.
    pub admin_token_hash: Option<String>,
    /// Anonymous creations allowed per client address and minute, after the burst; 0 = no limit.
    pub create_rate_per_minute: u32,
    /// Creations a client address may make at once before the rate applies.
    pub create_burst: u32,
    /// Sign-ins a client address may start per minute (each writes a pending sign-in row for
    /// ten minutes); 0 = no limit.
    pub sign_in_rate_per_minute: u32,
    /// Most assessments this instance holds; creation beyond answers 507. `None` = no bound.
    pub max_assessments: Option<u64>,
    /// Take the client address from the last `X-Forwarded-For` entry (behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    /// Team sign-in with an OpenID Connect provider; `None` = no sign-in (the default).
    pub oidc: Option<OidcSettings>,
    /// How long a sign-in lasts.
    pub session_lifetime: std::time::Duration,
}

/// This app's registration with an OpenID Connect provider (`--oidc-*`).
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// The issuer URL, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`; discovery reads
    /// `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    /// `None` for a public client (PKCE only).
    pub client_secret: Option<Secret>,
}

/// A secret that never shows in `Debug` output or logs.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: None,
            pricing_dir: None,
            secure_cookies: false,
            public_url: None,
            trust_identity_headers: false,
            trust_forwarded_headers: false,
            body_limit_bytes: 2 * 1024 * 1024,
            import_body_limit_bytes: 16 * 1024 * 1024,
            request_timeout: std::time::Duration::from_secs(30),
            report_cache_bytes: 64 * 1024 * 1024,
            header_read_timeout: std::time::Duration::from_secs(10),
            shutdown_timeout: std::time::Duration::from_secs(10),
            admin_token_hash: None,
            create_rate_per_minute: 60,
            create_burst: 30,
            sign_in_rate_per_minute: 30,
            max_assessments: None,
            trust_forwarded_for: false,
            oidc: None,
            session_lifetime: std::time::Duration::from_secs(12 * 3600),
        }
    }
}

impl Settings {
    /// The database URL to open: the configured one, or the embedded SQLite default.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| crate::store::Store::default_sqlite_url().to_owned())
    }

    /// Database URL with any password replaced, for logs.
    pub fn redacted_database_url(&self) -> String {
        redact_url(&self.database_url())
    }
}

/// A URL fit for logs and error messages: the password replaced
/// (`postgres://user:secret@host/db` → `postgres://user:***@host/db`), and so is the value of
/// any query parameter that names a secret (`?password=…`, `sslpassword`, `token`, …). Parsed
/// by the `url` crate, so a password holding `@` or `:` is replaced whole; text that does not
/// parse as a URL is not echoed past its scheme.
pub fn redact_url(url: &str) -> String {
    const MASK: &str = "***";
    let Ok(mut parsed) = url::Url::parse(url) else {
        return match url.split_once(':') {
            Some((scheme, _))
                if scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
            {
                format!("{scheme}:{MASK} (not a valid URL)")
            }
            _ => format!("{MASK} (not a valid URL)"),
        };
    };
    if parsed.password().is_some() {
        // Only fails for URLs that cannot carry credentials, which then have no password.
        let _ = parsed.set_password(Some(MASK));
    }
    if parsed.query_pairs().any(|(key, _)| names_a_secret(&key)) {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let v = if names_a_secret(&k) {
                    MASK.to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

/// Query parameters that carry credentials in database and REST URLs (libpq's `password` and
/// `sslpassword`, tokens, keys, signatures).
fn names_a_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "apikey",
        "api_key",
        "sig",
        "credential",
    ]
    .iter()
    .any(|s| key.contains(s))
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:p%40ss@h:5432/d"),
            "postgres://u:***@h:5432/d"
        );
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
        assert_eq!(redact_url("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(
            redact_url("postgres://u@h/d?sslmode=require"),
            "postgres://u@h/d?sslmode=require"
        );
    }

    #[test]
    fn a_password_holding_at_or_colon_does_not_leak() {
        for url in [
            "postgres://advisor:s3cr@t@db.example.com:5432/app",
            "postgres://advisor:a:b@c@db.example.com/app",
            "https://user:p@ss:w@rd@connect.example.com:8083",
        ] {
            let shown = redact_url(url);
            assert!(
                !shown.contains("s3cr") && !shown.contains("a:b") && !shown.contains("rd@"),
                "{shown}"
            );
            assert!(shown.contains(":***@"), "{shown}");
        }
        assert_eq!(
            redact_url("postgres://advisor:s3cr@t@db.example.com:5432/app"),
            "postgres://advisor:***@db.example.com:5432/app"
        );
    }

    #[test]
    fn secrets_in_the_query_are_redacted() {
        assert_eq!(
            redact_url("postgres://h/d?user=u&password=hunter2&sslmode=require"),
            "postgres://h/d?user=u&password=***&sslmode=require"
        );
        let shown =
            redact_url("https://connect:8083/connectors?access_token=abc&SSLPassword=x&sig=y");
        assert!(
            !shown.contains("abc") && !shown.contains("=x") && !shown.contains("=y"),
            "{shown}"
        );
    }

    #[test]
    fn text_that_is_not_a_url_is_not_echoed() {
        assert_eq!(
            redact_url("postgres://u:secret@[bad-host/d"),
            "postgres:*** (not a valid URL)"
        );
        assert_eq!(redact_url("secret"), "*** (not a valid URL)");
    }
}
