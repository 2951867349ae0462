-- Receipts: secrets handed to the subject when they ask for erasure themselves (their own request, or deleting their
-- account), with which they follow the request and fetch its certificate without signing in, also after their tokens
-- stop working. Only the SHA-256 is stored; a request may have several (each own request hands out a new one).
CREATE TABLE erasure_receipt (
    receipt_sha256 TEXT PRIMARY KEY CHECK (receipt_sha256 ~ '^[0-9a-f]{64}$'),
    request_id     UUID        NOT NULL REFERENCES erasure_request (id),
    issued_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX erasure_receipt_request ON erasure_receipt (request_id);
