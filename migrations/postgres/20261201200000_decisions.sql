-- The decision workflow and the audit log. Mirrors migrations/sqlite; keep both in step.
-- Both tables are insert-only: a status is the latest change of its revision, never an
-- overwritten column, and the audit log is never edited.

-- One row per change of a revision's decision status. `seq` numbers an assessment's
-- changes 1, 2, 3… in order: a writer names the count it saw and the primary key refuses a
-- second writer with the same count, so concurrent changes never overwrite each other.
CREATE TABLE decision_changes (
    assessment_id   UUID        NOT NULL REFERENCES assessments (id),
    seq             BIGINT      NOT NULL CHECK (seq >= 1),
    revision        BIGINT      NOT NULL CHECK (revision >= 1),
    status          TEXT        NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected', 'superseded')),
    comment         TEXT        NOT NULL,
    -- who changed it, as the web layer names the caller (identity header, or the capability)
    actor           TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    -- when accepted: the price-book version the acceptance was priced with, and what the
    -- report said then (recommended option, its monthly total and currency), so a later
    -- revision can say what differs without evaluating this one again
    pricing_version TEXT,
    recommendation  TEXT,
    monthly_total   TEXT,
    currency        TEXT,
    PRIMARY KEY (assessment_id, seq),
    FOREIGN KEY (assessment_id, revision) REFERENCES revisions (assessment_id, revision)
);

CREATE INDEX decision_changes_revision_idx ON decision_changes (assessment_id, revision, seq);

CREATE FUNCTION decision_log_is_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER decision_changes_are_immutable
BEFORE UPDATE ON decision_changes
FOR EACH ROW EXECUTE FUNCTION decision_log_is_immutable();

-- Who did what to an assessment: created, edited (a new revision), shared, share_revoked,
-- status_changed. `id` orders the log.
CREATE TABLE audit_events (
    id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assessment_id UUID        NOT NULL REFERENCES assessments (id),
    action        TEXT        NOT NULL CHECK (action IN ('created', 'edited', 'shared', 'share_revoked', 'status_changed')),
    actor         TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    revision      BIGINT      CHECK (revision >= 1),
    share_id      UUID,
    status        TEXT
);

CREATE INDEX audit_events_assessment_idx ON audit_events (assessment_id, id);

CREATE TRIGGER audit_events_are_immutable
BEFORE UPDATE ON audit_events
FOR EACH ROW EXECUTE FUNCTION decision_log_is_immutable();
