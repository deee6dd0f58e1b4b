//! Typed extractors: which assessment a request names, what the caller may do with it, and
//! CSRF-checked forms. Every read and every edit of an assessment goes through [`ReadAccess`]
//! or [`EditAccess`]; no handler compares a key itself.
//!
//! The access model (README "Who may read and edit"):
//! - the edit key — in this browser's `ca_key_<id>` cookie, or `Authorization: Bearer` —
//!   reads and edits its assessment;
//! - a share token — `Bearer` on the API, `/r/{token}` in a browser — reads the one report it
//!   was made for (its pinned revision, or the latest), while it is neither revoked nor expired;
//! - the operator's admin token (`Bearer`) reads and edits everything;
//! - with team sign-in on, a member of the assessment's workspace reads it (viewer), edits it
//!   (editor, owner). On the API a session counts only for requests a browser marks as
//!   same-origin (`Sec-Fetch-Site`) or that carry no such mark (not from a browser).
//!
//! Anyone else gets `404`, as if the assessment did not exist. The JSON API takes edits only
//! from a Bearer token, never from a cookie, so no other site can make a browser edit through it.

use axum::body::Bytes;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{FromRequest, FromRequestParts, Multipart, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;
use uuid::Uuid;

use super::security::{
    CSRF_COOKIE, CSRF_FIELD, hash_secret, looks_like_token, random_token, secret_matches,
};
use super::{ApiError, AppState, PageError, ReportError};
use crate::store::{AssessmentSummary, Role, StoreError};

/// Prefix of the per-assessment edit-key cookie: `ca_key_<id without dashes>`.
const KEY_COOKIE_PREFIX: &str = "ca_key_";
/// The cookie of earlier versions: one name, scoped by path to `/assessments/{id}`.
const LEGACY_KEY_COOKIE: &str = "ca_edit";
/// At most this many key cookies are looked at per request (a browser keeps ~180 per site).
const MAX_KEY_COOKIES: usize = 200;

/// Why a request may not do what it asked.
#[derive(Debug)]
pub enum Denied {
    /// No capability for this assessment, or no such assessment: the two look alike.
    NotFound,
    /// The API was called without credentials where it needs them.
    Unauthorized(&'static str),
    /// The caller may read the assessment but not do this.
    Forbidden(&'static str),
    /// The store failed while checking.
    Store(StoreError),
}

impl From<StoreError> for Denied {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotFound => Self::NotFound,
            Denied::Unauthorized(m) => Self::Unauthorized(m),
            Denied::Forbidden(m) => Self::Forbidden(m),
            Denied::Store(e) => e.into(),
        }
    }
}

impl From<Denied> for PageError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotFound | Denied::Unauthorized(_) => Self::NotFound,
            Denied::Forbidden(m) => Self::Forbidden(m),
            Denied::Store(e) => e.into(),
        }
    }
}

impl From<Denied> for ReportError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::Store(e) => Self::Store(e),
            // Reads are refused only as "not there".
            Denied::NotFound | Denied::Unauthorized(_) | Denied::Forbidden(_) => Self::NotFound,
        }
    }
}

/// An extractor's rejection, answered as JSON under `/api` and as an error page elsewhere.
#[derive(Debug)]
pub struct Rejection {
    api: bool,
    denied: Denied,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        if self.api {
            ApiError::from(self.denied).into_response()
        } else {
            PageError::from(self.denied).into_response()
        }
    }
}

fn is_api(parts: &Parts) -> bool {
    let path = parts.uri.path();
    path == "/api" || path.starts_with("/api/")
}

/// The `{id}` of the route, as a UUID; anything else is `404`.
#[derive(Debug, Clone, Copy)]
pub struct AssessmentId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for AssessmentId {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let api = is_api(parts);
        let not_found = || Rejection {
            api,
            denied: Denied::NotFound,
        };
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        let raw = params
            .iter()
            .find(|(k, _)| *k == "id")
            .map(|(_, v)| v)
            .ok_or_else(not_found)?;
        parse_id(raw).map(Self).ok_or_else(not_found)
    }
}

