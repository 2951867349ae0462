-- Feedback (category chat.feedback, 365 days): thumbs on an answer, stars on a conversation. Comments are ciphertext
-- under the subject's key. Neither outlives its conversation.
CREATE TABLE feedback (
    id              UUID PRIMARY KEY,
    subject_id      UUID        NOT NULL,
    conversation_id UUID        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    message_id      UUID        NOT NULL UNIQUE REFERENCES message (id) ON DELETE CASCADE,
    helpful         BOOLEAN     NOT NULL,
    comment         BYTEA,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX feedback_subject ON feedback (subject_id);
CREATE INDEX feedback_created ON feedback (created_at);

CREATE TABLE rating (
    id              UUID PRIMARY KEY,
    subject_id      UUID        NOT NULL,
    conversation_id UUID        NOT NULL UNIQUE REFERENCES conversation (id) ON DELETE CASCADE,
    stars           INT         NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment         BYTEA,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX rating_subject ON rating (subject_id);
CREATE INDEX rating_created ON rating (created_at);
