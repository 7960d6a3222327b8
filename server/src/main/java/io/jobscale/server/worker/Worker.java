package io.jobscale.server.worker;

import io.jobscale.db.store.DrainMarks;
import io.jobscale.server.drain.DrainWatch;
import io.jobscale.server.pickup.InstantPickup;
import io.jobscale.server.pickup.WakeableJobServer;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * A running jobrunr background-job server with jobscale's additions: priority claiming (through the storage),
 * graceful stop with hand-back, and restart after a database outage.
 */
public class Worker {

    /** What the server claims. */
    public enum Mode {
        /** Claims enqueued jobs with its worker pool: the {@code worker} process. */
        WORKER,
        /**
         * Claims nothing and reports 0 workers, but heartbeats and, as the longest-running server, becomes jobrunr's
         * master: it moves scheduled jobs to the queue, creates recurring jobs and recovers orphans even while the
         * autoscaler has scaled the workers to zero. The {@code web} process runs in this mode.
         */
        COORDINATOR,
        /** Reports 1 worker and claims nothing: the one job it runs is claimed by {@code run-one} itself. */
        RUN_ONE;

        int reportedWorkers(WorkerSettings settings) {
            return switch (this) {
                case WORKER -> settings.workers();
                case COORDINATOR -> 0;
                case RUN_ONE -> 1;
            };
        }
    }

    private final BackgroundJobServer server;
    private final GracefulStop gracefulStop;
    private final ServerSupervisor supervisor;
    private final InstantPickup pickup;

    private Worker(BackgroundJobServer server, GracefulStop gracefulStop, ServerSupervisor supervisor,
                   InstantPickup pickup) {
        this.server = server;
        this.gracefulStop = gracefulStop;
        this.supervisor = supervisor;
        this.pickup = pickup;
    }

    public static Worker start(WorkerSettings settings, JobscaleStorageProvider storage, Mode mode, Clock clock) {
        return start(settings, storage, mode, null, clock);
    }

    /**
     * @param activator gives jobrunr the object an instance-method job runs on (an application's own beans); null
     *                  for jobrunr's default: a new instance through the no-argument constructor
     */
    public static Worker start(WorkerSettings settings, JobscaleStorageProvider storage, Mode mode,
                               JobActivator activator, Clock clock) {
        return start(settings, storage, mode, activator, List.of(), clock);
    }

    /** @param jobFilters jobrunr job filters added to its defaults before the first job (e.g. metrics) */
    public static Worker start(WorkerSettings settings, JobscaleStorageProvider storage, Mode mode,
                               JobActivator activator, List<JobFilter> jobFilters, Clock clock) {
        UUID id = UUID.randomUUID();
        int workers = mode.reportedWorkers(settings);
        // Only a worker process drains; run-one and the coordinator claim nothing through the pool anyway.
        DrainWatch drain = mode == Mode.WORKER
                ? new DrainWatch(new DrainMarks(storage.dataSource()), DrainMarks.workerOf(settings.serverName()))
                : DrainWatch.never();
        BackgroundJobServerConfiguration configuration = usingStandardBackgroundJobServerConfiguration()
                .andId(id)
                .andName(settings.serverName())
                .andPollInterval(settings.pollInterval())
                // GracefulStop runs the await itself and hands back before jobrunr's stop; jobrunr's own stop (also
                // the one it runs after storage errors) only needs to interrupt and let performers return.
                .andInterruptJobsAwaitDurationOnStopBackgroundJobServer(GracefulStop.INTERRUPT_GRACE)
                .andBackgroundJobServerWorkerPolicy(new StopAwareWorkerPolicy(workers,
                        () -> mode == Mode.WORKER && !GracefulStop.isStopping(id) && !drain.draining()));
        WakeableJobServer server = new WakeableJobServer(storage, new JacksonJsonMapper(), activator, configuration);
        if (!jobFilters.isEmpty()) server.setJobFilters(jobFilters);
        storage.publishLoad(id, () -> server.getJobSteward().getJobsInProgress().size(), drain::refresh);
        server.start();
        HandBack handBack = new HandBack(storage, clock);
        GracefulStop gracefulStop =
                new GracefulStop(server, handBack, settings.stopAwait(), settings.gracePeriod(), clock);
        ServerSupervisor supervisor = new ServerSupervisor(server, gracefulStop, handBack, storage.dataSource(),
                settings.pollInterval());
        supervisor.start();
        InstantPickup pickup = mode == Mode.RUN_ONE ? InstantPickup.none()
                : InstantPickup.start(server, storage, clock, settings.pollInterval());
        return new Worker(server, gracefulStop, supervisor, pickup);
    }

    public UUID serverId() {
        return server.getId();
    }

    public BackgroundJobServer server() {
        return server;
    }

    public GracefulStop.Result stopGracefully() {
        supervisor.stop();
        pickup.close();
        return gracefulStop.stop();
    }

    public boolean isStopping() {
        return gracefulStop.isStopping();
    }
}