/// A path segment as an assessment (or share) id.
pub fn parse_id(raw: &str) -> Option<Uuid> {
    Uuid::parse_str(raw.trim()).ok()
}

/// What a caller holds for one assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// The operator's admin token.
    Admin,
    /// The assessment's edit key.
    Edit,
    /// An active share link of this assessment; `pinned` is the revision it shows, `None`
    /// for the latest.
    Share { pinned: Option<u32> },
    /// Team sign-in: a member of the workspace the assessment belongs to.
    Member { role: Role },
}

impl Capability {
    /// Whether this capability edits (the edit key, the admin token, an editor or owner).
    pub fn edits(self) -> bool {
        match self {
            Capability::Admin | Capability::Edit => true,
            Capability::Member { role } => role >= Role::Editor,
            Capability::Share { .. } => false,
        }
    }
}

/// The credentials a request carries, before they are checked against an assessment.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The token of `Authorization: Bearer <token>`.
    bearer: Option<String>,
    /// Whether the request has an `Authorization` header at all.
    authorization: bool,
    /// Edit keys held in this browser's cookies, by assessment.
    cookie_keys: Vec<(Uuid, String)>,
    /// The earlier, path-scoped edit cookie (sent only under `/assessments/{id}`).
    legacy_key: Option<String>,
    /// Whether the request is for the JSON API (edits there need a Bearer token).
    api: bool,
    /// Team sign-in: the session of this request, when one is live.
    session: Option<std::sync::Arc<super::session::SignedIn>>,
    /// Whether a browser marked the request cross-origin (`Sec-Fetch-Site`): then the session
    /// cookie does not count on the API.
    cross_site: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts))
    }
}

impl Caller {
    /// The caller of a request: its headers, and the session the sign-in layer found.
    pub fn from_parts(parts: &Parts) -> Self {
        let mut caller = Self::from_headers(&parts.headers, is_api(parts));
        caller.session = parts
            .extensions
            .get::<std::sync::Arc<super::session::SignedIn>>()
            .cloned();
        caller
    }

    /// Who is signed in on this request (team sign-in).
    pub fn signed_in(&self) -> Option<&super::session::SignedIn> {
        self.session.as_deref()
    }

    /// The session, when it may act on this request: everywhere for pages (forms carry a
    /// CSRF token), on the API only when no browser said the request came from another site.
    fn usable_session(&self) -> Option<&super::session::SignedIn> {
        if self.api && self.cross_site {
            return None;
        }
        self.session.as_deref()
    }

    /// The signed-in user's role in each of their workspaces (empty when nobody is signed in).
    pub async fn workspace_roles(&self, state: &AppState) -> Result<Vec<(Uuid, Role)>, StoreError> {
        match self.usable_session() {
            Some(s) => state.store.member_roles(s.user_id, &s.session_hash).await,
            None => Ok(Vec::new()),
        }
    }

    /// The signed-in user's role for assessment `id` (through its workspace).
    async fn member_role(&self, state: &AppState, id: Uuid) -> Result<Option<Role>, StoreError> {
        if self.usable_session().is_none() {
            return Ok(None);
        }
        let Some(Some(workspace)) = state.store.assessment_workspace(id).await? else {
            return Ok(None);
        };
        Ok(self
            .workspace_roles(state)
            .await?
            .into_iter()
            .find(|(w, _)| *w == workspace)
            .map(|(_, role)| role))
    }

