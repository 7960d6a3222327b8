-- Priority queues. A job's priority travels as a jobrunr label "priority:N" (labels survive every state change,
-- unlike metadata), and PostgreSQL copies it into an indexed column, so jobrunr's own INSERT and UPDATE statements stay
-- untouched and the claim query (state = 'ENQUEUED' ORDER BY priority, updatedAt) is one index range scan.
-- Lower is more urgent: 0 is the most urgent, 9 the least; jobs without the label get the default, 1.
--
-- Why a BEFORE INSERT trigger and not a generated column: a generated column is recomputed on every UPDATE, and
-- jobrunr updates a job at least twice (PROCESSING, SUCCEEDED) with a growing JSON document; the labels of a job never
-- change after it is created, so parsing them once, on insert, is enough.

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

CREATE FUNCTION jobscale_set_priority() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.priority := jobscale_priority(NEW.jobAsJson);
    RETURN NEW;
END
$$;

ALTER TABLE jobrunr_jobs ADD COLUMN priority smallint NOT NULL DEFAULT 1;

CREATE TRIGGER jobscale_priority_on_insert
    BEFORE INSERT ON jobrunr_jobs
    FOR EACH ROW EXECUTE FUNCTION jobscale_set_priority();

-- Backs the claim (state, priority, updatedAt) and the per-priority enqueued metrics.
CREATE INDEX jobscale_jobs_state_priority_updated_idx ON jobrunr_jobs (state, priority, updatedAt);
