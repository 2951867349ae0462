-- Privacy policy versions announced by consent-service, and how far the mail to every account holder has got.
CREATE TABLE policy_notice (
    version        TEXT PRIMARY KEY,
    summary        TEXT        NOT NULL,
    material       BOOLEAN     NOT NULL,
    effective_at   TIMESTAMPTZ NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    -- accounts are mailed in subject-id order; this is the last one mailed
    mailed_through UUID,
    mailed_count   BIGINT      NOT NULL DEFAULT 0,
    completed_at   TIMESTAMPTZ
);
