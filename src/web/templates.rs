//! Rendering a page template (askama) into a response. The view models live with the
//! handlers that fill them.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Render a template into a response with `status`, or a logged 500.
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => super::PageError::from(e).into_response(),
    }
}
