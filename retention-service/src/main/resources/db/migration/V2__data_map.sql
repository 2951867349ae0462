-- Data owners, as they announce themselves on the compacted confidant.data-owners topic.
CREATE TABLE data_owner (
    owner         TEXT PRIMARY KEY,
    registered_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE data_owner_category (
    owner    TEXT   NOT NULL REFERENCES data_owner (owner) ON DELETE CASCADE,
    category TEXT   NOT NULL,
    stores   TEXT[] NOT NULL,
    PRIMARY KEY (owner, category)
);

-- The data map: what the suite holds about each subject, from the owners' personal-data events.
CREATE TABLE data_item (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_id       UUID        NOT NULL,
    owner            TEXT        NOT NULL,
    category         TEXT        NOT NULL,
    store            TEXT        NOT NULL,
    reference        TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    last_activity_at TIMESTAMPTZ,
    UNIQUE (subject_id, category, store, reference)
);
CREATE INDEX data_item_category ON data_item (category);

-- One retention schedule per category; every change is a revision with its reason.
-- clock: CREATED (from when the data was stored) or LAST_ACTIVITY (from its last activity).
CREATE TABLE retention_schedule (
    category       TEXT PRIMARY KEY,
    retention_days INT         NOT NULL CHECK (retention_days > 0),
    clock          TEXT        NOT NULL,
    description    TEXT        NOT NULL,
    revision       INT         NOT NULL,
    changed_at     TIMESTAMPTZ NOT NULL,
    changed_by     UUID
);
CREATE TABLE retention_schedule_revision (
    category       TEXT        NOT NULL,
    revision       INT         NOT NULL,
    retention_days INT         NOT NULL,
    clock          TEXT        NOT NULL,
    description    TEXT        NOT NULL,
    changed_at     TIMESTAMPTZ NOT NULL,
    changed_by     UUID,
    reason         TEXT        NOT NULL,
    PRIMARY KEY (category, revision)
);

INSERT INTO retention_schedule (category, retention_days, clock, description, revision, changed_at) VALUES
 ('chat.message', 180, 'LAST_ACTIVITY', '180 days after the conversation''s last activity', 1, '2026-01-01T00:00:00Z'),
 ('chat.upload', 30, 'CREATED', '30 days after upload', 1, '2026-01-01T00:00:00Z'),
 ('chat.feedback', 365, 'CREATED', '365 days', 1, '2026-01-01T00:00:00Z'),
 ('account.profile', 1095, 'LAST_ACTIVITY', 'the life of the account; deleted after 3 years without activity', 1, '2026-01-01T00:00:00Z'),
 ('account.security-log', 90, 'CREATED', '90 days', 1, '2026-01-01T00:00:00Z'),
 ('usage.analytics', 395, 'CREATED', '13 months, only with consent', 1, '2026-01-01T00:00:00Z'),
 ('consent.evidence', 1826, 'LAST_ACTIVITY', '5 years after withdrawal or supersession (legal obligation); kept through erasure, pseudonymous', 1, '2026-01-01T00:00:00Z'),
 ('audit.access-log', 730, 'CREATED', '2 years', 1, '2026-01-01T00:00:00Z');
INSERT INTO retention_schedule_revision (category, revision, retention_days, clock, description, changed_at, reason)
SELECT category, revision, retention_days, clock, description, changed_at, 'default schedule of the design'
FROM retention_schedule;
