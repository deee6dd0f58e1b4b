//! One error type per audience: HTML pages and the JSON API.

use askama::Template;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::limits::{AdmitError, Refused, retry_after_secs};
use crate::domain::ValidationErrors;
use crate::store::StoreError;

/// Something a page handler could not do, rendered as a friendly error page.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound,
    #[error("gone")]
    Gone(&'static str),
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("database unavailable")]
    Unavailable,
    #[error("refused by a limit: {0:?}")]
    Limited(Refused),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AdmitError> for PageError {
    fn from(e: AdmitError) -> Self {
        match e {
            AdmitError::Refused(r) => Self::Limited(r),
            AdmitError::Store(e) => e.into(),
        }
    }
}

impl From<AdmitError> for ApiError {
    fn from(e: AdmitError) -> Self {
        match e {
            AdmitError::Refused(r) => Self::Limited(r),
            AdmitError::Store(e) => e.into(),
        }
    }
}

/// Status, message and `Retry-After` of a refused creation.
fn limited(r: Refused) -> (StatusCode, String, Option<u64>) {
    match r {
        Refused::TooFast { retry_after } => {
            let secs = retry_after_secs(retry_after);
            (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Too many assessments were created from your address in a short time. Try again in {secs} s."
                ),
                Some(secs),
            )
        }
        Refused::SignInTooFast { retry_after } => {
            let secs = retry_after_secs(retry_after);
            (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Too many sign-ins were started from your address in a short time. Try again in {secs} s."
                ),
                Some(secs),
            )
        }
        Refused::Full { max } => (
            StatusCode::INSUFFICIENT_STORAGE,
            format!(
                "This instance holds its maximum of {max} assessments; ask its operator to raise --max-assessments or remove old ones."
            ),
            None,
        ),
    }
}

fn with_retry_after(mut resp: Response, secs: Option<u64>) -> Response {
    if let Some(v) = secs.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Unavailable(_) => {
                tracing::error!(error = %e, "database unavailable");
                Self::Unavailable
            }
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(anyhow::Error::new(e))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut retry = None;
        let (status, title, message): (StatusCode, &str, String) = match &self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "There is nothing at this address. The link may be mistyped, revoked or expired.".into(),
            ),
            Self::Gone(msg) => (StatusCode::GONE, "No longer available", (*msg).into()),
            Self::Forbidden(msg) => (StatusCode::FORBIDDEN, "Not allowed", (*msg).into()),
            Self::Limited(r) => {
                let (status, message, secs) = limited(*r);
                retry = secs;
                (status, "Not now", message)
            }
            Self::BadRequest(msg) => (StatusCode::BAD_REQUEST, "Bad request", msg.clone()),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Temporarily unavailable",
                "The database cannot be reached right now. Nothing you saved is lost; please try again in a moment."
                    .into(),
            ),
            Self::Internal(err) => {
                // Logged once, here, with its cause chain; the user sees no internals.
                tracing::error!(error = ?err, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong", "The error has been logged.".into())
            }
        };
        let page = ErrorPage {
            status: status.as_u16(),
            title,
            message: &message,
        };
        let body = page.render().unwrap_or_else(|_| message.clone());
        let mut resp = (status, Html(body)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        with_retry_after(resp, retry)
    }
}

/// Why the report of a stored revision could not be produced: the one error type of report
/// evaluation and rendering, turned into a page or an API answer by the handler's audience.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No such assessment or revision (or none the caller may read).
    #[error("not found")]
    NotFound,
    /// A stored revision that no longer passes validation (after a rule change).
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<askama::Error> for ReportError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(anyhow::Error::new(e))
    }
}

impl From<serde_json::Error> for ReportError {
    fn from(e: serde_json::Error) -> Self {
        Self::Internal(anyhow::Error::new(e))
    }
}

impl From<ReportError> for PageError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::NotFound => Self::NotFound,
            ReportError::Invalid(m) => Self::BadRequest(m),
            ReportError::Store(e) => e.into(),
            ReportError::Internal(e) => Self::Internal(e),
        }
    }
}

impl From<ReportError> for ApiError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::NotFound => Self::NotFound,
            ReportError::Invalid(m) => Self::BadRequest(m),
            ReportError::Store(e) => e.into(),
            ReportError::Internal(e) => Self::Internal(e),
        }
    }
}

