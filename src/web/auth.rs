//! Team sign-in (optional): the OpenID Connect routes. The relying party is `oidc`; who is
//! signed in on a request (the session cookie, [`SignedIn`]) is `session`.
//!
//! - `GET /auth/sign-in` starts the authorization code flow: state, nonce and PKCE verifier
//!   are kept in the database under the hash of a short-lived HttpOnly cookie of this browser
//!   (so the callback only completes the sign-in this browser started, once).
//! - `GET /auth/callback` checks the state, exchanges the code and lets the `openidconnect`
//!   crate verify the ID token; then a session is stored (only the SHA-256 of its token) and
//!   its token set in the `ca_session` cookie (HttpOnly, SameSite=Lax, Secure with
//!   `--secure-cookies`), valid for `--session-hours`.
//! - `POST /auth/sign-out` (CSRF-checked) deletes the session row; `GET /auth/sign-out` shows
//!   the button, so the header's link works without JavaScript.
//!
//! Without `--oidc-issuer` none of this is mounted and nothing changes.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;
use time::OffsetDateTime;

pub use super::oidc::{Oidc, SignInError, VerifiedIdentity};

use super::extract::{CsrfForm, csrf_token};
use super::limits::ClientAddr;
use super::security::{hash_secret, looks_like_token, random_token, secret_matches};
use super::session::{SESSION_COOKIE, SignedIn};
use super::templates::render;
use super::{AppState, PageError};
use crate::store::{PendingLogin, SignInIdentity};

/// The cookie of a sign-in in progress (sent back only to `/auth`).
const SIGN_IN_COOKIE: &str = "ca_signin";
/// How long a sign-in may take at the provider.
const SIGN_IN_MINUTES: i64 = 10;

#[derive(Deserialize)]
pub struct SignInQuery {
    return_to: Option<String>,
}

/// A local path to go back to after signing in; anything else (another site, `//host`,
/// a backslash trick) is `/`.
fn safe_return_to(path: Option<&str>) -> String {
    match path.map(str::trim) {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control)
                && p.len() <= 2000
                && !p.starts_with("/auth/") =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn no_oidc() -> PageError {
    PageError::NotFound
}

/// `GET /auth/sign-in`: send the browser to the provider.
pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    Query(q): Query<SignInQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let oidc = state.oidc.as_ref().ok_or_else(no_oidc)?;
    // Each start stores a pending sign-in for ten minutes: bounded per address.
    state
        .limits
        .take_sign_in(client.0)
        .map_err(PageError::Limited)?;
    let auth = oidc.authorize();
    let cookie_token = random_token();
    let pending = PendingLogin {
        csrf_state: auth.csrf_state,
        nonce: auth.nonce,
        pkce_verifier: auth.pkce_verifier,
        return_to: safe_return_to(q.return_to.as_deref()),
    };
    let expires = OffsetDateTime::now_utc() + time::Duration::minutes(SIGN_IN_MINUTES);
    state
        .store
        .save_pending_login(&hash_secret(&cookie_token), &pending, expires)
        .await?;
    // Lax, not Strict: the provider sends the browser back with a cross-site navigation.
    let cookie = Cookie::build((SIGN_IN_COOKIE, cookie_token))
        .path("/auth")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .max_age(time::Duration::minutes(SIGN_IN_MINUTES))
        .build();
    Ok((
        jar.add(cookie),
        [(header::CACHE_CONTROL, "no-store")],
        Redirect::to(auth.url.as_str()),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

fn failed(message: impl Into<String>) -> PageError {
    PageError::BadRequest(format!(
        "Sign-in failed: {}. Start again from “Sign in”.",
        message.into()
    ))
}

/// `GET /auth/callback`: complete the sign-in this browser started.
pub async fn callback(
    State(state): State<AppState>,
    Query(q): Query<CallbackQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let oidc = state.oidc.as_ref().ok_or_else(no_oidc)?;
    let cookie = jar
        .get(SIGN_IN_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| looks_like_token(v))
        .ok_or_else(|| {
            failed("this browser has no sign-in in progress (or it took longer than 10 minutes)")
        })?;
    let jar = jar.remove(Cookie::build(SIGN_IN_COOKIE).path("/auth").build());
    // Taken once: a replayed callback finds nothing.
    let pending = state
        .store
        .take_pending_login(&hash_secret(&cookie))
        .await?
        .ok_or_else(|| {
            failed("this browser has no sign-in in progress (or it took longer than 10 minutes)")
        })?;
    let returned_state = q.state.as_deref().unwrap_or_default();
    if !secret_matches(returned_state, &hash_secret(&pending.csrf_state)) {
        return Err(failed(
            "the answer does not belong to the sign-in this browser started (state mismatch)",
        ));
    }
    if let Some(error) = q.error.as_deref() {
        let description = q.error_description.as_deref().unwrap_or("");
        let text: String = format!("the identity provider answered {error} {description}")
            .chars()
            .filter(|c| !c.is_control())
            .take(300)
            .collect();
        return Err(failed(text.trim().to_owned()));
    }
    let code = q
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| failed("the identity provider sent no authorization code"))?;
    let identity = oidc
        .complete(code, &pending.pkce_verifier, &pending.nonce)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "sign-in refused");
            failed(e.to_string())
        })?;
    // A browser that was signed in (perhaps as someone else) ends that session first.
    if let Some(old) = jar
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| looks_like_token(v))
    {
        state.store.delete_session(&hash_secret(&old)).await?;
    }
    let token = random_token();
    let expires = OffsetDateTime::now_utc()
        + time::Duration::try_from(state.settings.session_lifetime)
            .unwrap_or(time::Duration::hours(12));
    let user_id = state
        .store
        .sign_in(
            &SignInIdentity {
                issuer: &identity.issuer,
                subject: &identity.subject,
                email: identity.email.as_deref(),
                display_name: identity.name.as_deref(),
                groups: &identity.groups,
            },
            &hash_secret(&token),
            expires,
        )
        .await?;
    tracing::info!(user.id = %user_id, groups = identity.groups.len(), "signed in");
    let session = Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .max_age(
            time::Duration::try_from(state.settings.session_lifetime)
                .unwrap_or(time::Duration::hours(12)),
        )
        .build();
    Ok((
        jar.add(session),
        [(header::CACHE_CONTROL, "no-store")],
        Redirect::to(&pending.return_to),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "auth/sign_out.html")]
pub struct SignOutPage {
    pub csrf: String,
    pub who: String,
}

/// `GET /auth/sign-out`: the sign-out button (the header links here).
pub async fn sign_out_page(
    State(state): State<AppState>,
    signed_in: Option<axum::Extension<Arc<SignedIn>>>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    state.oidc.as_ref().ok_or_else(no_oidc)?;
    let Some(axum::Extension(who)) = signed_in else {
        return Ok(Redirect::to("/").into_response());
    };
    let (jar, csrf) = csrf_token(jar, &state);
    let page = SignOutPage {
        csrf,
        who: who.label(),
    };
    Ok((jar, render(StatusCode::OK, &page)).into_response())
}

/// `POST /auth/sign-out`: end this browser's session.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    state.oidc.as_ref().ok_or_else(no_oidc)?;
    let jar = CookieJar::from_headers(&headers);
    if let Some(token) = jar
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| looks_like_token(v))
    {
        state.store.delete_session(&hash_secret(&token)).await?;
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/").build());
    Ok((jar, Redirect::to("/")).into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_return_to;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(safe_return_to(Some("/assessments/x")), "/assessments/x");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "/auth/callback?code=1",
        ] {
            assert_eq!(safe_return_to(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_return_to(None), "/");
    }
}
