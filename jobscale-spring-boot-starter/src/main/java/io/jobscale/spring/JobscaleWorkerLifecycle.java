package io.jobscale.spring;

import io.jobscale.server.JobscaleWorker;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.GracefulStop;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.server.JobActivator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The embedded worker, started after every other bean is ready and stopped gracefully (stop claiming, let running
 * jobs finish for the await, hand the rest back) when the context closes, first: before the web server's graceful
 * shutdown (a request during the stop still enqueues, for other workers) and before any bean a job may use is
 * destroyed.
 */
public class JobscaleWorkerLifecycle implements SmartLifecycle {

    /**
     * Lifecycle phase: above every phase of Spring Boot's own (web server, graceful shutdown), so the worker starts
     * last and stops first.
     */
    public static final int PHASE = Integer.MAX_VALUE - 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(JobscaleWorkerLifecycle.class);

    /** The worker's state, as the health indicator shows it. */
    public enum State { NOT_STARTED, RUNNING, STOPPING, STOPPED }

    private final JobscaleStorageProvider storage;
    private final WorkerSettings settings;
    private final JobActivator activator;
    private volatile JobscaleWorker worker;
    private volatile boolean stopped;

    public JobscaleWorkerLifecycle(JobscaleStorageProvider storage, WorkerSettings settings, JobActivator activator) {
        this.storage = storage;
        this.settings = settings;
        this.activator = activator;
    }

    @Override
    public synchronized void start() {
        if (worker != null) return;
        worker = JobscaleWorker.start(storage, settings, activator);
        stopped = false;
        LOG.info("jobscale worker {} ({}) started with {} workers", settings.serverName(), worker.serverId(),
                settings.workers());
    }

    /** Synchronous: Spring waits for it whatever its shutdown-phase timeout, so the await is honoured in full. */
    @Override
    public synchronized void stop() {
        JobscaleWorker running = worker;
        if (running == null) return;
        GracefulStop.Result result = running.stop();
        stopped = true;
        worker = null;
        LOG.info("jobscale worker stopped: {} job(s) finished, {} handed back{}", result.finished(),
                result.handedBack(), result.complete() ? "" : "; some could not be handed back (database away)");
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public State state() {
        JobscaleWorker running = worker;
        if (running != null) return running.isStopping() ? State.STOPPING : State.RUNNING;
        return stopped ? State.STOPPED : State.NOT_STARTED;
    }

    /** Jobs running now; 0 when the worker is not running. */
    public int busyWorkers() {
        JobscaleWorker running = worker;
        return running == null ? 0 : running.busyWorkers();
    }

    public WorkerSettings settings() {
        return settings;
    }
}
