-- Subjects whose access tokens this service refuses when issued before revoked_before: set when this service erases
-- the subject, so a token still within its lifetime cannot put new data here. Kept 31 days (the longest token life).
CREATE TABLE confidant_revoked_subject (
    subject_id     UUID PRIMARY KEY,
    revoked_before TIMESTAMPTZ NOT NULL
);