    pub fn from_headers(headers: &HeaderMap, api: bool) -> Self {
        let authorization = headers.get(header::AUTHORIZATION);
        let bearer = authorization
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_owned())
            .filter(|t| !t.is_empty());
        let jar = CookieJar::from_headers(headers);
        let cookie_keys = jar
            .iter()
            .filter_map(|c| {
                let id = Uuid::parse_str(c.name().strip_prefix(KEY_COOKIE_PREFIX)?).ok()?;
                looks_like_token(c.value()).then(|| (id, c.value().to_owned()))
            })
            .take(MAX_KEY_COOKIES)
            .collect();
        let legacy_key = jar
            .get(LEGACY_KEY_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| looks_like_token(v));
        let cross_site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| !matches!(v.trim(), "same-origin" | "none"));
        Self {
            bearer,
            authorization: authorization.is_some(),
            cookie_keys,
            legacy_key,
            api,
            session: None,
            cross_site,
        }
    }

    /// Whether the request carries the operator's admin token.
    pub fn is_admin(&self, state: &AppState) -> bool {
        self.bearer
            .as_deref()
            .is_some_and(|t| state.is_admin_token(t))
    }

    /// What this caller may do with assessment `id`; `None` also when it does not exist.
    pub async fn capability(
        &self,
        state: &AppState,
        id: Uuid,
    ) -> Result<Option<Capability>, StoreError> {
        if self.is_admin(state) {
            return Ok(Some(Capability::Admin));
        }
        let bearer = self.bearer.as_deref().filter(|t| looks_like_token(t));
        // The API edits only with a Bearer key: a cookie there could be sent by another site.
        let cookie = self
            .cookie_keys
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, v)| v.as_str());
        let candidates = [bearer, cookie, self.legacy_key.as_deref()];
        if candidates.iter().any(Option::is_some) {
            let Some(hash) = state.edit_key_hash(id).await? else {
                return Ok(None);
            };
            if candidates
                .iter()
                .flatten()
                .any(|key| secret_matches(key, &hash))
            {
                return Ok(Some(Capability::Edit));
            }
        }
        if let Some(role) = self.member_role(state, id).await? {
            return Ok(Some(Capability::Member { role }));
        }
        if let Some(token) = bearer
            && let Some(share) = state
                .store
                .find_share_by_token_hash(&hash_secret(token))
                .await?
            && share.assessment_id == id
            && share.is_active(OffsetDateTime::now_utc())
        {
            return Ok(Some(Capability::Share {
                pinned: share.pinned_revision,
            }));
        }
        Ok(None)
    }

    /// Read access to `id`, or `404`.
    pub async fn read(&self, state: &AppState, id: Uuid) -> Result<ReadAccess, Denied> {
        match self.capability(state, id).await? {
            Some(capability) => Ok(ReadAccess { id, capability }),
            None => Err(Denied::NotFound),
        }
    }

    /// Edit access to `id`. Without any capability: `404` (on the API `401` when no
    /// credentials were sent at all, which says nothing about the assessment); with only a
    /// share link: `403`.
    pub async fn edit(&self, state: &AppState, id: Uuid) -> Result<EditAccess, Denied> {
        let for_edit = if self.api {
            // Edits through the API need the Bearer token; cookies do not count there.
            Self {
                cookie_keys: Vec::new(),
                legacy_key: None,
                ..self.clone()
            }
        } else {
            self.clone()
        };
        match for_edit.capability(state, id).await? {
            Some(Capability::Admin | Capability::Edit) => Ok(EditAccess { id }),
            Some(Capability::Member { role }) if role >= Role::Editor => Ok(EditAccess { id }),
            Some(Capability::Member { .. }) => Err(Denied::Forbidden(
                "your role in this assessment's workspace is viewer: it reads only; an owner can make you an editor",
            )),
            Some(Capability::Share { .. }) => Err(Denied::Forbidden(
                "a share link gives read access only; editing needs the assessment's edit key",
            )),
            None if self.api && !self.authorization && self.usable_session().is_none() => Err(
                Denied::Unauthorized("send Authorization: Bearer <edit_key>"),
            ),
            None => Err(Denied::NotFound),
        }
    }

    /// The assessments this caller may list: those whose edit keys this browser holds (each
    /// checked against the store) and those of the signed-in user's workspaces, or every one
    /// (`None`) for the admin token.
    pub async fn listable(&self, state: &AppState) -> Result<Option<Vec<Uuid>>, StoreError> {
        if self.is_admin(state) {
            return Ok(None);
        }
        let mut ids = Vec::new();
        for (id, key) in &self.cookie_keys {
            if let Some(hash) = state.edit_key_hash(*id).await?
                && secret_matches(key, &hash)
                && !ids.contains(id)
            {
                ids.push(*id);
            }
        }
        for (workspace, _) in self.workspace_roles(state).await? {
            for id in state.store.assessments_in_workspace(workspace).await? {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(Some(ids))
    }
}

/// One page of the assessments `caller` may read, newest first, and how many there are.
pub async fn list_readable(
    state: &AppState,
    caller: &Caller,
    limit: u32,
    offset: u32,
) -> Result<(Vec<AssessmentSummary>, u64), StoreError> {
    let Some(ids) = caller.listable(state).await? else {
        let total = state.store.count_assessments().await?;
        return Ok((state.store.list_assessments(limit, offset).await?, total));
    };
    let mut all = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = state.store.get_assessment(id).await? {
            all.push(AssessmentSummary {
                id: r.id,
                name: r.name,
                region: r.region,
                latest_revision: r.latest_revision,
                updated_at: r.updated_at,
            });
        }
    }
    // The same order as the store's full listing.
    all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
    let total = all.len() as u64;
    let page = all
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    Ok((page, total))
}

