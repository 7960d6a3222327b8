-- What the queue looked like over time, for the dashboard's charts: the web process samples it every few seconds
-- (one row per sample time, whichever web replica writes first) and deletes rows past their age.
CREATE TABLE jobscale_dashboard_samples
(
    sampled_at     timestamp PRIMARY KEY,
    enqueued       bigint[] NOT NULL,
    latency        bigint[] NOT NULL,
    busy_workers   int      NOT NULL,
    total_workers  int      NOT NULL
);
