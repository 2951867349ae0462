-- Staff administration: why a role was granted or revoked (asked of the admin since the console), and deactivated
-- staff accounts (status DEACTIVATED: no sign-in, no refresh, every token revoked).
ALTER TABLE role_change ADD COLUMN reason TEXT;
CREATE INDEX account_role_role ON account_role (role);
