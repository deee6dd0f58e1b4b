//! Team sign-in: users the identity provider vouched for, their server-side sessions, sign-ins
//! in progress, workspaces with roles, and invitations (by email or by group claim).
//!
//! Secrets are stored only as hashes: a session row is keyed by the SHA-256 of the session
//! cookie's token, a sign-in in progress by the SHA-256 of its short-lived browser cookie.
//!
//! The SQL is written once in the PostgreSQL dialect (ids bound as text and cast with
//! `::uuid`, read back with `::text`; times bound as RFC 3339 text and cast with
//! `::timestamptz`); for SQLite the casts are dropped, since it stores both as text.

use std::borrow::Cow;

use time::OffsetDateTime;
use uuid::Uuid;

use super::models::parse_uuid;
use super::{Store, StoreError, now};

/// A member's role in a workspace. Ordered: each role can do what the ones before it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads the workspace's assessments.
    Viewer,
    /// Also edits them and creates assessments in the workspace.
    Editor,
    /// Also manages members and invitations.
    Owner,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Editor, Role::Owner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Owner => "owner",
        }
    }

    /// `viewer`, `editor` or `owner` (any case, trimmed).
    pub fn parse(text: &str) -> Option<Role> {
        let text = text.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(text))
    }

    fn from_db(text: &str) -> Result<Role, StoreError> {
        Role::parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown role {text:?}")))
    }
}

/// How an invitation matches the people it admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InviteKind {
    /// One person, by the (lower-cased) email their ID token carries; becomes a membership at
    /// their next sign-in.
    Email,
    /// Everyone whose ID token's `groups` claim holds this value, for as long as it does.
    Group,
}

impl InviteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InviteKind::Email => "email",
            InviteKind::Group => "group",
        }
    }

    fn from_db(text: &str) -> Result<InviteKind, StoreError> {
        match text {
            "email" => Ok(InviteKind::Email),
            "group" => Ok(InviteKind::Group),
            other => Err(StoreError::Corrupt(format!(
                "unknown invitation kind {other:?}"
            ))),
        }
    }
}

/// Who signed in, as the ID token said.
#[derive(Debug, Clone)]
pub struct SignInIdentity<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    /// Lower-cased.
    pub email: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub groups: &'a [String],
}

/// A live session and its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user_id: Uuid,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub expires_at: OffsetDateTime,
}

