package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.server.runone.RunOne;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.Settings;

import java.time.Clock;
import java.util.UUID;

/** The {@code run-one} process of a Kubernetes Job: runs the one job named by its argument or JOBSCALE_JOB_ID. */
public final class RunOneMain {

    public static final String JOB_ID = "JOBSCALE_JOB_ID";
    public static final String USAGE = """
            Usage: jobscale run-one [<jobId>]     (or set JOBSCALE_JOB_ID)

            Claims and runs exactly that job, then exits: 0 when it succeeded, 1 when it failed (jobrunr's retry
            policy has rescheduled it or marked it FAILED), 0 without running anything when the job is already
            taken, finished or gone. Without an id (a Job started by external KEDA) it claims the most urgent
            enqueued job instead, and exits 0 when there is none. SIGTERM hands a running job back to the queue
            and exits 0.
            Settings: as for 'jobscale worker'.
            """;

    private RunOneMain() {
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment();
        String raw = args.length == 1 ? args[0] : settings.optional(JOB_ID).orElse(null);
        if (args.length > 1 || raw != null && (raw.equals("--help") || raw.equals("-h"))) {
            System.out.print(USAGE);
            System.exit(args.length > 1 ? 2 : 0);
        }
        UUID jobId = null;
        if (raw != null) {
            try {
                jobId = UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                System.err.println("run-one: '" + raw + "' is not a job id (a UUID)");
                System.exit(2);
                return;
            }
        }
        DatabaseSettings database = DatabaseSettings.from(settings);
        int exitCode;
        try (HikariDataSource dataSource =
                     DataSources.create(database.withPoolSize(Math.min(4, database.poolSize())), "jobscale-run-one")) {
            RunOne runOne = new RunOne(new JobscaleStorageProvider(dataSource), WorkerSettings.from(settings),
                    Clock.systemUTC(), self -> TerminationSignals.onTermination(settings, self::stop));
            exitCode = jobId == null ? runOne.runNext() : runOne.run(jobId);
        }
        System.exit(exitCode);
    }
}
