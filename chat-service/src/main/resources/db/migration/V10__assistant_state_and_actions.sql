-- The assistant's side of a conversation's state: how many answers in a row it was unsure of (two offer a human), and
-- the action an answer offers for the person to confirm (JSON: type, purpose, where the request goes; no content).
ALTER TABLE conversation ADD COLUMN unsure_in_a_row INT NOT NULL DEFAULT 0;
ALTER TABLE message ADD COLUMN action TEXT;
