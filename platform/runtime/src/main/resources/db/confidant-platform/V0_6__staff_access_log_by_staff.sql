-- Auditors query the staff access log by who read (GET /api/audit/access-log?staff=…), newest first.
CREATE INDEX confidant_staff_access_log_staff ON confidant_staff_access_log (staff_subject_id, accessed_at);
