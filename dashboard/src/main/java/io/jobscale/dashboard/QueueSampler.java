package io.jobscale.dashboard;

import io.jobscale.metrics.EnqueuedMetrics;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes what the queue looks like (enqueued jobs and oldest wait per priority, busy and total workers) into
 * {@code jobscale_dashboard_samples} every {@link #INTERVAL}, and deletes samples older than {@link #RETENTION}, so
 * the charts of a page opened now reach back an hour. Sample times are whole multiples of the interval: several web
 * replicas write one row per time between them.
 */
final class QueueSampler implements AutoCloseable {

    /** How often the web process samples the queue. */
    static final Duration INTERVAL = Duration.ofSeconds(15);
    /** How long samples are kept: the charts show one hour, a day leaves room to look back after an incident. */
    static final Duration RETENTION = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(QueueSampler.class);

    private final DataSource dataSource;
    private final JobMetrics metrics;
    private final Clock clock;
    private ScheduledExecutorService executor;

    QueueSampler(DataSource dataSource, JobMetrics metrics, Clock clock) {
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.clock = clock;
    }

    synchronized void start() {
        if (executor != null) return;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "jobscale-dashboard-sampler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sampleQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (Exception e) {
            // A database outage costs a gap in the charts, nothing else; the next sample tries again.
            LOG.warn("Dashboard sample not written: {}", e.toString());
        }
    }

    /** Takes one sample now and prunes old ones. */
    void sample() throws SQLException {
        Instant now = clock.instant();
        Instant at = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), INTERVAL.toMillis()));
        List<EnqueuedMetrics> enqueued = metrics.enqueuedByPriority();
        WorkerMetrics workers = metrics.workers();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO jobscale_dashboard_samples"
                    + " (sampled_at, enqueued, latency, busy_workers, total_workers) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                insert.setTimestamp(1, Timestamp.from(at), utc());
                insert.setArray(2, c.createArrayOf("bigint", enqueued.stream().map(EnqueuedMetrics::count).toArray()));
                insert.setArray(3,
                        c.createArrayOf("bigint", enqueued.stream().map(EnqueuedMetrics::latency).toArray()));
                insert.setInt(4, workers.occupiedWorkers());
                insert.setInt(5, workers.totalWorkers());
                insert.executeUpdate();
            }
            try (PreparedStatement prune =
                         c.prepareStatement("DELETE FROM jobscale_dashboard_samples WHERE sampled_at < ?")) {
                prune.setTimestamp(1, Timestamp.from(now.minus(RETENTION)), utc());
                prune.executeUpdate();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) executor.shutdownNow();
        executor = null;
    }

    static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
