-- Legal holds: while active, a subject's data is excluded from expiry and erasure.
CREATE TABLE legal_hold (
    id             UUID PRIMARY KEY,
    subject_id     UUID        NOT NULL,
    case_reference TEXT        NOT NULL,
    reason         TEXT        NOT NULL,
    placed_by      UUID        NOT NULL,
    placed_at      TIMESTAMPTZ NOT NULL,
    until          TIMESTAMPTZ,
    released_at    TIMESTAMPTZ,
    released_by    UUID
);
CREATE INDEX legal_hold_subject ON legal_hold (subject_id) WHERE released_at IS NULL;

-- Erasure requests (GDPR Art. 17): one month from receipt, extendable by two with a reason (Art. 12(3)).
-- status: HELD, IN_PROGRESS, COMPLETED
CREATE TABLE erasure_request (
    id               UUID PRIMARY KEY,
    subject_id       UUID        NOT NULL,
    origin           TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    deadline         TIMESTAMPTZ NOT NULL,
    extension_reason TEXT,
    held_reason      TEXT,
    requested_by     UUID,
    dispatched_at    TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ
);
CREATE INDEX erasure_request_subject ON erasure_request (subject_id);
CREATE INDEX erasure_request_open ON erasure_request (status) WHERE status <> 'COMPLETED';

-- The owners whose acknowledgement completes a request (the registry when it was dispatched), and what they said.
CREATE TABLE erasure_owner (
    request_id   UUID        NOT NULL REFERENCES erasure_request (id),
    owner        TEXT        NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    erased       TEXT,
    retained     TEXT,
    PRIMARY KEY (request_id, owner)
);

-- Signed erasure certificates.
CREATE TABLE erasure_certificate (
    request_id UUID PRIMARY KEY REFERENCES erasure_request (id),
    issued_at  TIMESTAMPTZ NOT NULL,
    jws        TEXT        NOT NULL
);
