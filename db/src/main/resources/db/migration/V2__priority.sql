-- Priority queues. A job's priority travels as a jobrunr label "priority:N" (labels survive every state change,
-- unlike metadata). PostgreSQL derives an indexed column from it, so jobrunr's own INSERT and UPDATE statements stay
-- untouched and the claim query (state = 'ENQUEUED' ORDER BY priority, updatedAt) is one index range scan.
-- Lower is more urgent: 0 is the most urgent, 9 the least; jobs without the label get the default, 1.

CREATE FUNCTION jobscale_priority(job_as_json text) RETURNS smallint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT coalesce(
        (SELECT substring(label FROM 10)::smallint
           FROM jsonb_array_elements_text(coalesce(job_as_json::jsonb -> 'labels', '[]'::jsonb)) AS label
          WHERE label ~ '^priority:[0-9]$'
          LIMIT 1),
        1::smallint)
$$;

ALTER TABLE jobrunr_jobs ADD COLUMN priority smallint GENERATED ALWAYS AS (jobscale_priority(jobAsJson)) STORED;

-- Backs the claim (state, priority, updatedAt) and the per-priority enqueued metrics.
CREATE INDEX jobscale_jobs_state_priority_updated_idx ON jobrunr_jobs (state, priority, updatedAt);
