-- Replays of the erasure log: after an owner's database was restored from a backup, every erasure completed since
-- the backup was taken is sent to the owners again. Who ran each replay, why, from when, and how many it sent.
CREATE TABLE erasure_replay (
    id           UUID PRIMARY KEY,
    requested_by UUID        NOT NULL,
    since        TIMESTAMPTZ NOT NULL,
    reason       TEXT        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    requests     INTEGER     NOT NULL,
    replayed_at  TIMESTAMPTZ NOT NULL
);
