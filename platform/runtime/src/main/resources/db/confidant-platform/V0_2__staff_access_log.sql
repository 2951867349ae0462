-- Staff access log (category audit.access-log): every read of a data subject's personal data by staff.
CREATE TABLE confidant_staff_access_log (
    id               UUID PRIMARY KEY,
    staff_subject_id UUID        NOT NULL,
    staff_roles      TEXT        NOT NULL,
    data_subject_id  UUID,
    resource         TEXT        NOT NULL,
    purpose          TEXT        NOT NULL,
    accessed_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX confidant_staff_access_log_subject ON confidant_staff_access_log (data_subject_id, accessed_at);
CREATE INDEX confidant_staff_access_log_at ON confidant_staff_access_log (accessed_at);
