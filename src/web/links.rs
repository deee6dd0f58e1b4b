//! Absolute links people can paste: the edit and share links shown "only this once".
//!
//! The base is `--public-url` when set. Otherwise it is the request's own origin: `Host`, or
//! `X-Forwarded-Host` / `X-Forwarded-Proto` when `--trust-forwarded-headers` says a proxy sets
//! them (a client could otherwise pick the host its link points to). A header that is not a
//! plain host name gives no base, and the link stays relative rather than wrong.

use axum::http::HeaderMap;
use axum::http::header::HOST;

use crate::config::Settings;

/// `https://advisor.example.com` (no trailing slash), or `""` when nothing trustworthy is known.
pub fn base_url(settings: &Settings, headers: &HeaderMap) -> String {
    if let Some(url) = settings.public_url.as_deref() {
        return url.trim_end_matches('/').to_owned();
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            // A proxy chain lists the client-facing value first.
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let forwarded = settings.trust_forwarded_headers;
    let host = forwarded
        .then(|| header("x-forwarded-host"))
        .flatten()
        .or_else(|| header(HOST.as_str()));
    let Some(host) = host.filter(|h| is_host(h)) else {
        return String::new();
    };
    let scheme = forwarded
        .then(|| header("x-forwarded-proto"))
        .flatten()
        .map(str::to_ascii_lowercase)
        .filter(|p| p == "http" || p == "https")
        .unwrap_or_else(|| {
            if settings.secure_cookies {
                "https".to_owned()
            } else {
                "http".to_owned()
            }
        });
    format!("{scheme}://{host}")
}

/// `name`, `name:port`, `1.2.3.4:8080` or `[::1]:8080`: nothing that could carry a path,
/// credentials or markup into a link.
fn is_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_public_url_wins() {
        let s = Settings {
            public_url: Some("https://advisor.example.com/".into()),
            ..Settings::default()
        };
        let h = headers(&[("host", "evil.example"), ("x-forwarded-host", "x.example")]);
        assert_eq!(base_url(&s, &h), "https://advisor.example.com");
    }

    #[test]
    fn forwarded_headers_count_only_when_trusted() {
        let h = headers(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-host", "advisor.example.com"),
            ("x-forwarded-proto", "https"),
        ]);
        assert_eq!(base_url(&Settings::default(), &h), "http://10.0.0.5:8080");
        let trusting = Settings {
            trust_forwarded_headers: true,
            ..Settings::default()
        };
        assert_eq!(base_url(&trusting, &h), "https://advisor.example.com");
        let proxied_twice = headers(&[
            ("host", "internal"),
            ("x-forwarded-host", "advisor.example.com, edge.internal"),
            ("x-forwarded-proto", "https,http"),
        ]);
        assert_eq!(
            base_url(&trusting, &proxied_twice),
            "https://advisor.example.com"
        );
    }

    #[test]
    fn a_host_that_is_not_a_host_gives_a_relative_link() {
        for bad in ["a.example/evil", "user@a.example", "a.example\"><b>", ""] {
            let h = headers(&[("host", bad)]);
            assert_eq!(base_url(&Settings::default(), &h), "", "{bad}");
        }
        assert_eq!(base_url(&Settings::default(), &HeaderMap::new()), "");
        let h = headers(&[("host", "[::1]:8080")]);
        assert_eq!(base_url(&Settings::default(), &h), "http://[::1]:8080");
    }
}
