-- Hand-off: the agent who took the conversation, and when it was handed to a human.
ALTER TABLE conversation ADD COLUMN agent_id UUID;
ALTER TABLE conversation ADD COLUMN handed_off_at TIMESTAMPTZ;
CREATE INDEX conversation_waiting ON conversation (status, handed_off_at);

-- Messages stopped by moderation, under the purpose "prevent prohibited or illegal activity": which rule, never the
-- text.
CREATE TABLE moderation_event (
    id              UUID PRIMARY KEY,
    subject_id      UUID        NOT NULL,
    conversation_id UUID,
    rule            TEXT        NOT NULL,
    purpose         TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX moderation_event_subject ON moderation_event (subject_id);
CREATE INDEX moderation_event_occurred ON moderation_event (occurred_at);
