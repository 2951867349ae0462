-- Platform tables, shared by every service through the Flyway location db/confidant-platform.
-- Platform migrations are numbered 0.x so that they sort before each service's own V1, V2, ...

-- Transactional outbox: written in the same transaction as the business change, published by the relay.
CREATE TABLE confidant_outbox (
    id            BIGSERIAL PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    record_key    TEXT        NOT NULL,
    event_type    TEXT        NOT NULL,
    payload       BYTEA       NOT NULL,
    traceparent   TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    published_at  TIMESTAMPTZ
);
-- The relay reads unpublished rows in id order; this keeps that scan small however many rows are kept.
CREATE INDEX confidant_outbox_unpublished ON confidant_outbox (id) WHERE published_at IS NULL;
CREATE INDEX confidant_outbox_published_at ON confidant_outbox (published_at) WHERE published_at IS NOT NULL;

-- Idempotent inbox: one row per (consumer, event) processed, written in the same transaction as the effect.
CREATE TABLE confidant_inbox (
    consumer      TEXT        NOT NULL,
    event_id      UUID        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX confidant_inbox_processed_at ON confidant_inbox (processed_at);
