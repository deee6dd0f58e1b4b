//! Creating an assessment, the same through the API and the form: the creation limits, a new
//! edit key (only its hash is stored), the store, the audit log.

use axum::http::HeaderMap;
use uuid::Uuid;

use super::AppState;
use super::audit::{Done, record_by};
use super::limits::{AdmitError, ClientAddr, admit_creation};
use super::security::{hash_secret, random_token};
use crate::domain::Scenario;
use crate::store::NewAssessment;

/// A new assessment and its edit key, which the answer shows once.
pub struct Created {
    pub id: Uuid,
    pub revision: u32,
    pub key: String,
}

/// Create an assessment of `scenario` in `workspace` (none: anonymous) for a caller at
/// `client`; `admin` is exempt from the creation limits.
pub async fn create(
    state: &AppState,
    headers: &HeaderMap,
    client: ClientAddr,
    admin: bool,
    scenario: &Scenario,
    workspace: Option<Uuid>,
) -> Result<Created, AdmitError> {
    admit_creation(&state.limits, &state.store, client, admin).await?;
    let key = random_token();
    let created = state
        .store
        .create_assessment(NewAssessment {
            scenario,
            edit_key_hash: &hash_secret(&key),
            author: state.author(headers).as_deref(),
            pricing_version: Some(state.pricing_version()),
            workspace,
        })
        .await?;
    record_by(state, headers, created.id, Done::Created(created.revision)).await;
    Ok(Created {
        id: created.id,
        revision: created.revision,
        key,
    })
}
