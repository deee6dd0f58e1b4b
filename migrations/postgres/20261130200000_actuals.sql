-- Actual costs uploaded for an assessment (plan vs actual), one row per upload and billing
-- period. `rows_json` holds the period's rows that belong to the estimate (tagged with the
-- option tag or inside the upload's subscription / resource-group filter), as parsed.
CREATE TABLE actuals (
    id                    UUID        PRIMARY KEY,
    assessment_id         UUID        NOT NULL REFERENCES assessments (id),
    billing_period_start  TEXT        NOT NULL,
    billing_period_end    TEXT        NOT NULL,
    currency              TEXT        NOT NULL,
    filter_subscription   TEXT,
    filter_resource_group TEXT,
    rows_in_period        BIGINT      NOT NULL CHECK (rows_in_period >= 0),
    rows_json             TEXT        NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL
);

CREATE INDEX actuals_assessment_idx ON actuals (assessment_id, billing_period_start, created_at);
