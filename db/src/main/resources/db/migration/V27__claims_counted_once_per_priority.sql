-- A worker's claim takes its jobs out of the enqueued counts (V11) once per priority instead of once per row.
--
-- The row trigger cost a claim one counter update per claimed job, about a third of the cost of updating the claimed
-- row itself. The claim now calls jobscale_count_claimed with the number of jobs it locked per priority, which also
-- marks the transaction (setting jobscale.claim_counted), and the update trigger then skips the -1 of each row that
-- leaves ENQUEUED in that transaction. This holds because a claim locks its rows (FOR UPDATE) until its commit, and
-- its transaction updates only the rows it locked, all of them. A claimed row that is still ENQUEUED after the update
-- (a job filter that kept it there) is added back by the trigger's +1, which always applies.

-- The counter arithmetic of V11's trigger, callable on its own. Same rules: a row no other transaction holds, or a new
-- row, and within a transaction always the row version it wrote last.
CREATE FUNCTION jobscale_add_enqueued(job_priority smallint, delta bigint) RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    setting text := 'jobscale.enqueued_row_' || job_priority;
    row_version tid;
    ignored text;
BEGIN
    -- The counter row this transaction last wrote for the priority: updated again in place, since finding it by a
    -- scan would pass over every version this transaction already wrote (quadratic in a bulk enqueue).
    IF current_setting(setting, true) <> '' THEN
        UPDATE jobscale_enqueued_counts SET count = count + delta
         WHERE ctid = current_setting(setting)::tid AND priority = job_priority
        RETURNING ctid INTO row_version;
    END IF;
    IF row_version IS NULL THEN
        -- First change of this priority in the transaction: any row no other transaction holds.
        UPDATE jobscale_enqueued_counts SET count = count + delta
         WHERE slot = (SELECT slot FROM jobscale_enqueued_counts WHERE priority = job_priority LIMIT 1
                       FOR UPDATE SKIP LOCKED)
        RETURNING ctid INTO row_version;
    END IF;
    IF row_version IS NULL THEN
        INSERT INTO jobscale_enqueued_counts (priority, count) VALUES (job_priority, delta)
        RETURNING ctid INTO row_version;
    END IF;
    ignored := set_config(setting, row_version::text, true);
END
$$;

-- Called by a claim, in its transaction, once per priority with the number of jobs it locked.
CREATE FUNCTION jobscale_count_claimed(job_priority smallint, claimed bigint) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM set_config('jobscale.claim_counted', 'on', true);
    PERFORM jobscale_add_enqueued(job_priority, -claimed);
END
$$;

CREATE OR REPLACE FUNCTION jobscale_count_enqueued() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    -- A change is at most two: out of ENQUEUED (OLD) unless a claim counted it already, into ENQUEUED (NEW).
    IF TG_OP <> 'INSERT' AND OLD.state = 'ENQUEUED'
            AND (TG_OP = 'DELETE' OR current_setting('jobscale.claim_counted', true) IS DISTINCT FROM 'on') THEN
        PERFORM jobscale_add_enqueued(OLD.priority, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.state = 'ENQUEUED' THEN
        PERFORM jobscale_add_enqueued(NEW.priority, 1);
    END IF;
    RETURN NULL;
END
$$;

-- Called only when the counts change: into or out of ENQUEUED, a priority change, and in a claim's transaction an
-- update that leaves a claimed row ENQUEUED (its count goes back). Claimed rows that leave ENQUEUED call nothing.
DROP TRIGGER jobscale_enqueued_on_update ON jobrunr_jobs;
CREATE TRIGGER jobscale_enqueued_on_update
    AFTER UPDATE OF state, priority ON jobrunr_jobs
    FOR EACH ROW WHEN (
        (NEW.state = 'ENQUEUED' AND (OLD.state IS DISTINCT FROM NEW.state OR OLD.priority IS DISTINCT FROM NEW.priority
                                     OR current_setting('jobscale.claim_counted', true) = 'on'))
        OR (OLD.state = 'ENQUEUED' AND NEW.state IS DISTINCT FROM 'ENQUEUED'
            AND current_setting('jobscale.claim_counted', true) IS DISTINCT FROM 'on'))
    EXECUTE FUNCTION jobscale_count_enqueued();
