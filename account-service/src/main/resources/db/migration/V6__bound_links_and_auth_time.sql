-- A link may be bound to a value: a change-email link to the SHA-256 of the address it was mailed to (it applies
-- only that address), an undo link to the address it restores. Rows go with the account (ON DELETE CASCADE).
ALTER TABLE one_time_token ADD COLUMN bound_to TEXT;

-- When the login a refresh token belongs to last proved the password: access tokens carry it as auth_time, so a
-- sensitive action can ask for a recent sign-in (step-up). Earlier rows count from their issue.
ALTER TABLE refresh_token ADD COLUMN authenticated_at TIMESTAMPTZ;