/// Permission to read one assessment (the route's `{id}`): the edit key, a share link of it,
/// or the admin token.
#[derive(Debug, Clone, Copy)]
pub struct ReadAccess {
    pub id: Uuid,
    pub capability: Capability,
}

impl ReadAccess {
    /// Whether the caller may also edit (the edit key or the admin token).
    pub fn can_edit(&self) -> bool {
        self.capability.edits()
    }

    /// Whether the caller reads through a share link (a read-only view).
    pub fn is_shared(&self) -> bool {
        matches!(self.capability, Capability::Share { .. })
    }

    /// The revision to show for a request that asked for `requested` (`None` = latest). A
    /// share link shows only its pinned revision, or only the latest: asking for another is
    /// `404` like any other thing the caller may not read.
    pub async fn revision(
        &self,
        state: &AppState,
        requested: Option<u32>,
    ) -> Result<Option<u32>, Denied> {
        match self.capability {
            Capability::Admin | Capability::Edit | Capability::Member { .. } => Ok(requested),
            Capability::Share { pinned: Some(p) } => match requested {
                None => Ok(Some(p)),
                Some(r) if r == p => Ok(Some(p)),
                Some(_) => Err(Denied::NotFound),
            },
            Capability::Share { pinned: None } => match requested {
                None => Ok(None),
                Some(r) => {
                    let latest = state
                        .store
                        .get_assessment(self.id)
                        .await?
                        .ok_or(Denied::NotFound)?
                        .latest_revision;
                    if r == latest {
                        Ok(Some(r))
                    } else {
                        Err(Denied::NotFound)
                    }
                }
            },
        }
    }

    /// Whether the caller may see revision `n` of an assessment whose latest is `latest`.
    pub fn sees_revision(&self, n: u32, latest: u32) -> bool {
        match self.capability {
            Capability::Admin | Capability::Edit | Capability::Member { .. } => true,
            Capability::Share { pinned: Some(p) } => n == p,
            Capability::Share { pinned: None } => n == latest,
        }
    }
}

impl FromRequestParts<AppState> for ReadAccess {
    type Rejection = Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (id, caller) = route_caller(parts, state).await?;
        caller
            .read(state, id)
            .await
            .map_err(|denied| caller.rejection(denied))
    }
}

/// The route's assessment and who is asking, for the access extractors.
async fn route_caller(parts: &mut Parts, state: &AppState) -> Result<(Uuid, Caller), Rejection> {
    let AssessmentId(id) = AssessmentId::from_request_parts(parts, state).await?;
    Ok((id, Caller::from_parts(parts)))
}

impl Caller {
    /// `denied`, answered the way this caller asked (JSON under `/api`, else a page).
    fn rejection(&self, denied: Denied) -> Rejection {
        Rejection {
            api: self.api,
            denied,
        }
    }
}

/// Permission to edit one assessment (the route's `{id}`): its edit key or the admin token.
#[derive(Debug, Clone, Copy)]
pub struct EditAccess {
    pub id: Uuid,
}

