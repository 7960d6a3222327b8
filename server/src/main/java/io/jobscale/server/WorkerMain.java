package io.jobscale.server;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.Settings;
import org.jobrunr.jobs.filters.JobFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The {@code worker} process: runs enqueued jobs until SIGTERM, then stops gracefully and exits 0. */
public final class WorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    public static final String USAGE = """
            Usage: jobscale worker

            Runs jobs from the queue (most urgent priority first) until SIGTERM or Ctrl-C, then stops gracefully:
            no new jobs, running jobs get JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP to finish, the rest are
            handed back to the queue without using a retry; exit code 0 (3 when the database stayed unreachable
            until JOBSCALE_TERMINATION_GRACE_PERIOD, so some jobs could not be handed back).

            Settings (environment or -D):
              JOBSCALE_DB_URL, JOBSCALE_DB_USER, JOBSCALE_DB_PASSWORD, JOBSCALE_DB_POOL_SIZE
              JOBSCALE_WORKERS                                 default %d x cores (at most %d)
              JOBSCALE_POLL_INTERVAL                           default PT5S (minimum PT5S)
              JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP   default PT10S
              JOBSCALE_TERMINATION_GRACE_PERIOD                default PT30S, or the stop's need + 10 s if longer
              JOBSCALE_SERVER_NAME                             default <hostname>/<pid>
              JOBSCALE_PARENT_PID                              stop the same way when this process exits; unset
              JOBSCALE_WORKER_HTTP_PORT                        /health and /metrics on this port; unset: off
            """.formatted(WorkerSettings.DEFAULT_WORKERS_PER_PROCESSOR, WorkerSettings.MAX_WORKERS);

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        exitOnArguments(args);
        start(Settings.fromEnvironment(), List.of());
        new CountDownLatch(1).await();
    }

    /** Prints the usage and exits when {@code args} is not empty: the process takes settings only. */
    public static void exitOnArguments(String[] args) {
        if (args.length > 0) {
            System.out.print(USAGE);
            System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
        }
    }

    /** Starts the worker of this process and its graceful stop on SIGTERM. */
    public static JobscaleWorker start(Settings settings, List<JobFilter> jobFilters) {
        DatabaseSettings database = DatabaseSettings.from(settings);
        WorkerSettings workerSettings = WorkerSettings.from(settings);
        JobscaleWorker worker = JobscaleWorker.start(database, workerSettings, null, jobFilters);
        TerminationSignals.onTermination(settings, () -> worker.stop().complete());
        LOG.info("Worker {} ({}) started with {} workers, poll interval {}", workerSettings.serverName(),
                worker.serverId(), workerSettings.workers(), workerSettings.pollInterval());
        return worker;
    }
}