/// An API failure, answered as JSON with a status code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Invalid(ValidationErrors),
    #[error("not found")]
    NotFound,
    #[error("missing credentials")]
    Unauthorized(&'static str),
    #[error("forbidden")]
    Forbidden(&'static str),
    #[error("conflict")]
    Conflict { current: u32 },
    #[error("precondition required")]
    PreconditionRequired,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("database unavailable")]
    Unavailable,
    #[error("creation refused: {0:?}")]
    Limited(Refused),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict { current } => Self::Conflict { current },
            StoreError::Unavailable(_) => {
                tracing::error!(error = %e, "database unavailable");
                Self::Unavailable
            }
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Self::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "validation_failed", "errors": errors }),
            ),
            Self::NotFound => (StatusCode::NOT_FOUND, json!({ "error": "not_found" })),
            Self::Unauthorized(msg) => {
                let mut resp = (
                    StatusCode::UNAUTHORIZED,
                    Json(json!({ "error": "unauthorized", "message": msg })),
                )
                    .into_response();
                resp.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"connect-advisor\""),
                );
                return resp;
            }
            Self::Forbidden(msg) => (
                StatusCode::FORBIDDEN,
                json!({ "error": "forbidden", "message": msg }),
            ),
            Self::Conflict { current } => (
                StatusCode::CONFLICT,
                json!({
                    "error": "conflict",
                    "message": "the assessment changed since the revision named in If-Match; fetch it, merge, and retry",
                    "current_revision": current
                }),
            ),
            Self::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                json!({ "error": "precondition_required", "message": "send If-Match: <revision> to update" }),
            ),
            Self::BadRequest(msg) => (
                StatusCode::BAD_REQUEST,
                json!({ "error": "bad_request", "message": msg }),
            ),
            Self::Limited(r) => {
                let (status, message, secs) = limited(r);
                let error = if secs.is_some() {
                    "too_many_requests"
                } else {
                    "instance_full"
                };
                let body = Json(json!({ "error": error, "message": message }));
                return with_retry_after((status, body).into_response(), secs);
            }
            Self::Unavailable => {
                let mut resp = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Json(json!({ "error": "unavailable", "message": "database unavailable; retry shortly" })),
                )
                    .into_response();
                resp.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                return resp;
            }
            Self::Internal(err) => {
                tracing::error!(error = ?err, "api request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({ "error": "internal", "message": "something went wrong" }),
                )
            }
        };
        (status, Json(body)).into_response()
    }
}

/// Middleware: every `/api/…` answer is JSON, errors included. Handlers answer JSON already;
/// this catches what comes from elsewhere — extractor rejections (a bad query parameter, a
/// wrong content type), `405`, the body limit's `413`, the timeout's `408`, a caught panic's
/// `500` — and rewrites its body as `{ "error", "message" }`, keeping status and headers.
pub async fn api_errors_as_json(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    let api = path == "/api" || path.starts_with("/api/");
    let resp = next.run(req).await;
    let status = resp.status();
    if !api || !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") {
        return resp;
    }
    let plain = content_type.starts_with("text/plain");
    let (mut parts, body) = resp.into_parts();
    // Rejection texts are a line or two; a longer body is not one of them.
    let text = if plain {
        axum::body::to_bytes(body, 4096)
            .await
            .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
            .unwrap_or_default()
    } else {
        String::new()
    };
    let error = match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "validation_failed",
        StatusCode::NOT_ACCEPTABLE => "not_acceptable",
        s if s.is_server_error() => "internal",
        _ => "error",
    };
    let message = if status.is_server_error() || text.is_empty() {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => "the request body is larger than this server accepts",
            StatusCode::REQUEST_TIMEOUT => "the request took too long",
            StatusCode::METHOD_NOT_ALLOWED => {
                "this method is not allowed here; see the Allow header"
            }
            StatusCode::NOT_FOUND => "no such API resource",
            s if s.is_server_error() => "something went wrong",
            s => s.canonical_reason().unwrap_or("error"),
        }
        .to_owned()
    } else {
        text
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = json!({ "error": error, "message": message }).to_string();
    Response::from_parts(parts, axum::body::Body::from(body))
}
