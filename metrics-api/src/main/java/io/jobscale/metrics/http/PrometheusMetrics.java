package io.jobscale.metrics.http;

import io.jobscale.metrics.EnqueuedMetrics;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The same values in Prometheus text format. Gauges read a snapshot taken once per scrape (three queries), rather
 * than one query per gauge.
 */
final class PrometheusMetrics {

    private record Snapshot(WorkerMetrics workers, List<EnqueuedMetrics> enqueued, long scheduledNextMinute) {
    }

    private final JobMetrics metrics;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    PrometheusMetrics(JobMetrics metrics) {
        this.metrics = metrics;
        Gauge.builder("jobscale.workers", snapshot, s -> s.get().workers().totalWorkers())
                .description("Worker-pool size of live servers").register(registry);
        Gauge.builder("jobscale.workers.occupied", snapshot, s -> s.get().workers().occupiedWorkers())
                .description("Jobs in PROCESSING on live servers").register(registry);
        Gauge.builder("jobscale.workers.usage", snapshot, s -> s.get().workers().usage())
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
    }

    synchronized String scrape() {
        snapshot.set(new Snapshot(metrics.workers(), metrics.enqueuedByPriority(),
                metrics.scheduled(Duration.ofMinutes(1), OptionalInt.empty()).count()));
        return registry.scrape();
    }
}
