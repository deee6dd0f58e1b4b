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

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((creds, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match creds.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact_url("postgres://u:p%40ss@h:5432/d"),
            "postgres://u:***@h:5432/d"
        );
        assert_eq!(
            super::redact_url("sqlite://data/x.db"),
            "sqlite://data/x.db"
        );
    }
}
