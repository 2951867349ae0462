-- Staff accounts created by an admin have no date of birth.
ALTER TABLE account ALTER COLUMN date_of_birth DROP NOT NULL;
CREATE INDEX role_change_subject ON role_change (subject_id);
CREATE INDEX minor_report_status ON minor_report (status, reported_at);
