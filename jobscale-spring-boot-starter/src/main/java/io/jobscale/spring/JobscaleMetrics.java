package io.jobscale.spring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.storage.JobStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * Gauges in the application's Micrometer registry: {@code jobscale.jobs{state=...}} (jobs per state, all servers),
 * and for this application's worker {@code jobscale.worker.threads} and {@code jobscale.worker.busy}.
 */
public class JobscaleMetrics implements MeterBinder {

    /**
     * The job counts are one query, read at most this often however many gauges and scrapes ask, so a scrape costs
     * the database at most one query per this interval.
     */
    public static final Duration JOB_COUNTS_MAX_AGE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(JobscaleMetrics.class);
    private static final Map<String, Function<JobStats, Long>> STATES = Map.of(
            "scheduled", JobStats::getScheduled,
            "enqueued", JobStats::getEnqueued,
            "processing", JobStats::getProcessing,
            "failed", JobStats::getFailed,
            "succeeded", JobStats::getSucceeded);

    private final JobscaleStorageProvider storage;
    private final JobscaleWorkerLifecycle worker;   // null: no worker in this application
    private final Clock clock;
    private JobStats stats;
    private Instant readAt;

    public JobscaleMetrics(JobscaleStorageProvider storage, JobscaleWorkerLifecycle worker, Clock clock) {
        this.storage = storage;
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        STATES.forEach((state, count) -> Gauge.builder("jobscale.jobs", this, metrics -> metrics.count(count))
                .tag("state", state)
                .description("Jobs in this state, on all servers")
                .register(registry));
        if (worker == null) return;
        Gauge.builder("jobscale.worker.threads", worker, w -> w.settings().workers())
                .description("Jobs this application's worker runs at once at most")
                .register(registry);
        Gauge.builder("jobscale.worker.busy", worker, JobscaleWorkerLifecycle::busyWorkers)
                .description("Jobs this application's worker is running")
                .register(registry);
    }

    private synchronized double count(Function<JobStats, Long> count) {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(JOB_COUNTS_MAX_AGE))) {
            readAt = now;
            try {
                stats = storage.getJobStats();
            } catch (RuntimeException e) {
                LOG.debug("Job counts unavailable: {}", e.toString());
                stats = null;
            }
        }
        Long value = stats == null ? null : count.apply(stats);
        return value == null ? Double.NaN : value;
    }
}
