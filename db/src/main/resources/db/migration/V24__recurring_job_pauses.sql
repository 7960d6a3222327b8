-- Recurring jobs an operator paused from the dashboard. While a recurring job has a row here no process creates runs
-- of it; deleting the recurring job deletes its pause. The id has the type of jobrunr_recurring_jobs.id (NCHAR), so
-- read it back as text (trailing blanks trimmed). All SQL on this table is in
-- io.jobscale.server.storage.RecurringJobPauses.
CREATE TABLE jobscale_recurring_job_pauses
(
    id        NCHAR(128)  PRIMARY KEY REFERENCES jobrunr_recurring_jobs (id) ON DELETE CASCADE,
    paused_at timestamptz NOT NULL
);
