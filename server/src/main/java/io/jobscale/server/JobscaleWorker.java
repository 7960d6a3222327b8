package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.GracefulStop;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.server.JobActivator;

import javax.sql.DataSource;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * A jobscale worker inside an application's own process, running the application's jobs on the application's own
 * objects. The {@code jobscale worker} process is this same class with no activator.
 *
 * <pre>{@code
 * try (JobscaleWorker worker = JobscaleWorker.start(db, WorkerSettings.from(Settings.fromEnvironment()),
 *         type -> type.cast(context.getBean(type)))) {
 *     ...   // close() is the graceful stop: no new jobs, running ones finish or are handed back
 * }
 * }</pre>
 */
public final class JobscaleWorker implements AutoCloseable {

    private final Worker worker;
    private final JobscaleStorageProvider storage;
    private final HikariDataSource dataSource;   // null when the caller owns the pool

    private JobscaleWorker(Worker worker, JobscaleStorageProvider storage, HikariDataSource dataSource) {
        this.worker = worker;
        this.storage = storage;
        this.dataSource = dataSource;
    }

    /**
     * Migrates the schema when needed, then starts claiming and running jobs.
     *
     * @param activator returns the object an instance-method job runs on, e.g. from a dependency-injection
     *                  container; null to create it through its no-argument constructor (jobrunr's default)
     */
    public static JobscaleWorker start(DatabaseSettings db, WorkerSettings settings, JobActivator activator) {
        return start(db, settings, activator, List.of());
    }

    /** As {@link #start(DatabaseSettings, WorkerSettings, JobActivator)}, with jobrunr job filters (e.g. metrics). */
    public static JobscaleWorker start(DatabaseSettings db, WorkerSettings settings, JobActivator activator,
                                       List<JobFilter> jobFilters) {
        new Migrations(db).run();
        HikariDataSource dataSource = DataSources.create(db, "jobscale-worker");
        try {
            JobscaleStorageProvider storage = new JobscaleStorageProvider(dataSource);
            Worker worker = Worker.start(settings, storage, Worker.Mode.WORKER, activator, jobFilters,
                    Clock.systemUTC());
            return new JobscaleWorker(worker, storage, dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public UUID serverId() {
        return worker.serverId();
    }

    /**
     * Starts a worker on storage the caller owns, e.g. on an application's own connection pool (the Spring Boot
     * starter does this). The schema must be current ({@link Migrations#run(javax.sql.DataSource)}); {@link #stop()}
     * leaves the pool open.
     */
    public static JobscaleWorker start(JobscaleStorageProvider storage, WorkerSettings settings,
                                       JobActivator activator) {
        Worker worker = Worker.start(settings, storage, Worker.Mode.WORKER, activator, Clock.systemUTC());
        return new JobscaleWorker(worker, storage, null);
    }

    /** The pool this worker's jobs are claimed and saved through. */
    public DataSource dataSource() {
        return storage.dataSource();
    }

    /** Jobs this worker is running now. */
    public int busyWorkers() {
        return worker.server().getJobSteward().getJobsInProgress().size();
    }

    /** True from the moment the graceful stop begins. */
    public boolean isStopping() {
        return worker.isStopping();
    }

    /** The graceful stop (docs/operations.md); its result says whether every unfinished job was handed back. */
    public GracefulStop.Result stop() {
        GracefulStop.Result result = worker.stopGracefully();
        // Closing waits for connections an unreachable database holds.
        if (result.complete() && dataSource != null) dataSource.close();
        return result;
    }

    @Override
    public void close() {
        stop();
    }
}
