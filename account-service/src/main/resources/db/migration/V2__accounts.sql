-- Accounts: the subject id is the account's primary key and the JWT's sub.
CREATE TABLE account (
    subject_id          UUID PRIMARY KEY,
    email               TEXT        NOT NULL,
    password_hash       TEXT        NOT NULL,
    display_name        TEXT        NOT NULL,
    date_of_birth       DATE        NOT NULL,
    jurisdiction        TEXT        NOT NULL,
    status              TEXT        NOT NULL,
    email_verified_at   TIMESTAMPTZ,
    guardian_email      TEXT,
    guardian_confirmed_at TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    deletion_requested_at TIMESTAMPTZ,
    version             BIGINT      NOT NULL DEFAULT 0
);
-- emails are stored normalised (lower case); uniqueness is case-insensitive by construction
CREATE UNIQUE INDEX account_email ON account (email);

CREATE TABLE account_role (
    subject_id  UUID NOT NULL REFERENCES account (subject_id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    PRIMARY KEY (subject_id, role)
);

-- Opaque refresh tokens, stored as SHA-256 hashes; one family per login, rotated on every use.
CREATE TABLE refresh_token (
    id          UUID PRIMARY KEY,
    token_hash  TEXT        NOT NULL UNIQUE,
    family_id   UUID        NOT NULL,
    subject_id  UUID        NOT NULL,
    issued_at   TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX refresh_token_family ON refresh_token (family_id);
CREATE INDEX refresh_token_subject ON refresh_token (subject_id);

-- Access tokens issued before this instant are refused for the subject (logout everywhere, deletion).
CREATE TABLE token_revocation (
    subject_id      UUID PRIMARY KEY,
    revoked_before  TIMESTAMPTZ NOT NULL
);

-- One-time links: email verification, password reset, guardian confirmation. Hashes only.
CREATE TABLE one_time_token (
    id          UUID PRIMARY KEY,
    token_hash  TEXT        NOT NULL UNIQUE,
    purpose     TEXT        NOT NULL,
    subject_id  UUID        NOT NULL REFERENCES account (subject_id) ON DELETE CASCADE,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);

-- Failed logins, for the lockout; keyed by normalised email and by client address.
CREATE TABLE login_failure (
    id              BIGSERIAL PRIMARY KEY,
    email           TEXT        NOT NULL,
    client_address  TEXT        NOT NULL,
    failed_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failure_email ON login_failure (email, failed_at);
CREATE INDEX login_failure_address ON login_failure (client_address, failed_at);

-- account.security-log: logins with time, client address and user agent.
CREATE TABLE security_log_entry (
    id              UUID PRIMARY KEY,
    subject_id      UUID        NOT NULL,
    event           TEXT        NOT NULL,
    client_address  TEXT        NOT NULL,
    user_agent      TEXT,
    occurred_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX security_log_subject ON security_log_entry (subject_id);

-- Rectifications: which fields changed, when, by whom (values are not copied here).
CREATE TABLE profile_change (
    id          UUID PRIMARY KEY,
    subject_id  UUID        NOT NULL,
    field       TEXT        NOT NULL,
    changed_by  UUID        NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX profile_change_subject ON profile_change (subject_id);

-- Role changes of staff accounts, with who made them.
CREATE TABLE role_change (
    id          UUID PRIMARY KEY,
    subject_id  UUID        NOT NULL,
    role        TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    changed_by  UUID        NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);

-- Visitor subjects linked to the account they registered or logged in as.
CREATE TABLE visitor_link (
    visitor_subject_id  UUID PRIMARY KEY,
    subject_id          UUID        NOT NULL,
    linked_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX visitor_link_subject ON visitor_link (subject_id);

-- Reports that an account belongs to a child; a DPO confirms or dismisses.
CREATE TABLE minor_report (
    id              UUID PRIMARY KEY,
    subject_id      UUID,
    details         TEXT,
    status          TEXT        NOT NULL,
    reported_at     TIMESTAMPTZ NOT NULL,
    decided_by      UUID,
    decided_at      TIMESTAMPTZ
);
