package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.jobs.details.CachingJobDetailsGenerator;
import org.jobrunr.jobs.lambdas.JobLambda;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.scheduling.RecurringJobBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What application code uses to create jobs: fire-and-forget, scheduled and recurring, one at a time or in bulk,
 * each with an optional {@link JobOptions} (priority, name, retries). A thin layer over jobrunr's
 * {@link JobScheduler}, so every jobrunr job form (static methods, instance methods of classes with a no-argument
 * constructor) works unchanged.
 *
 * <pre>{@code
 * try (JobscaleClient jobs = JobscaleClient.create(DatabaseSettings.from(Settings.fromEnvironment()))) {
 *     jobs.enqueue(JobOptions.priority(0), () -> Mailer.sendWelcome(userId));
 *     jobs.schedule(Instant.now().plus(Duration.ofMinutes(2)), () -> Reports.build(day));
 *     jobs.scheduleRecurrently("nightly-cleanup", "0 3 * * *", () -> Cleanup.run());
 *     jobs.enqueueAll(JobOptions.priority(3), List.of(() -> Reports.build(1), () -> Reports.build(2)));
 * }
 * }</pre>
 */
public class JobscaleClient implements AutoCloseable {

    /**
     * Jobs per transaction in {@link #enqueueAll}: large enough that the per-transaction costs (commit, notification)
     * vanish, small enough that a batch's rows and its insert stay a few megabytes. Below jobrunr's own limit (5000).
     */
    public static final int BULK_BATCH = 1_000;

    private final JobscaleStorageProvider storageProvider;
    private final JobScheduler scheduler;
    private final HikariDataSource ownedDataSource;
    private final OptionalInt defaultRetries;

    public JobscaleClient(JobscaleStorageProvider storageProvider) {
        this(storageProvider, null, OptionalInt.empty());
    }

    /**
     * A client whose jobs get {@code defaultRetries} retries unless their {@link JobOptions} say otherwise. The
     * number is stored with each job, so every worker honours it (jobrunr's default, 10, applies otherwise).
     */
    public JobscaleClient(JobscaleStorageProvider storageProvider, int defaultRetries) {
        this(storageProvider, null, OptionalInt.of(defaultRetries));
        if (defaultRetries < 0) throw new IllegalArgumentException("defaultRetries must be >= 0");
    }

    private JobscaleClient(JobscaleStorageProvider storageProvider, HikariDataSource ownedDataSource,
                           OptionalInt defaultRetries) {
        this.storageProvider = storageProvider;
        this.defaultRetries = defaultRetries;
        // jobrunr's own default when configured through JobRunr.configure(): a lambda's bytecode is analysed once per
        // lambda class instead of once per job, which was most of an enqueue's CPU time.
        this.scheduler = new JobScheduler(storageProvider, new CachingJobDetailsGenerator(), List.of());
        this.ownedDataSource = ownedDataSource;
    }

    /** A client with its own small connection pool, closed by {@link #close()}. The schema must exist. */
    public static JobscaleClient create(DatabaseSettings settings) {
        HikariDataSource dataSource =
                DataSources.create(settings.withPoolSize(Math.min(settings.poolSize(), 4)), "jobscale-client");
        return new JobscaleClient(new JobscaleStorageProvider(dataSource), dataSource, OptionalInt.empty());
    }

    public UUID enqueue(JobLambda job) {
        return enqueue(JobOptions.defaults(), job);
    }

    public UUID enqueue(JobOptions options, JobLambda job) {
        return scheduler.create(builder(options, job)).asUUID();
    }

    /**
     * Enqueues many jobs at once, in batches of {@value #BULK_BATCH}: each batch is one multi-row insert in one
     * transaction, where {@link #enqueue} costs a transaction per job. All or none of a batch is stored; a failure
     * leaves the batches before it stored. The stream is read once, in order; returns the jobs' ids in that order.
     *
     * <pre>{@code
     * jobs.enqueueAll(users.stream().map(user -> new NewJob(JobOptions.priority(2), () -> Mailer.sendDigest(user))));
     * }</pre>
     */
    public List<UUID> enqueueAll(Stream<NewJob> jobs) {
        return createAll(jobs, null);
    }

    /** {@link #enqueueAll(Stream)} with the same options for every job. */
    public List<UUID> enqueueAll(JobOptions options, List<JobLambda> jobs) {
        return enqueueAll(jobs.stream().map(job -> new NewJob(options, job)));
    }

    /** Like {@link #enqueueAll(Stream)}, every job scheduled to run at {@code runAt}. */
    public List<UUID> scheduleAll(Instant runAt, Stream<NewJob> jobs) {
        return createAll(jobs, Objects.requireNonNull(runAt, "runAt"));
    }

    private List<UUID> createAll(Stream<NewJob> jobs, Instant runAt) {
        List<UUID> ids = new ArrayList<>();
        List<JobBuilder> batch = new ArrayList<>(BULK_BATCH);
        Iterator<NewJob> iterator = jobs.iterator();
        while (iterator.hasNext()) {
            NewJob job = iterator.next();
            UUID id = UUID.randomUUID();
            JobBuilder builder = builder(job.options(), job.job()).withId(id);
            batch.add(runAt == null ? builder : builder.scheduleAt(runAt));
            ids.add(id);
            if (batch.size() == BULK_BATCH || !iterator.hasNext()) {
                scheduler.create(batch.stream());
                batch = new ArrayList<>(BULK_BATCH);
            }
        }
        return ids;
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
        retries(options).ifPresent(builder::withAmountOfRetries);
        return scheduler.createRecurrently(builder);
    }

    public void deleteRecurringJob(String id) {
        scheduler.deleteRecurringJob(id);
    }

    public JobscaleStorageProvider storageProvider() {
        return storageProvider;
    }

    private JobBuilder builder(JobOptions options, JobLambda job) {
        JobBuilder builder = JobBuilder.aJob().withLabels(options.labels()).withDetails(job);
        if (options.name() != null) builder.withName(options.name());
        retries(options).ifPresent(builder::withAmountOfRetries);
        return builder;
    }

    private OptionalInt retries(JobOptions options) {
        return options.retries().isPresent() ? options.retries() : defaultRetries;
    }

    @Override
    public void close() {
        if (ownedDataSource != null) ownedDataSource.close();
    }
}
