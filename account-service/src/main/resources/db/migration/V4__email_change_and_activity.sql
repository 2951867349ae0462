-- An email change waits here until the new address confirms it.
ALTER TABLE account ADD COLUMN pending_email TEXT;
-- Retention of account.profile counts from the last login or refresh (inactive for 3 years → deleted).
ALTER TABLE account ADD COLUMN last_active_at TIMESTAMPTZ;
UPDATE account SET last_active_at = updated_at;
ALTER TABLE account ALTER COLUMN last_active_at SET NOT NULL;
CREATE INDEX account_last_active ON account (last_active_at);
