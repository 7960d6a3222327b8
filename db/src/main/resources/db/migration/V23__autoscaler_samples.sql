-- What each scaled object's triggers read, next to its replicas, over time: the autoscaler's leader writes a row per
-- scaled object at most every 15 s and prunes rows with the decision log (V20). The dashboard charts trigger values
-- against targets from it; the Prometheus gauges read the newest rows, so every web replica reports them, not only
-- the leader. All SQL on this table is in io.jobscale.metrics.AutoscalerSamples.
CREATE TABLE jobscale_autoscaler_samples
(
    scaled_object    text      NOT NULL,
    sampled_at       timestamp NOT NULL,
    kind             text      NOT NULL,
    current_replicas int,
    desired_replicas int,
    readings         jsonb     NOT NULL,
    PRIMARY KEY (scaled_object, sampled_at)
);
CREATE INDEX jobscale_autoscaler_samples_time_idx ON jobscale_autoscaler_samples (sampled_at);
