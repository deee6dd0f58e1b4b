-- connect-advisor storage, SQLite dialect. Mirrors migrations/postgres; keep both in step.
-- Never edit this file once released: add a new migration instead.
--
-- Conventions: ids are hyphenated UUID text; times are RFC 3339 UTC text written by the
-- application with a fixed six-digit fraction, so text order is time order; revision
-- numbers start at 1 and grow by exactly 1 per save.

-- One row per assessment: what lists and concurrency checks need without reading JSON.
CREATE TABLE assessments (
    id              TEXT    PRIMARY KEY NOT NULL,
    name            TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    -- hex SHA-256 of the edit key; the key itself is never stored
    edit_key_hash   TEXT    NOT NULL,
    -- the optimistic-concurrency token: an update must name it to succeed
    latest_revision INTEGER NOT NULL CHECK (latest_revision >= 1),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX assessments_updated_at_idx ON assessments (updated_at DESC, id);

-- Every save is a new, immutable row; rows are only ever inserted.
CREATE TABLE revisions (
    assessment_id TEXT    NOT NULL REFERENCES assessments (id),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    -- scenario name at this revision, for history lists without parsing JSON
    name          TEXT    NOT NULL,
    -- the Scenario as serde JSON
    scenario      TEXT    NOT NULL,
    author        TEXT,
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (assessment_id, revision)
) STRICT;

CREATE TRIGGER revisions_are_immutable
BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable');
END;

-- Read-only share links. Only the hex SHA-256 of the token is stored.
CREATE TABLE shares (
    id              TEXT    PRIMARY KEY NOT NULL,
    assessment_id   TEXT    NOT NULL REFERENCES assessments (id),
    token_hash      TEXT    NOT NULL UNIQUE,
    -- NULL: the link follows the latest revision
    pinned_revision INTEGER CHECK (pinned_revision >= 1),
    label           TEXT,
    expires_at      TEXT,
    revoked_at      TEXT,
    created_at      TEXT    NOT NULL,
    FOREIGN KEY (assessment_id, pinned_revision) REFERENCES revisions (assessment_id, revision)
) STRICT;

CREATE INDEX shares_assessment_idx ON shares (assessment_id, created_at);
