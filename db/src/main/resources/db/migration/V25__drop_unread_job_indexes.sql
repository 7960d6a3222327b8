-- Every state change of a job writes a new row version, and because it changes indexed columns (state, updatedAt)
-- the version gets an entry in every index of the table (no HOT update). Three of jobrunr's indexes are read by no
-- statement of jobrunr 8.7 or jobscale (docs/store.md lists them all):
-- * createdAt: written, never filtered or ordered by on its own;
-- * scheduledAt: jobrunr reads it only with state = 'SCHEDULED' (served by jobscale_jobs_scheduled_due_idx, V10) or
--   with recurringJobId (served by jobrunr_job_rci_idx);
-- * jobSignature: read only in a DISTINCT over the active states and in the dashboard's ILIKE search, neither of
--   which a b-tree on the signature alone can serve.
-- Dropping them saves three index insertions per state change and keeps a large history cheaper to write past.
DROP INDEX IF EXISTS jobrunr_job_created_at_idx;
DROP INDEX IF EXISTS jobrunr_job_scheduled_at_idx;
DROP INDEX IF EXISTS jobrunr_job_signature_idx;
