//! Who the caller is, for the record: the one place that names the author of a status change
//! or an audit event. Sign-in adds the signed-in user here.

use axum::http::HeaderMap;

use super::AppState;
use super::extract::Caller;

/// The name recorded for a caller that may edit (it proved [`super::extract::EditAccess`], or
/// has just created the assessment and so holds its key): the authenticated user from a
/// fronting proxy's identity header when the operator trusts those headers (see
/// [`AppState::author`]), else the capability it used — `admin token` or `edit key holder`.
/// Secrets are never recorded, only which kind was used.
pub fn actor(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(author) = state.author(headers) {
        return author;
    }
    // Whether the request is for the API only changes which cookies count for edits; the
    // Bearer token is read the same way.
    if Caller::from_headers(headers, true).is_admin(state) {
        "admin token".to_owned()
    } else {
        "edit key holder".to_owned()
    }
}
