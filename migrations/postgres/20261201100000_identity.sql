-- Team sign-in (OpenID Connect): users, server-side sessions, sign-ins in progress,
-- workspaces with roles, and invitations. Mirrors migrations/sqlite; keep both in step.
-- Secrets (session tokens, the browser's sign-in cookie) are stored only as hex SHA-256.

-- One row per person the identity provider vouched for: (issuer, subject) is who they are.
CREATE TABLE users (
    id            UUID PRIMARY KEY,
    issuer        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    -- lower-cased `email` (or `preferred_username`) claim of the latest sign-in
    email         TEXT,
    display_name  TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (issuer, subject)
);

CREATE INDEX users_email_idx ON users (email);

-- A signed-in browser. Deleted at sign-out; ignored (and swept) after expires_at.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY NOT NULL,
    user_id      UUID NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- The ID token's `groups` claim at sign-in, one row per group: what group grants match.
CREATE TABLE session_groups (
    token_hash  TEXT NOT NULL REFERENCES sessions (token_hash) ON DELETE CASCADE,
    group_id    TEXT NOT NULL,
    PRIMARY KEY (token_hash, group_id)
);

-- A sign-in in progress: what the callback must check, keyed by the hash of a short-lived
-- cookie of the browser that started it. Single use.
CREATE TABLE oidc_logins (
    cookie_hash    TEXT PRIMARY KEY NOT NULL,
    csrf_state     TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    pkce_verifier  TEXT NOT NULL,
    return_to      TEXT NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE workspaces (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    created_by  UUID NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    workspace_id  UUID NOT NULL REFERENCES workspaces (id),
    user_id       UUID NOT NULL REFERENCES users (id),
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

CREATE INDEX memberships_user_idx ON memberships (user_id);

-- An email invitation becomes a membership at that person's next sign-in; a group grant
-- stays and gives its role to whoever signs in with the group in their `groups` claim.
CREATE TABLE invitations (
    id            UUID PRIMARY KEY,
    workspace_id  UUID NOT NULL REFERENCES workspaces (id),
    kind          TEXT NOT NULL CHECK (kind IN ('email', 'group')),
    -- lower-cased email, or the group's id as the provider sends it
    value         TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
    created_by    UUID NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (workspace_id, kind, value)
);

CREATE INDEX invitations_value_idx ON invitations (kind, value);

-- The workspace an assessment belongs to; NULL for assessments made without signing in.
ALTER TABLE assessments ADD COLUMN workspace_id UUID REFERENCES workspaces (id);

CREATE INDEX assessments_workspace_idx ON assessments (workspace_id);
