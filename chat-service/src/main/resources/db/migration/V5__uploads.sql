-- Uploads (category chat.upload, 30 days): the row here, the encrypted file in the blob store. None outlives its
-- conversation.
CREATE TABLE upload (
    id              UUID PRIMARY KEY,
    subject_id      UUID        NOT NULL,
    conversation_id UUID        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL,
    content_type    TEXT        NOT NULL,
    size            BIGINT      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX upload_subject ON upload (subject_id);
CREATE INDEX upload_conversation ON upload (conversation_id);
CREATE INDEX upload_created ON upload (created_at);
