-- Drain-first scale-down: the autoscaler marks the workers (Kubernetes: pods) it is about to remove; each worker reads
-- its own mark with its heartbeat, stops claiming and lets its running jobs finish. Keyed by the host part of the
-- server name (<pod name>/<pid>), i.e. the pod name. All SQL on this table is in io.jobscale.server.drain.DrainMarks.
CREATE TABLE jobscale_drain_marks
(
    worker       text        PRIMARY KEY,
    requested_at timestamptz NOT NULL,
    deadline     timestamptz NOT NULL
);

-- What a worker publishes with its heartbeat, beside occupiedWorkers (V3): true once it has seen its mark and stopped
-- claiming. The autoscaler counts a drained worker idle only when it says so.
ALTER TABLE jobrunr_backgroundjobservers ADD COLUMN draining boolean NOT NULL DEFAULT false;
