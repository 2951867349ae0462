-- Where an owner serves its export of one subject (DataOwnerRegistered v2); NULL: it offers none.
ALTER TABLE data_owner ADD COLUMN export_url TEXT;

-- Access and portability requests (GDPR Art. 15/20): one month from receipt, like erasure. Each owner registered at
-- receipt contributes its export; the bundle is kept for a limited time, then its content is deleted.
-- status: COLLECTING, READY, EXPIRED
CREATE TABLE access_request (
    id                UUID PRIMARY KEY,
    subject_id        UUID        NOT NULL,
    origin            TEXT        NOT NULL,
    requested_by      UUID,
    status            TEXT        NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL,
    deadline          TIMESTAMPTZ NOT NULL,
    ready_at          TIMESTAMPTZ,
    bundle_expires_at TIMESTAMPTZ
);
CREATE INDEX access_request_subject ON access_request (subject_id);
CREATE INDEX access_request_collecting ON access_request (status) WHERE status = 'COLLECTING';

-- One owner's contribution. status: PENDING, COLLECTED, NO_EXPORT (the owner offers no export endpoint).
-- content is the owner's JSON export: personal data, deleted when the bundle expires or the subject is erased.
CREATE TABLE access_part (
    request_id      UUID        NOT NULL REFERENCES access_request (id) ON DELETE CASCADE,
    owner           TEXT        NOT NULL,
    export_url      TEXT,
    status          TEXT        NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error      TEXT,
    collected_at    TIMESTAMPTZ,
    content         TEXT,
    PRIMARY KEY (request_id, owner)
);
CREATE INDEX access_part_pending ON access_part (next_attempt_at) WHERE status = 'PENDING';
