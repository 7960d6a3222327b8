-- The scheduled-jobs metric counts SCHEDULED jobs due before a time, optionally of one priority. A partial index
-- holds only scheduled jobs (few, compared with the succeeded history) and answers both forms with an index-only scan.
CREATE INDEX jobscale_jobs_scheduled_due_idx ON jobrunr_jobs (scheduledAt, priority) WHERE state = 'SCHEDULED';
