package io.jobscale.metrics.http;

import io.jobscale.metrics.EnqueuedMetrics;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.JobTransitions;
import io.jobscale.metrics.ScalingDecisions;
import io.jobscale.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The web process in Prometheus text format: the scaling metrics as gauges (read once per scrape), job transitions,
 * durations and queue latencies ({@link JobTransitions}), autoscaler decisions ({@link ScalingDecisions}), HTTP
 * requests ({@link HttpServerMetrics}), the JVM and the database connection pool.
 */
final class PrometheusMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);

    private record Snapshot(WorkerMetrics workers, List<EnqueuedMetrics> enqueued, long scheduledNextMinute) {
    }

    private final JobMetrics metrics;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final JobTransitions transitions;
    private final ScalingDecisions decisions;

    PrometheusMetrics(JobMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.transitions = new JobTransitions(metrics.dataSource(), clock, registry);
        this.decisions = new ScalingDecisions(metrics.dataSource(), registry, clock);
        Gauge.builder("jobscale.workers", snapshot, s -> s.get().workers().totalWorkers())
                .description("Worker-pool size of live servers").register(registry);
        Gauge.builder("jobscale.workers.occupied", snapshot, s -> s.get().workers().occupiedWorkers())
                .description("Jobs in PROCESSING on live servers").register(registry);
        Gauge.builder("jobscale.workers.usage", snapshot, s -> s.get().workers().usage()).baseUnit("ratio")
                .description("Occupied / total workers, 0..1").register(registry);
        Gauge.builder("jobscale.jobs.scheduled.next.minute", snapshot, s -> s.get().scheduledNextMinute())
                .description("Scheduled jobs due within one minute, overdue included").register(registry);
        for (int p = 0; p < JobMetrics.PRIORITIES; p++) {
            int priority = p;
            Gauge.builder("jobscale.jobs.enqueued", snapshot, s -> s.get().enqueued().get(priority).count())
                    .tag("priority", Integer.toString(priority)).description("Jobs in ENQUEUED").register(registry);
            Gauge.builder("jobscale.jobs.enqueued.latency", snapshot, s -> s.get().enqueued().get(priority).latency())
                    .tag("priority", Integer.toString(priority)).baseUnit("seconds")
                    .description("Seconds the oldest enqueued job has waited").register(registry);
        }
        ProcessMeters.bindTo(registry, metrics.dataSource());
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    synchronized String scrape() {
        snapshot.set(new Snapshot(metrics.workers(), metrics.enqueuedByPriority(),
                metrics.scheduled(Duration.ofMinutes(1), OptionalInt.empty()).count()));
        try {
            transitions.collect();
            decisions.collect();
        } catch (SQLException e) {
            // The gauges above already answered; the counters catch up at the next scrape.
            LOG.warn("Job transitions or scaling decisions not read this scrape: {}", e.toString());
        }
        return registry.scrape();
    }
}
