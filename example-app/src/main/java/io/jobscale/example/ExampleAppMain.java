package io.jobscale.example;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.server.JobscaleClient;
import io.jobscale.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** The {@code example-app} process. */
public final class ExampleAppMain {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleAppMain.class);

    public static final String USAGE = """
            Usage: jobscale example-app

            An application that enqueues jobs from its own code, on JOBSCALE_EXAMPLE_PORT (default 8080):
              GET /schedule-example-jobs?count=40&runIn=PT2M[&priority=N][&executionTimeMs=15000][&name=SampleJob]
            schedules `count` jobs (default 100) that each work for executionTimeMs (default 15000) after runIn
            (default: enqueued at once), at priority N (0 most urgent .. 9, default 1).
            JOBSCALE_EXAMPLE_RECURRING (default true) registers a recurring example job every 5 minutes.
            Settings: JOBSCALE_DB_URL, JOBSCALE_DB_USER, JOBSCALE_DB_PASSWORD.
            """;

    private ExampleAppMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.out.print(USAGE);
            System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
        }
        Settings settings = Settings.fromEnvironment();
        DatabaseSettings database = DatabaseSettings.from(settings);
        ExampleSettings exampleSettings = ExampleSettings.from(settings);
        new Migrations(database).run();
        JobscaleClient client = JobscaleClient.create(database);
        ExampleApp app = new ExampleApp(client, Clock.systemUTC()).start(exampleSettings.port());
        if (exampleSettings.recurring()) app.registerRecurringExample();
        LOG.info("Example app on http://localhost:{}/schedule-example-jobs?count=40&runIn=PT2M", app.port());
    }
}
