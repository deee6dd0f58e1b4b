-- connect-advisor storage, PostgreSQL dialect. Mirrors migrations/sqlite; keep both in step.
-- Never edit this file once released: add a new migration instead.
--
-- Revision numbers start at 1 and grow by exactly 1 per save. BIGINT holds every u32.

-- One row per assessment: what lists and concurrency checks need without reading JSON.
CREATE TABLE assessments (
    id              UUID        PRIMARY KEY,
    name            TEXT        NOT NULL,
    region          TEXT        NOT NULL,
    -- hex SHA-256 of the edit key; the key itself is never stored
    edit_key_hash   TEXT        NOT NULL,
    -- the optimistic-concurrency token: an update must name it to succeed
    latest_revision BIGINT      NOT NULL CHECK (latest_revision >= 1),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX assessments_updated_at_idx ON assessments (updated_at DESC, id);

-- Every save is a new, immutable row; rows are only ever inserted.
CREATE TABLE revisions (
    assessment_id UUID        NOT NULL REFERENCES assessments (id),
    revision      BIGINT      NOT NULL CHECK (revision >= 1),
    -- scenario name at this revision, for history lists without parsing JSON
    name          TEXT        NOT NULL,
    -- the Scenario as serde JSON
    scenario      JSONB       NOT NULL,
    author        TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (assessment_id, revision)
);

CREATE FUNCTION revisions_are_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'revisions are immutable';
END;
$$;

CREATE TRIGGER revisions_are_immutable
BEFORE UPDATE ON revisions
FOR EACH ROW EXECUTE FUNCTION revisions_are_immutable();

-- Read-only share links. Only the hex SHA-256 of the token is stored.
CREATE TABLE shares (
    id              UUID        PRIMARY KEY,
    assessment_id   UUID        NOT NULL REFERENCES assessments (id),
    token_hash      TEXT        NOT NULL UNIQUE,
    -- NULL: the link follows the latest revision
    pinned_revision BIGINT      CHECK (pinned_revision >= 1),
    label           TEXT,
    expires_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (assessment_id, pinned_revision) REFERENCES revisions (assessment_id, revision)
);

CREATE INDEX shares_assessment_idx ON shares (assessment_id, created_at);
