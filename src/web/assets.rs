//! Static assets, embedded in the binary so a deployment is one file. Each is served under a
//! name carrying a hash of its content (`/static/app.3f2a….css`), so browsers may keep it for a
//! year (`immutable`): a new build with a changed file has a new name. Templates link them
//! through `report::html::chrome` (the URLs are part of every page's chrome); the plain names
//! still answer, briefly cached, for bookmarks and old pages.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::report::html::chrome::{Asset, CSS, JS};
pub use crate::report::html::chrome::{script_url, stylesheet_url};

const SHORT: &str = "public, max-age=3600";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn respond(asset: &Asset, request: &HeaderMap, cache_control: &'static str) -> Response {
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == asset.etag)
        });
    let mut resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = asset.body.into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        r
    };
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Ok(v) = HeaderValue::from_str(&asset.etag) {
        h.insert(header::ETAG, v);
    }
    resp
}

pub async fn stylesheet(headers: HeaderMap) -> Response {
    respond(&CSS, &headers, SHORT)
}

pub async fn script(headers: HeaderMap) -> Response {
    respond(&JS, &headers, SHORT)
}

pub async fn hashed_stylesheet(headers: HeaderMap) -> Response {
    respond(&CSS, &headers, IMMUTABLE)
}

pub async fn hashed_script(headers: HeaderMap) -> Response {
    respond(&JS, &headers, IMMUTABLE)
}
