package io.jobscale.cli.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this worker process ran, for its {@code /metrics}: {@code jobscale_worker_jobs_total{outcome}} and
 * {@code jobscale_worker_job_duration_seconds{outcome}}, outcome {@code succeeded} or {@code failed} (a failed attempt,
 * whether or not a retry follows). A jobrunr filter, so each attempt is counted by the worker that ran it.
 */
final class WorkerJobMeters implements JobServerFilter {

    private final MeterRegistry registry;
    private final Map<UUID, Long> started = new ConcurrentHashMap<>();

    WorkerJobMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onProcessing(Job job) {
        started.put(job.getId(), System.nanoTime());
    }

    @Override
    public void onProcessingSucceeded(Job job) {
        record(job, "succeeded");
    }

    @Override
    public void onProcessingFailed(Job job, Exception e) {
        record(job, "failed");
    }

    /** The duration goes first: a scrape that sees an attempt counted sees its duration too. */
    private void record(Job job, String outcome) {
        Long start = started.remove(job.getId());
        if (start != null) {
            Timer.builder("jobscale.worker.job.duration").description("Processing time of this worker's jobs")
                    .tag("outcome", outcome).publishPercentileHistogram().register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
        Counter.builder("jobscale.worker.jobs").description("Job attempts this worker finished")
                .tag("outcome", outcome).register(registry).increment();
    }
}
