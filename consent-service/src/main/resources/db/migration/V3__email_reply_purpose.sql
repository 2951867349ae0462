-- When no agent is available, a person may leave an email address for the reply; that use of the address is a
-- purpose of its own, based on consent (the policy's "emails you send us").
INSERT INTO purpose (code, title, description, lawful_basis, categories, gpc_refusable, revision, changed_at) VALUES
 ('support.email-reply', 'Reply by email', 'Use the email address you leave in the chat to send you our reply when no one is available to answer live.',
  'consent', ARRAY['chat.message'], FALSE, 1, '2026-12-01T00:00:00Z');

INSERT INTO purpose_revision (code, revision, title, description, lawful_basis, categories, gpc_refusable, changed_at, reason)
SELECT code, revision, title, description, lawful_basis, categories, gpc_refusable, changed_at,
       'leave a message when no agent is available (widget)'
FROM purpose WHERE code = 'support.email-reply';
