-- The purpose catalogue: one GDPR Art. 6 lawful basis per purpose. Every change is a new revision.
CREATE TABLE purpose (
    code          TEXT PRIMARY KEY,
    title         TEXT        NOT NULL,
    description   TEXT        NOT NULL,
    lawful_basis  TEXT        NOT NULL,
    categories    TEXT[]      NOT NULL,
    -- non-essential: refused by a Sec-GPC signal unless the subject grants it explicitly afterwards
    gpc_refusable BOOLEAN     NOT NULL,
    revision      INT         NOT NULL,
    changed_at    TIMESTAMPTZ NOT NULL,
    changed_by    UUID
);

CREATE TABLE purpose_revision (
    code          TEXT        NOT NULL,
    revision      INT         NOT NULL,
    title         TEXT        NOT NULL,
    description   TEXT        NOT NULL,
    lawful_basis  TEXT        NOT NULL,
    categories    TEXT[]      NOT NULL,
    gpc_refusable BOOLEAN     NOT NULL,
    changed_at    TIMESTAMPTZ NOT NULL,
    changed_by    UUID,
    reason        TEXT        NOT NULL,
    PRIMARY KEY (code, revision)
);

-- Privacy policy versions, in the order they take effect.
CREATE TABLE policy_version (
    version       TEXT PRIMARY KEY,
    text          TEXT,
    url           TEXT,
    sha256        TEXT        NOT NULL,
    summary       TEXT        NOT NULL,
    material      BOOLEAN     NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL,
    effective_at  TIMESTAMPTZ NOT NULL UNIQUE,
    last_updated  DATE        NOT NULL,
    published_by  UUID,
    -- when the projections were told that grants under older versions need re-consent (material versions)
    applied_at    TIMESTAMPTZ
);

-- The consent ledger: append-only, hash-chained in seq order. Erasure keeps it (pseudonymous evidence under a legal
-- obligation); retention expiry turns an entry into a tombstone that keeps only its place and hashes in the chain.
CREATE TABLE ledger_entry (
    seq            BIGINT PRIMARY KEY,
    id             UUID        NOT NULL UNIQUE,
    subject_id     UUID,
    purpose        TEXT,
    action         TEXT,
    policy_version TEXT,
    occurred_at    TIMESTAMPTZ,
    method         TEXT,
    actor          TEXT,
    actor_id       UUID,
    user_agent     TEXT,
    client_network TEXT,
    jurisdiction   TEXT,
    receipt_id     UUID,
    prev_hash      TEXT        NOT NULL,
    hash           TEXT        NOT NULL,
    expired_at     TIMESTAMPTZ
);
CREATE INDEX ledger_entry_subject ON ledger_entry (subject_id, purpose, seq);
CREATE INDEX ledger_entry_occurred ON ledger_entry (occurred_at);

-- The end of the chain: appends lock this row, so entries are chained one after another.
CREATE TABLE ledger_head (
    id    INT PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT   NOT NULL
);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- Defence in depth: the application can only append, or turn an entry into a tombstone at expiry.
-- (The hash chain catches whoever gets around this.)
CREATE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the consent ledger is append-only';
    END IF;
    IF OLD.expired_at IS NULL AND NEW.expired_at IS NOT NULL
            AND NEW.seq = OLD.seq AND NEW.id = OLD.id AND NEW.hash = OLD.hash AND NEW.prev_hash = OLD.prev_hash
            AND NEW.subject_id IS NULL AND NEW.user_agent IS NULL AND NEW.client_network IS NULL
            AND NEW.actor_id IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the consent ledger is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only();

-- The current state per subject and purpose, kept ready for decisions (no ledger scan per decision).
CREATE TABLE consent_state (
    subject_id          UUID        NOT NULL,
    purpose             TEXT        NOT NULL,
    granted             BOOLEAN     NOT NULL,
    policy_version      TEXT        NOT NULL,
    policy_effective_at TIMESTAMPTZ NOT NULL,
    entry_id            UUID        NOT NULL,
    actor               TEXT        NOT NULL,
    changed_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subject_id, purpose)
);

