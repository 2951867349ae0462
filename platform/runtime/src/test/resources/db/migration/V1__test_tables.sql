-- Business tables of the runtime module's test application.
CREATE TABLE test_account (
    subject_id UUID PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE test_effect (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
