-- Rate-limit counters shared by every replica of a service (SharedRateLimiter): hits per limit, key and fixed window.
-- Keys are SHA-256 hashes (client addresses, emails), never the values; rows go once their window cannot count.
CREATE TABLE confidant_rate_limit (
    name         TEXT        NOT NULL,
    key_hash     TEXT        NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    hits         INTEGER     NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (name, key_hash, window_start)
);
CREATE INDEX confidant_rate_limit_expiry ON confidant_rate_limit (expires_at);
