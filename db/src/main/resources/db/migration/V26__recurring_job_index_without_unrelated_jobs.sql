-- Most jobs belong to no recurring job, yet every version of every job had an entry in jobrunr's recurringJobId index
-- (a NULL key): one index insertion per state change that no statement ever reads, since every statement on the
-- column asks for one recurring job's runs by equality, and an equality implies NOT NULL, so the planner uses a
-- partial index for it (docs/store.md lists the table's indexes). Building it reads the table once, under a lock that
-- blocks writes to jobs for that time: seconds at a million jobs.
CREATE INDEX jobscale_jobs_recurring_idx ON jobrunr_jobs (recurringJobId) WHERE recurringJobId IS NOT NULL;
DROP INDEX IF EXISTS jobrunr_job_rci_idx;