/// A sign-in in progress, as the callback needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLogin {
    pub csrf_state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WorkspaceRecord {
    pub id: Uuid,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemberRecord {
    pub user_id: Uuid,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InvitationRecord {
    pub id: Uuid,
    pub kind: InviteKind,
    pub value: String,
    pub role: Role,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// What became of a change to a member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberChange {
    Done,
    NoSuchMember,
    /// Refused: the workspace would be left without an owner.
    LastOwner,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: String,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: String,
    email: Option<String>,
    display_name: Option<String>,
    expires_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    csrf_state: String,
    nonce: String,
    pkce_verifier: String,
    return_to: String,
    expires_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    workspace_id: String,
    role: String,
}

#[derive(sqlx::FromRow)]
struct WorkspaceRow {
    id: String,
    name: String,
    created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: String,
    email: Option<String>,
    display_name: Option<String>,
    role: String,
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: String,
    kind: String,
    value: String,
    role: String,
    created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct WorkspaceOfRow {
    workspace_id: Option<String>,
}

/// The PostgreSQL statement in SQLite's dialect: the same text without its casts. Only ever
/// given this module's literal statements (every value is bound), hence safe to run.
fn sqlite_sql(pg: &'static str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sqlite_text(pg).into_owned())
}

fn sqlite_text(pg: &str) -> Cow<'_, str> {
    if pg.contains("::") {
        Cow::Owned(
            pg.replace("::uuid", "")
                .replace("::timestamptz", "")
                .replace("::text", ""),
        )
    } else {
        Cow::Borrowed(pg)
    }
}

/// Run a statement written in the PostgreSQL dialect on either backend.
macro_rules! execute {
    ($store:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $store {
            Store::Sqlite(db) => sqlx::query(sqlite_sql($sql))$(.bind($arg))*
                .execute(db.pool()).await.map(|r| r.rows_affected()),
            Store::Postgres(pool) => sqlx::query($sql)$(.bind($arg))*
                .execute(pool).await.map(|r| r.rows_affected()),
        }
    };
}

/// Fetch rows of `$row` with a statement written in the PostgreSQL dialect.
macro_rules! fetch {
    ($method:ident, $row:ty, $store:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $store {
            Store::Sqlite(db) => sqlx::query_as::<_, $row>(sqlite_sql($sql))$(.bind($arg))*
                .$method(db.pool()).await,
            Store::Postgres(pool) => sqlx::query_as::<_, $row>($sql)$(.bind($arg))*
                .$method(pool).await,
        }
    };
}

fn ts(t: OffsetDateTime) -> Result<String, StoreError> {
    super::sqlite::ts(t)
}

fn uuid_opt(text: Option<String>) -> Result<Option<Uuid>, StoreError> {
    text.as_deref().map(parse_uuid).transpose()
}

impl Store {
    /// Record a sign-in: the user (created on first sign-in, email and name refreshed), email
    /// invitations addressed to them turned into memberships, and a new session keyed by
    /// `token_hash` until `expires_at` with the sign-in's groups. Expired sessions and
    /// sign-ins are swept on the way. Returns the user's id.
    #[tracing::instrument(skip_all)]
    pub async fn sign_in(
        &self,
        who: &SignInIdentity<'_>,
        token_hash: &str,
        expires_at: OffsetDateTime,
    ) -> Result<Uuid, StoreError> {
        let at = ts(now())?;
        self.sweep_expired(&at).await?;
        let user = fetch!(
            fetch_one,
            IdRow,
            self,
            "INSERT INTO users (id, issuer, subject, email, display_name, created_at, last_seen_at) \
             VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz) \
             ON CONFLICT (issuer, subject) DO UPDATE SET email = excluded.email, \
                 display_name = excluded.display_name, last_seen_at = excluded.last_seen_at \
             RETURNING id::text AS id",
            Uuid::new_v4().to_string(),
            who.issuer,
            who.subject,
            who.email,
            who.display_name,
            &at,
        )?;
        let user_id = parse_uuid(&user.id)?;
        if let Some(email) = who.email {
            execute!(
                self,
                "INSERT INTO memberships (workspace_id, user_id, role, created_at) \
                 SELECT workspace_id, $1::uuid, role, $2::timestamptz FROM invitations \
                 WHERE kind = 'email' AND value = $3 \
                 ON CONFLICT (workspace_id, user_id) DO NOTHING",
                &user.id,
                &at,
                email,
            )?;
            execute!(
                self,
                "DELETE FROM invitations WHERE kind = 'email' AND value = $1",
                email
            )?;
        }
        execute!(
            self,
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2::uuid, $3::timestamptz, $4::timestamptz)",
            token_hash,
            &user.id,
            &at,
            ts(expires_at)?,
        )?;
        for group in who.groups {
            execute!(
                self,
                "INSERT INTO session_groups (token_hash, group_id) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
                token_hash,
                group.as_str(),
            )?;
        }
        Ok(user_id)
    }

    async fn sweep_expired(&self, at: &str) -> Result<(), StoreError> {
        execute!(
            self,
            "DELETE FROM sessions WHERE expires_at <= $1::timestamptz",
            at
        )?;
        execute!(
            self,
            "DELETE FROM oidc_logins WHERE expires_at <= $1::timestamptz",
            at
        )?;
        Ok(())
    }

    /// The live session keyed by `token_hash`, or `None` (also once it has expired).
    #[tracing::instrument(skip_all)]
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = fetch!(
            fetch_optional,
            SessionRow,
            self,
            "SELECT s.user_id::text AS user_id, u.email, u.display_name, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2::timestamptz",
            token_hash,
            ts(now())?,
        )?;
        row.map(|r| {
            Ok(SessionRecord {
                user_id: parse_uuid(&r.user_id)?,
                email: r.email,
                display_name: r.display_name,
                expires_at: r.expires_at,
            })
        })
        .transpose()
    }

    /// End a session (sign-out). `true` if there was one.
    #[tracing::instrument(skip_all)]
    pub async fn delete_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        execute!(
            self,
            "DELETE FROM session_groups WHERE token_hash = $1",
            token_hash
        )?;
        let n = execute!(
            self,
            "DELETE FROM sessions WHERE token_hash = $1",
            token_hash
        )?;
        Ok(n > 0)
    }

    /// Keep a sign-in in progress until `expires_at`, keyed by the hash of its browser cookie.
    /// Expired ones are swept first, so abandoned sign-ins never outlive their few minutes.
    #[tracing::instrument(skip_all)]
    pub async fn save_pending_login(
        &self,
        cookie_hash: &str,
        login: &PendingLogin,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        execute!(
            self,
            "DELETE FROM oidc_logins WHERE expires_at <= $1::timestamptz",
            ts(now())?
        )?;
        execute!(
            self,
            "INSERT INTO oidc_logins (cookie_hash, csrf_state, nonce, pkce_verifier, return_to, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6::timestamptz)",
            cookie_hash,
            login.csrf_state.as_str(),
            login.nonce.as_str(),
            login.pkce_verifier.as_str(),
            login.return_to.as_str(),
            ts(expires_at)?,
        )?;
        Ok(())
    }

    /// Take (read and delete: a sign-in is completed at most once) the sign-in in progress
    /// of this cookie; `None` if there is none or it expired.
    #[tracing::instrument(skip_all)]
    pub async fn take_pending_login(
        &self,
        cookie_hash: &str,
    ) -> Result<Option<PendingLogin>, StoreError> {
        let row = fetch!(
            fetch_optional,
            LoginRow,
            self,
            "DELETE FROM oidc_logins WHERE cookie_hash = $1 \
             RETURNING csrf_state, nonce, pkce_verifier, return_to, expires_at",
            cookie_hash,
        )?;
        Ok(row
            .filter(|r| r.expires_at > OffsetDateTime::now_utc())
            .map(|r| PendingLogin {
                csrf_state: r.csrf_state,
                nonce: r.nonce,
                pkce_verifier: r.pkce_verifier,
                return_to: r.return_to,
            }))
    }
}

mod workspaces;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_parsed() {
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Owner);
        assert_eq!(Role::parse(" Editor "), Some(Role::Editor));
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn sqlite_dialect_drops_casts_only() {
        assert_eq!(
            sqlite_text("SELECT id::text AS id FROM t WHERE a = $1::uuid AND b > $2::timestamptz"),
            "SELECT id AS id FROM t WHERE a = $1 AND b > $2"
        );
    }
}
