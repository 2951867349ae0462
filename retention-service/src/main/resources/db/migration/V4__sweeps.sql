-- Retention sweeps: one expire command per category, and each owning owner's acknowledgement.
CREATE TABLE sweep (
    id           UUID PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    started_by   UUID,
    completed_at TIMESTAMPTZ
);
CREATE TABLE sweep_command (
    sweep_id        UUID        NOT NULL REFERENCES sweep (id),
    category        TEXT        NOT NULL,
    owner           TEXT        NOT NULL,
    expired_before  TIMESTAMPTZ NOT NULL,
    held_subjects   UUID[]      NOT NULL,
    dispatched_at   TIMESTAMPTZ NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    expired         BIGINT,
    PRIMARY KEY (sweep_id, category, owner)
);