impl FromRequestParts<AppState> for EditAccess {
    type Rejection = Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (id, caller) = route_caller(parts, state).await?;
        caller
            .edit(state, id)
            .await
            .map_err(|denied| caller.rejection(denied))
    }
}

/// The cookie that keeps assessment `id`'s edit key in this browser: HttpOnly, for the whole
/// site (the report's downloads under `/api` need it too), one per assessment.
pub fn key_cookie(id: Uuid, key: &str, state: &AppState) -> Cookie<'static> {
    Cookie::build((
        format!("{KEY_COOKIE_PREFIX}{}", id.simple()),
        key.to_owned(),
    ))
    .path("/")
    .http_only(true)
    .same_site(SameSite::Lax)
    .secure(state.settings.secure_cookies)
    .max_age(time::Duration::days(365))
    .build()
}

/// The CSRF token of this browser, issuing one (and its cookie) when it has none.
pub fn csrf_token(jar: CookieJar, state: &AppState) -> (CookieJar, String) {
    if let Some(c) = jar.get(CSRF_COOKIE)
        && looks_like_token(c.value())
    {
        let token = c.value().to_owned();
        return (jar, token);
    }
    let token = random_token();
    let cookie = Cookie::build((CSRF_COOKIE, token.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies)
        .build();
    (jar.add(cookie), token)
}

const CSRF_FAILED: &str = "This form has expired or was not sent from this site (CSRF check failed). Reload the page and submit again; what you typed is still in your browser's back history.";

/// A multipart form's parts: the `file` part's bytes and every other part as text.
pub struct MultipartForm {
    pub file: Vec<u8>,
    pub fields: Vec<(String, String)>,
}

impl MultipartForm {
    /// Read every part; `form` names the form in the error ("upload", "import").
    pub async fn read(
        multipart: Result<Multipart, MultipartRejection>,
        form: &str,
    ) -> Result<Self, PageError> {
        let mut multipart = multipart.map_err(|_| {
            PageError::BadRequest(format!(
                "The {form} form must be sent as multipart/form-data."
            ))
        })?;
        let unreadable =
            |e: MultipartError| PageError::BadRequest(format!("The upload could not be read: {e}"));
        let mut read = Self {
            file: Vec::new(),
            fields: Vec::new(),
        };
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(unreadable)?;
            if name == "file" {
                read.file = bytes.to_vec();
            } else {
                read.fields
                    .push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
        Ok(read)
    }

    /// Remove and return the text of part `name` (empty when absent).
    pub fn take(&mut self, name: &str) -> String {
        self.fields
            .iter()
            .position(|(n, _)| n == name)
            .map(|i| self.fields.remove(i).1)
            .unwrap_or_default()
    }
}

/// Double-submit check: the posted `_csrf` field must equal the cookie's token.
pub fn check_csrf(jar: &CookieJar, pairs: &[(String, String)]) -> Result<(), PageError> {
    let posted = pairs
        .iter()
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.as_str());
    match (jar.get(CSRF_COOKIE), posted) {
        (Some(cookie), Some(posted))
            if looks_like_token(posted) && secret_matches(posted, &hash_secret(cookie.value())) =>
        {
            Ok(())
        }
        _ => Err(PageError::Forbidden(CSRF_FAILED)),
    }
}

/// A URL-encoded form whose CSRF token was checked, deserialized as `T` (the `_csrf` field
/// is left for `T` to ignore).
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let form_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !form_type {
            return Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "The form must be sent as application/x-www-form-urlencoded.",
            )
                .into_response());
        }
        let jar = CookieJar::from_headers(req.headers());
        // A body over the limit keeps its own answer (413).
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let bad = |e: serde_urlencoded::de::Error| {
            PageError::BadRequest(format!("The form could not be read: {e}")).into_response()
        };
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(bad)?;
        check_csrf(&jar, &pairs).map_err(IntoResponse::into_response)?;
        serde_urlencoded::from_bytes(&body).map(Self).map_err(bad)
    }
}
