package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.jobs.lambdas.JobLambda;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.scheduling.RecurringJobBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What application code uses to create jobs: fire-and-forget, scheduled and recurring, each with an optional
 * {@link JobOptions} (priority, name, retries). A thin layer over jobrunr's {@link JobScheduler}, so every jobrunr job
 * form (static methods, instance methods of classes with a no-argument constructor) works unchanged.
 *
 * <pre>{@code
 * try (JobscaleClient jobs = JobscaleClient.create(DatabaseSettings.from(Settings.fromEnvironment()))) {
 *     jobs.enqueue(JobOptions.priority(0), () -> Mailer.sendWelcome(userId));
 *     jobs.schedule(Instant.now().plus(Duration.ofMinutes(2)), () -> Reports.build(day));
 *     jobs.scheduleRecurrently("nightly-cleanup", "0 3 * * *", () -> Cleanup.run());
 * }
 * }</pre>
 */
public class JobscaleClient implements AutoCloseable {

    private final JobscaleStorageProvider storageProvider;
    private final JobScheduler scheduler;
    private final HikariDataSource ownedDataSource;

    public JobscaleClient(JobscaleStorageProvider storageProvider) {
        this(storageProvider, null);
    }

    private JobscaleClient(JobscaleStorageProvider storageProvider, HikariDataSource ownedDataSource) {
        this.storageProvider = storageProvider;
        this.scheduler = new JobScheduler(storageProvider);
        this.ownedDataSource = ownedDataSource;
    }

    /** A client with its own small connection pool, closed by {@link #close()}. The schema must exist. */
    public static JobscaleClient create(DatabaseSettings settings) {
        HikariDataSource dataSource = DataSources.create(settings.withPoolSize(Math.min(settings.poolSize(), 4)), "jobscale-client");
        return new JobscaleClient(new JobscaleStorageProvider(dataSource), dataSource);
    }

    public UUID enqueue(JobLambda job) {
        return enqueue(JobOptions.defaults(), job);
    }

    public UUID enqueue(JobOptions options, JobLambda job) {
        return scheduler.create(builder(options, job)).asUUID();
    }

    public UUID schedule(Instant runAt, JobLambda job) {
        return schedule(JobOptions.defaults(), runAt, job);
    }

    public UUID schedule(JobOptions options, Instant runAt, JobLambda job) {
        return scheduler.create(builder(options, job).scheduleAt(runAt)).asUUID();
    }

    public UUID scheduleIn(Duration delay, JobLambda job) {
        return schedule(JobOptions.defaults(), Instant.now().plus(delay), job);
    }

    public String scheduleRecurrently(String id, String cron, JobLambda job) {
        return scheduleRecurrently(id, cron, JobOptions.defaults(), job);
    }

    /** Creates or replaces the recurring job {@code id}; each run is created with {@code options}. */
    public String scheduleRecurrently(String id, String cron, JobOptions options, JobLambda job) {
        RecurringJobBuilder builder = RecurringJobBuilder.aRecurringJob()
                .withId(id)
                .withCron(cron)
                .withLabels(options.labels())
                .withDetails(job);
        if (options.name() != null) builder.withName(options.name());
        options.retries().ifPresent(builder::withAmountOfRetries);
        return scheduler.createRecurrently(builder);
    }

    public void deleteRecurringJob(String id) {
        scheduler.deleteRecurringJob(id);
    }

    public JobscaleStorageProvider storageProvider() {
        return storageProvider;
    }

    private static JobBuilder builder(JobOptions options, JobLambda job) {
        JobBuilder builder = JobBuilder.aJob().withLabels(options.labels()).withDetails(job);
        if (options.name() != null) builder.withName(options.name());
        options.retries().ifPresent(builder::withAmountOfRetries);
        return builder;
    }

    @Override
    public void close() {
        if (ownedDataSource != null) ownedDataSource.close();
    }
}
