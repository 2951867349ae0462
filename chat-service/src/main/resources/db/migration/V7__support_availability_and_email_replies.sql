-- Agents seen at the desk recently, so every instance can tell a person whether anyone is there to answer.
CREATE TABLE agent_presence (
    agent_id     UUID PRIMARY KEY,
    last_seen_at TIMESTAMPTZ NOT NULL
);

-- A message left for a reply by email when no agent was available (with consent to support.email-reply). The
-- address is AES-GCM ciphertext under the subject's key ("email-reply:<conversation id>" as associated data); it goes
-- with its conversation.
CREATE TABLE email_reply (
    conversation_id UUID PRIMARY KEY REFERENCES conversation (id) ON DELETE CASCADE,
    subject_id      UUID        NOT NULL,
    email           BYTEA       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_mailed_at  TIMESTAMPTZ
);
CREATE INDEX email_reply_subject ON email_reply (subject_id);
