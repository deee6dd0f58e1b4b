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

    /// The user's role in each workspace they belong to, directly or through a group of the
    /// session `token_hash` (the highest role when both apply).
    #[tracing::instrument(skip_all)]
    pub async fn member_roles(
        &self,
        user_id: Uuid,
        token_hash: &str,
    ) -> Result<Vec<(Uuid, Role)>, StoreError> {
        let rows = fetch!(
            fetch_all,
            RoleRow,
            self,
            "SELECT workspace_id::text AS workspace_id, role FROM memberships WHERE user_id = $1::uuid \
             UNION ALL \
             SELECT i.workspace_id::text AS workspace_id, i.role FROM invitations i \
             JOIN session_groups g ON g.group_id = i.value \
             WHERE g.token_hash = $2 AND i.kind = 'group'",
            user_id.to_string(),
            token_hash,
        )?;
        let mut roles: Vec<(Uuid, Role)> = Vec::new();
        for row in rows {
            let (ws, role) = (parse_uuid(&row.workspace_id)?, Role::from_db(&row.role)?);
            match roles.iter_mut().find(|(w, _)| *w == ws) {
                Some((_, r)) => *r = (*r).max(role),
                None => roles.push((ws, role)),
            }
        }
        Ok(roles)
    }

    /// The workspace assessment `id` belongs to: `None` if there is no such assessment,
    /// `Some(None)` for an assessment outside every workspace.
    #[tracing::instrument(skip_all, fields(assessment.id = %id))]
    pub async fn assessment_workspace(&self, id: Uuid) -> Result<Option<Option<Uuid>>, StoreError> {
        let row = fetch!(
            fetch_optional,
            WorkspaceOfRow,
            self,
            "SELECT workspace_id::text AS workspace_id FROM assessments WHERE id = $1::uuid",
            id.to_string(),
        )?;
        row.map(|r| uuid_opt(r.workspace_id)).transpose()
    }

    /// The ids of the assessments in `workspace`.
    #[tracing::instrument(skip_all)]
    pub async fn assessments_in_workspace(&self, workspace: Uuid) -> Result<Vec<Uuid>, StoreError> {
        let rows = fetch!(
            fetch_all,
            IdRow,
            self,
            "SELECT id::text AS id FROM assessments WHERE workspace_id = $1::uuid",
            workspace.to_string(),
        )?;
        rows.iter().map(|r| parse_uuid(&r.id)).collect()
    }

    /// A new workspace named `name`, with `owner` as its first owner.
    #[tracing::instrument(skip_all)]
    pub async fn create_workspace(
        &self,
        name: &str,
        owner: Uuid,
    ) -> Result<WorkspaceRecord, StoreError> {
        let id = Uuid::new_v4();
        let created_at = now();
        let at = ts(created_at)?;
        execute!(
            self,
            "INSERT INTO workspaces (id, name, created_by, created_at) \
             VALUES ($1::uuid, $2, $3::uuid, $4::timestamptz)",
            id.to_string(),
            name,
            owner.to_string(),
            &at,
        )?;
        execute!(
            self,
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) \
             VALUES ($1::uuid, $2::uuid, 'owner', $3::timestamptz)",
            id.to_string(),
            owner.to_string(),
            &at,
        )?;
        Ok(WorkspaceRecord {
            id,
            name: name.to_owned(),
            created_at,
        })
    }

    /// Workspaces by id, in the order given; unknown ids are left out.
    #[tracing::instrument(skip_all)]
    pub async fn workspaces(&self, ids: &[Uuid]) -> Result<Vec<WorkspaceRecord>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = fetch!(
                fetch_optional,
                WorkspaceRow,
                self,
                "SELECT id::text AS id, name, created_at FROM workspaces WHERE id = $1::uuid",
                id.to_string(),
            )?;
            if let Some(r) = row {
                out.push(WorkspaceRecord {
                    id: parse_uuid(&r.id)?,
                    name: r.name,
                    created_at: r.created_at,
                });
            }
        }
        Ok(out)
    }

    /// The workspace's direct members (email invitations already accepted), owners first.
    #[tracing::instrument(skip_all)]
    pub async fn workspace_members(
        &self,
        workspace: Uuid,
    ) -> Result<Vec<MemberRecord>, StoreError> {
        let rows = fetch!(
            fetch_all,
            MemberRow,
            self,
            "SELECT m.user_id::text AS user_id, u.email, u.display_name, m.role \
             FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.workspace_id = $1::uuid ORDER BY u.email, m.user_id",
            workspace.to_string(),
        )?;
        let mut members = rows
            .into_iter()
            .map(|r| {
                Ok(MemberRecord {
                    user_id: parse_uuid(&r.user_id)?,
                    email: r.email,
                    display_name: r.display_name,
                    role: Role::from_db(&r.role)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        members.sort_by_key(|m| std::cmp::Reverse(m.role));
        Ok(members)
    }

    /// The workspace's open email invitations and its group grants.
    #[tracing::instrument(skip_all)]
    pub async fn workspace_invitations(
        &self,
        workspace: Uuid,
    ) -> Result<Vec<InvitationRecord>, StoreError> {
        let rows = fetch!(
            fetch_all,
            InvitationRow,
            self,
            "SELECT id::text AS id, kind, value, role, created_at FROM invitations \
             WHERE workspace_id = $1::uuid ORDER BY kind, value",
            workspace.to_string(),
        )?;
        rows.into_iter()
            .map(|r| {
                Ok(InvitationRecord {
                    id: parse_uuid(&r.id)?,
                    kind: InviteKind::from_db(&r.kind)?,
                    value: r.value,
                    role: Role::from_db(&r.role)?,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    /// Invite by email or grant a group a role (inviting the same address or group again
    /// changes its role). An email that already belongs to a signed-in user makes them a
    /// member at once (a direct member keeps their role). Returns the invitation, or `None`
    /// when it became a membership.
    #[tracing::instrument(skip_all)]
    pub async fn invite(
        &self,
        workspace: Uuid,
        kind: InviteKind,
        value: &str,
        role: Role,
        by: Uuid,
    ) -> Result<Option<InvitationRecord>, StoreError> {
        let created_at = now();
        let at = ts(created_at)?;
        if kind == InviteKind::Email {
            let users = fetch!(
                fetch_all,
                IdRow,
                self,
                "SELECT id::text AS id FROM users WHERE email = $1",
                value
            )?;
            if !users.is_empty() {
                for user in &users {
                    execute!(
                        self,
                        "INSERT INTO memberships (workspace_id, user_id, role, created_at) \
                         VALUES ($1::uuid, $2::uuid, $3, $4::timestamptz) \
                         ON CONFLICT (workspace_id, user_id) DO NOTHING",
                        workspace.to_string(),
                        &user.id,
                        role.as_str(),
                        &at,
                    )?;
                }
                return Ok(None);
            }
        }
        let row = fetch!(
            fetch_one,
            IdRow,
            self,
            "INSERT INTO invitations (id, workspace_id, kind, value, role, created_by, created_at) \
             VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::uuid, $7::timestamptz) \
             ON CONFLICT (workspace_id, kind, value) DO UPDATE SET role = excluded.role \
             RETURNING id::text AS id",
            Uuid::new_v4().to_string(),
            workspace.to_string(),
            kind.as_str(),
            value,
            role.as_str(),
            by.to_string(),
            &at,
        )?;
        Ok(Some(InvitationRecord {
            id: parse_uuid(&row.id)?,
            kind,
            value: value.to_owned(),
            role,
            created_at,
        }))
    }

    /// Withdraw an invitation or group grant of `workspace`. `false` if there was none.
    #[tracing::instrument(skip_all)]
    pub async fn remove_invitation(&self, workspace: Uuid, id: Uuid) -> Result<bool, StoreError> {
        let n = execute!(
            self,
            "DELETE FROM invitations WHERE workspace_id = $1::uuid AND id = $2::uuid",
            workspace.to_string(),
            id.to_string(),
        )?;
        Ok(n > 0)
    }

    /// Change a direct member's role, or remove them (`role` = `None`). Refused when it
    /// would leave the workspace without an owner.
    #[tracing::instrument(skip_all)]
    pub async fn set_member_role(
        &self,
        workspace: Uuid,
        user: Uuid,
        role: Option<Role>,
    ) -> Result<MemberChange, StoreError> {
        let members = self.workspace_members(workspace).await?;
        let Some(current) = members.iter().find(|m| m.user_id == user) else {
            return Ok(MemberChange::NoSuchMember);
        };
        let owners = members.iter().filter(|m| m.role == Role::Owner).count();
        if current.role == Role::Owner && role != Some(Role::Owner) && owners <= 1 {
            return Ok(MemberChange::LastOwner);
        }
        let n = match role {
            Some(role) => execute!(
                self,
                "UPDATE memberships SET role = $1 WHERE workspace_id = $2::uuid AND user_id = $3::uuid",
                role.as_str(),
                workspace.to_string(),
                user.to_string(),
            )?,
            None => execute!(
                self,
                "DELETE FROM memberships WHERE workspace_id = $1::uuid AND user_id = $2::uuid",
                workspace.to_string(),
                user.to_string(),
            )?,
        };
        Ok(if n > 0 {
            MemberChange::Done
        } else {
            MemberChange::NoSuchMember
        })
    }
}

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
