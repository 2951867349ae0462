-- Deleting a conversation (expiry, erasure, the subject's own delete) cascades to its feedback; without this index
-- every deleted conversation meant a scan of the whole feedback table.
CREATE INDEX feedback_conversation ON feedback (conversation_id);
