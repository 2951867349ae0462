-- Per-subject data keys (AES-256), wrapped by the key-encryption key. Deleting a subject's row crypto-shreds every
-- copy of its chat content, backups included.
CREATE TABLE subject_key (
    subject_id  UUID PRIMARY KEY,
    kek_id      TEXT        NOT NULL,
    wrapped_key BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- status: OPEN, WAITING_FOR_AGENT, WITH_AGENT, CLOSED
CREATE TABLE conversation (
    id               UUID PRIMARY KEY,
    subject_id       UUID        NOT NULL,
    status           TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    last_activity_at TIMESTAMPTZ NOT NULL,
    closed_at        TIMESTAMPTZ
);
CREATE INDEX conversation_subject ON conversation (subject_id, last_activity_at DESC);
CREATE INDEX conversation_activity ON conversation (last_activity_at);

-- Message text is AES-GCM ciphertext under the subject's data key (12-byte IV, then ciphertext and tag); the
-- message id is the associated data, so a ciphertext cannot be moved to another row.
CREATE TABLE message (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              UUID        NOT NULL UNIQUE,
    conversation_id UUID        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    subject_id      UUID        NOT NULL,
    author          TEXT        NOT NULL,
    author_id       UUID,
    body            BYTEA       NOT NULL,
    cited           TEXT[]      NOT NULL DEFAULT '{}',
    confident       BOOLEAN,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX message_conversation ON message (conversation_id, seq);
CREATE INDEX message_subject ON message (subject_id);

-- Knowledge-base articles the assistant answers from, searched with PostgreSQL full-text search.
CREATE TABLE kb_article (
    id         UUID PRIMARY KEY,
    slug       TEXT        NOT NULL UNIQUE,
    title      TEXT        NOT NULL,
    body       TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by UUID,
    search     TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) STORED
);
CREATE INDEX kb_article_search ON kb_article USING GIN (search);

-- The local projection of consent-service's ConsentChanged events: never a call on the hot path.
CREATE TABLE consent_projection (
    subject_id UUID        NOT NULL,
    purpose    TEXT        NOT NULL,
    state      TEXT        NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subject_id, purpose)
);

INSERT INTO kb_article (id, slug, title, body, updated_at) VALUES
(gen_random_uuid(), 'delete-my-data', 'How do I delete my data?',
 'You can delete your account and all your data at any time. In your account settings choose "Delete account" and '
 || 'confirm with your password, or ask the assistant for an erasure request. We erase your conversations, uploads, '
 || 'feedback and account from every system within one month at the latest, and send you an erasure certificate. '
 || 'You can also delete a single conversation with its files straight away.', now()),
(gen_random_uuid(), 'cookies', 'Which cookies do you use?',
 'The chat widget uses necessary cookies to keep your session. Preference cookies remember your choices and '
 || 'analytics cookies count visits; we set them only if you agree in the cookie banner. You can refuse or withdraw '
 || 'cookie consent at any time, and we honour the Global Privacy Control signal of your browser.', now()),
(gen_random_uuid(), 'chat-retention', 'How long do you keep my chats?',
 'We keep conversation messages for 180 days after the conversation''s last activity, uploaded files for 30 days, '
 || 'and feedback for 365 days; then they are deleted automatically. Nothing is kept longer unless a legal obligation '
 || 'or a dispute requires it.', now()),
(gen_random_uuid(), 'withdraw-consent', 'How do I withdraw my consent?',
 'Open your privacy settings and switch off any purpose you agreed to, such as usage analytics, promotional '
 || 'campaigns or improving the service with your conversations. Withdrawing is as easy as agreeing, takes effect at '
 || 'once, and you receive a receipt for every change.', now()),
(gen_random_uuid(), 'childrens-data', 'Can children use the service?',
 'Children under 13 may not use the service. Between 13 and 16 a parent or guardian must agree. If you believe a '
 || 'child has given us personal data, report it to us and we will delete it.', now()),
(gen_random_uuid(), 'contact-us', 'How can I contact you?',
 'You can ask the assistant to hand the conversation over to a human agent, or write to our data protection officer '
 || 'at dpo@confidant.dev about anything concerning your personal data.', now());

-- Usage analytics (category usage.analytics): what happened, never content; recorded only while the subject's
-- projected consent grants analytics.usage.
CREATE TABLE usage_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_id  UUID        NOT NULL,
    kind        TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX usage_event_subject ON usage_event (subject_id);
CREATE INDEX usage_event_occurred ON usage_event (occurred_at);
