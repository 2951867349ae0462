-- When each scheduled job last ran on any replica of the service (ScheduledOnce): a replica runs a job only when it
-- claims the period, so N replicas run it once per period, not N times.
CREATE TABLE confidant_job_run (
    job    TEXT PRIMARY KEY,
    ran_at TIMESTAMPTZ NOT NULL
);
