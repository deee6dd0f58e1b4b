//! Workspaces, their members and roles, and invitations (by email or by group claim).

use super::*;

impl Store {
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
