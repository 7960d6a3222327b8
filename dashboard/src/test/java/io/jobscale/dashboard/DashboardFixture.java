package io.jobscale.dashboard;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.autoscaler.actuator.local.LocalJobLauncher;
import io.jobscale.autoscaler.actuator.local.LocalProcessScaler;
import io.jobscale.autoscaler.actuator.local.ProcessLauncher;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.runtime.Autoscaler;
import io.jobscale.autoscaler.runtime.AutoscalerRoutes;
import io.jobscale.autoscaler.runtime.ScalingEventLog;
import io.jobscale.autoscaler.runtime.WhatIf;
import io.jobscale.autoscaler.trigger.Triggers;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.store.QueuedJobs;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.http.MetricsRoutes;
import io.jobscale.server.JobOptions;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebServer;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.context.JobContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A web process over a real database with seeded jobs: enqueued at several priorities, scheduled, succeeded, one
 * failed with a real stack trace, a recurring job, and an autoscaler that has really scaled something.
 */
final class DashboardFixture implements AutoCloseable {

    final DatabaseSettings database;
    final HikariDataSource dataSource;
    final JobscaleStorageProvider storage;
    final JobscaleClient client;
    final WebServer server;
    final Autoscaler autoscaler;
    final LocalProcessScaler processes;
    final UUID failedJob;
    final List<UUID> enqueued = new ArrayList<>();
    private org.jobrunr.server.BackgroundJobServer worker;

    DashboardFixture(String name, WebAuthSettings auth) throws Exception {
        database = TestDatabase.fresh(name);
        TestJobs.useDatabase(database);
        dataSource = DataSources.create(database, name);
        storage = new JobscaleStorageProvider(dataSource);
        client = new JobscaleClient(storage);
        for (int i = 0; i < 5; i++) enqueued.add(client.enqueue(JobOptions.priority(i % 3).withName("Send invoice " + i), () -> TestJobs.record("x")));
        client.schedule(java.time.Instant.now().plus(Duration.ofHours(1)), () -> TestJobs.record("later"));
        UUID succeeded = client.enqueue(JobOptions.defaults().withName("Nightly report"), () -> TestJobs.record("done"));
        finish(succeeded, null);
        failedJob = client.enqueue(JobOptions.defaults().withName("Charge card").withRetries(0), () -> TestJobs.fail("card declined"));
        finish(failedJob, new IllegalStateException("card declined: insufficient funds"));
        client.scheduleRecurrently("daily-digest", "0 7 * * *", JobOptions.defaults().withName("Daily digest"), () -> TestJobs.record("digest"));

        Clock clock = Clock.systemUTC();
        JobMetrics metrics = new JobMetrics(dataSource, clock);
        // A real autoscaler run on a real local actuator; the "worker" it starts is a plain process, which is all the
        // dashboard needs to see a scale event.
        ProcessLauncher sleeper = new ProcessLauncher(List.of("sleep", "60"), Map.of(), Path.of("target", "process-logs"));
        processes = new LocalProcessScaler(sleeper, metrics::servers, Duration.ofSeconds(1));
        ScalingEventLog events = new ScalingEventLog(dataSource);
        Triggers triggers = new Triggers(metrics, Map.of());
        autoscaler = new Autoscaler(new AutoscalerConfigParser(Map.of()).parse(AUTOSCALER_CONFIG), triggers, processes,
                new LocalJobLauncher(sleeper), new QueuedJobs(dataSource), events, clock);
        autoscaler.poll(clock.instant(), true);
        autoscaler.warn("demo-workers", "terminationGracePeriodSeconds 30 is not above the workers' stop await 60s + 5s");
        WhatIf whatIf = new WhatIf(AUTOSCALER_CONFIG, new AutoscalerConfigParser(Map.of()), triggers::create, events,
                Duration.ofDays(7), clock);
        server = WebServer.start(0, auth, List.of(new MetricsRoutes(metrics), new DashboardRoutes(storage, metrics, clock),
                new AutoscalerRoutes(autoscaler, events, () -> true, whatIf, clock)));
    }

    static final String AUTOSCALER_CONFIG = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: demo-workers}
                spec:
                  scaleTargetRef: {name: demo}
                  maxReplicaCount: 3
                  advanced:
                    horizontalPodAutoscalerConfig:
                      behavior:
                        scaleUp: {policies: [{type: Pods, value: 1, periodSeconds: 60}]}
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "2"}
                """;

    /** Moves a job through PROCESSING to SUCCEEDED, or FAILED with the given exception, as a worker would. */
    void finish(UUID id, Exception failure) {
        Job job = startProcessing(id);
        if (failure == null) job.succeeded();
        else job.failed("An exception occurred during the performance of the job", failure);
        storage.save(job);
    }

    /** Moves an enqueued job to PROCESSING, as a worker taking it would, and leaves it there. */
    Job startProcessing(UUID id) {
        Job job = storage.getJobById(id);
        job.startProcessingOn(worker());
        storage.save(job);
        return job;
    }

    /** {@code count} jobs named "{@code name} i" with the label, failed as a worker running them would record. */
    List<UUID> failedJobs(int count, String name, String label) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = client.enqueue(JobOptions.defaults().withName(name + " " + i).withLabels(label).withRetries(0), () -> TestJobs.fail("declined"));
            jobs.add(storage.getJobById(id));
        }
        jobs.forEach(job -> job.startProcessingOn(worker()));
        storage.save(jobs);
        jobs.forEach(job -> job.failed("An exception occurred during the performance of the job", new IllegalStateException("declined")));
        storage.save(jobs);
        return jobs.stream().map(Job::getId).toList();
    }

    private org.jobrunr.server.BackgroundJobServer worker() {
        if (worker == null) {
            worker = new org.jobrunr.server.BackgroundJobServer(storage, new org.jobrunr.utils.mapper.jackson.JacksonJsonMapper(), null,
                    org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration().andName("test/1"));
        }
        return worker;
    }

    String state(UUID id) {
        return storage.getJobById(id).getState().name();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        processes.close();
        client.close();
        dataSource.close();
    }
}
