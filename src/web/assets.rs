//! Static assets, embedded in the binary so a deployment is one file. Each is served under a
//! name carrying a hash of its content (`/static/app.3f2a….css`), so browsers may keep it for a
//! year (`immutable`): a new build with a changed file has a new name. Templates link them
//! through [`stylesheet_url`] and [`script_url`]; the plain names still answer, briefly cached,
//! for bookmarks and old pages.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub(super) const STYLESHEET: &str = crate::report::html::STYLESHEET;
const SCRIPT: &str = include_str!("../../static/app.js");
const SHORT: &str = "public, max-age=3600";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// An embedded file and its content-addressed URL.
struct Asset {
    body: &'static str,
    content_type: &'static str,
    url: String,
    etag: String,
}

impl Asset {
    fn new(stem: &str, ext: &str, body: &'static str, content_type: &'static str) -> Self {
        let hash = hex::encode(&Sha256::digest(body.as_bytes())[..8]);
        Self {
            body,
            content_type,
            url: format!("/static/{stem}.{hash}.{ext}"),
            etag: format!("\"{hash}\""),
        }
    }

    fn respond(&self, request: &HeaderMap, cache_control: &'static str) -> Response {
        let fresh = request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(',')
                    .any(|t| t.trim().trim_start_matches("W/") == self.etag)
            });
        let mut resp = if fresh {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut r = self.body.into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(self.content_type),
            );
            r
        };
        let h = resp.headers_mut();
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        if let Ok(v) = HeaderValue::from_str(&self.etag) {
            h.insert(header::ETAG, v);
        }
        resp
    }
}

static CSS: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("app", "css", STYLESHEET, "text/css; charset=utf-8"));
static JS: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("app", "js", SCRIPT, "text/javascript; charset=utf-8"));

/// The content-addressed URL of the stylesheet, for templates.
pub fn stylesheet_url() -> &'static str {
    &CSS.url
}

/// The content-addressed URL of the script, for templates.
pub fn script_url() -> &'static str {
    &JS.url
}

pub async fn stylesheet(headers: HeaderMap) -> Response {
    CSS.respond(&headers, SHORT)
}

pub async fn script(headers: HeaderMap) -> Response {
    JS.respond(&headers, SHORT)
}

pub async fn hashed_stylesheet(headers: HeaderMap) -> Response {
    CSS.respond(&headers, IMMUTABLE)
}

pub async fn hashed_script(headers: HeaderMap) -> Response {
    JS.respond(&headers, IMMUTABLE)
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_carry_a_content_hash() {
        let css = super::stylesheet_url();
        assert!(
            css.starts_with("/static/app.")
                && std::path::Path::new(&css)
                    .extension()
                    .is_some_and(|e| e == "css"),
            "{css}"
        );
        assert_eq!(css.len(), "/static/app.".len() + 16 + ".css".len());
        assert_ne!(super::script_url(), css);
    }
}
