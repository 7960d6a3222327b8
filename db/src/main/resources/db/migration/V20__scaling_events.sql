-- Every decision of the autoscaler that changed something (and periodic snapshots of what it saw), for the dashboard
-- and for people asking "why did it scale?". Pruned by age by the autoscaler (default 7 days).
CREATE TABLE jobscale_scaling_events
(
    id            bigserial PRIMARY KEY,
    occurred_at   timestamp NOT NULL,
    scaled_object text      NOT NULL,
    kind          text      NOT NULL,
    from_replicas int,
    to_replicas   int,
    jobs_created  int,
    active        boolean   NOT NULL,
    readings      jsonb     NOT NULL,
    reason        text      NOT NULL
);
CREATE INDEX jobscale_scaling_events_time_idx ON jobscale_scaling_events (occurred_at);
CREATE INDEX jobscale_scaling_events_object_idx ON jobscale_scaling_events (scaled_object, occurred_at);
