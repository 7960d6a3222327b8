package io.jobscale.dashboard;

import io.jobscale.db.store.DashboardSamples;
import io.jobscale.metrics.EnqueuedMetrics;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes what the queue looks like (enqueued jobs and oldest wait per priority, busy and total workers) into
 * {@link DashboardSamples} every {@link #INTERVAL}, and deletes samples older than {@link #RETENTION}, so
 * the charts of a page opened now reach back an hour. Sample times are whole multiples of the interval: several web
 * replicas write one row per time between them.
 */
final class QueueSampler implements AutoCloseable {

    /** How often the web process samples the queue. */
    static final Duration INTERVAL = Duration.ofSeconds(15);
    /** How long samples are kept: the charts show one hour, a day leaves room to look back after an incident. */
    static final Duration RETENTION = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(QueueSampler.class);

    private final DashboardSamples samples;
    private final JobMetrics metrics;
    private final Clock clock;
    private ScheduledExecutorService executor;

    QueueSampler(DataSource dataSource, JobMetrics metrics, Clock clock) {
        this.samples = new DashboardSamples(dataSource);
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
        samples.insert(new DashboardSamples.Sample(at,
                enqueued.stream().mapToLong(EnqueuedMetrics::count).toArray(),
                enqueued.stream().mapToLong(EnqueuedMetrics::latency).toArray(),
                workers.occupiedWorkers(), workers.totalWorkers()));
        samples.deleteBefore(now.minus(RETENTION));
    }

    @Override
    public synchronized void close() {
        if (executor != null) executor.shutdownNow();
        executor = null;
    }
}