-- What this service knows about a subject besides its choices.
CREATE TABLE consent_subject (
    subject_id   UUID PRIMARY KEY,
    minor        BOOLEAN     NOT NULL DEFAULT FALSE,
    gpc_seen_at  TIMESTAMPTZ
);

-- Signed consent receipts (Kantara Consent Receipt v1.1 as JWS), one per change, kept as evidence with the ledger.
CREATE TABLE consent_receipt (
    id          UUID PRIMARY KEY,
    subject_id  UUID        NOT NULL,
    issued_at   TIMESTAMPTZ NOT NULL,
    jws         TEXT        NOT NULL
);
CREATE INDEX consent_receipt_subject ON consent_receipt (subject_id, issued_at);

-- The catalogue the privacy policy describes.
INSERT INTO purpose (code, title, description, lawful_basis, categories, gpc_refusable, revision, changed_at) VALUES
 ('service.provide', 'Provide the service', 'Run the assistant you chat with: receive your messages and uploads and answer them.',
  'contract', ARRAY['chat.message','chat.upload'], FALSE, 1, '2026-01-01T00:00:00Z'),
 ('account.manage', 'Manage your account', 'Keep your account, let you log in and keep it secure.',
  'contract', ARRAY['account.profile','account.security-log'], FALSE, 1, '2026-01-01T00:00:00Z'),
 ('questions.answer', 'Answer your questions', 'Answer what you ask us, by the assistant or by a support agent.',
  'contract', ARRAY['chat.message','chat.upload','chat.feedback'], FALSE, 1, '2026-01-01T00:00:00Z'),
 ('abuse.prevent', 'Prevent prohibited or illegal activity', 'Detect and stop abuse of the service, fraud and illegal content.',
  'legitimate-interests', ARRAY['chat.message','account.security-log'], FALSE, 1, '2026-01-01T00:00:00Z'),
 ('analytics.usage', 'Usage analytics', 'Measure how the service is used so we can make it better.',
  'consent', ARRAY['usage.analytics'], TRUE, 1, '2026-01-01T00:00:00Z'),
 ('marketing.promotions', 'Promotional campaigns', 'Tell you about offers and news by email.',
  'consent', ARRAY['account.profile'], TRUE, 1, '2026-01-01T00:00:00Z'),
 ('service.improve', 'Improve the service with your conversations', 'Use redacted, pseudonymised conversations to improve the assistant''s answers.',
  'consent', ARRAY['chat.message','chat.feedback'], FALSE, 1, '2026-01-01T00:00:00Z'),
 ('cookies.necessary', 'Necessary cookies', 'Cookies the widget cannot work without, such as your session.',
  'legitimate-interests', ARRAY['usage.analytics'], FALSE, 1, '2026-01-01T00:00:00Z'),
 ('cookies.preferences', 'Preference cookies', 'Remember your choices, such as language, between visits.',
  'consent', ARRAY['usage.analytics'], TRUE, 1, '2026-01-01T00:00:00Z'),
 ('cookies.analytics', 'Analytics cookies', 'Count visits and measure how the widget is used.',
  'consent', ARRAY['usage.analytics'], TRUE, 1, '2026-01-01T00:00:00Z');

INSERT INTO purpose_revision (code, revision, title, description, lawful_basis, categories, gpc_refusable, changed_at, reason)
SELECT code, revision, title, description, lawful_basis, categories, gpc_refusable, changed_at, 'initial catalogue from the privacy policy'
FROM purpose;

-- The policy in force when the suite first starts; a DPO publishes the next ones.
INSERT INTO policy_version (version, text, sha256, summary, material, published_at, effective_at, last_updated, applied_at)
SELECT '1', t, encode(sha256(convert_to(t, 'UTF8')), 'hex'), 'First version', FALSE,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00Z'
FROM (SELECT 'We collect your account details and password, what you send the assistant (messages, uploads, '
          || 'feedback), emails you send us, usage data and cookies. We use them to provide the service, manage '
          || 'your account and answer your questions (contract), to prevent prohibited or illegal activity '
          || '(legitimate interests) and, only with your consent, to analyse usage, run promotions and improve the '
          || 'service. We keep data only as long as necessary, protect it, never rent or sell it, and delete it when '
          || 'you ask. Children under 13 may not use the service. We announce changes before they take effect.' AS t) policy;
