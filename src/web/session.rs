//! Who is signed in on a request (team sign-in, optional): the session cookie, resolved once by
//! [`session_layer`] into a [`SignedIn`] for the extractors and into the header's sign-in state
//! for templates. The routes that start and end a session are `auth`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use time::OffsetDateTime;
use uuid::Uuid;

use super::security::{hash_secret, looks_like_token};
use super::{ApiError, AppState, PageError};
use crate::report::html::chrome::{Nav, with_nav};

/// The session cookie: a random token whose SHA-256 keys the session row.
pub const SESSION_COOKIE: &str = "ca_session";

/// The person signed in on this request (a live session).
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user_id: Uuid,
    pub email: Option<String>,
    pub display_name: Option<String>,
    /// SHA-256 of the session token: the session row's key.
    pub session_hash: String,
    pub expires_at: OffsetDateTime,
}

impl SignedIn {
    /// How the header and revision history name this person.
    pub fn label(&self) -> String {
        self.email
            .clone()
            .or_else(|| self.display_name.clone())
            .unwrap_or_else(|| format!("user {}", self.user_id))
    }
}

/// Resolve the session cookie (when sign-in is on), put the [`SignedIn`] in the request's
/// extensions for the extractors, and make it known to templates while the handler runs.
pub async fn session_layer(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    if state.oidc.is_none() {
        return next.run(req).await;
    }
    let jar = CookieJar::from_headers(req.headers());
    let token = jar
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| looks_like_token(v));
    let mut signed_in = None;
    if let Some(token) = token {
        let hash = hash_secret(&token);
        match state.store.session(&hash).await {
            Ok(Some(s)) => {
                signed_in = Some(Arc::new(SignedIn {
                    user_id: s.user_id,
                    email: s.email,
                    display_name: s.display_name,
                    session_hash: hash,
                    expires_at: s.expires_at,
                }));
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the session");
                let api = req.uri().path().starts_with("/api/");
                return if api {
                    ApiError::from(e).into_response()
                } else {
                    PageError::from(e).into_response()
                };
            }
        }
    }
    let nav = Nav {
        enabled: true,
        user: signed_in.as_ref().map(|s| s.label()),
    };
    if let Some(s) = signed_in {
        req.extensions_mut().insert(s);
    }
    with_nav(nav, next.run(req)).await
}
