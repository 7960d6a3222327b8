package io.jobscale.cli;

import io.jobscale.db.EmbeddedPostgresServer;
import io.jobscale.example.ExampleApp;
import io.jobscale.example.ExampleSettings;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.TerminationSignals;
import io.jobscale.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code jobscale web} and {@code jobscale up} (web plus the example app, local workers with 4 workers each). */
final class WebCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(WebCommand.class);
    private final boolean up;
    /** Started by {@link #chooseDatabase} for {@code up} on a machine without PostgreSQL; stopped last. */
    private EmbeddedPostgresServer embedded;

    WebCommand(boolean up) {
        this.up = up;
    }

    @Override
    public String name() {
        return up ? "up" : "web";
    }

    @Override
    public String summary() {
        return up ? "everything on this machine: web + autoscaler (local workers) + example app"
                : "dashboard, metrics API and autoscaler on port 8000";
    }

    @Override
    public String usage() {
        return up ? """
                Usage: jobscale up

                Runs jobscale on this machine against the local PostgreSQL (database created if missing); with
                JOBSCALE_DB_URL unset and nothing answering on 127.0.0.1:5432, against an embedded PostgreSQL whose
                data stays in .jobscale/postgres:
                  dashboard        http://localhost:8000/dashboard          (JOBSCALE_DASHBOARD_PORT)
                  metrics API      http://localhost:8000/api/metrics/workers
                  example app      http://localhost:8080/schedule-example-jobs?count=40&runIn=PT2M
                                                                            (JOBSCALE_EXAMPLE_PORT)
                  autoscaler       bundled config: local worker processes, 4 workers each, 0..8 of them
                                   (JOBSCALE_AUTOSCALER_CONFIG for your own KEDA-shaped file)
                Ctrl-C stops everything; running jobs finish or are handed back to the queue.
                """ : """
                Usage: jobscale web

                Serves the dashboard (/dashboard), the metrics API (/api/metrics/*, /metrics, /api/openapi.json) and
                the autoscaler API (/api/autoscaler) on JOBSCALE_DASHBOARD_PORT (default 8000), and runs the
                autoscaler (JOBSCALE_AUTOSCALER_ENABLED, default true; config JOBSCALE_AUTOSCALER_CONFIG, default the
                bundled local-default.yaml). Several web replicas may run: one leads the autoscaler.
                Authentication: JOBSCALE_AUTH_MODE = none | basic | bearer | apiKey (see README).
                """;
    }

    @Override
    public Settings chooseDatabase(Settings settings, PrintStream out) throws IOException {
        if (!up) return settings;
        embedded = EmbeddedDefaultDatabase.startIfNeeded(settings, out).orElse(null);
        return embedded == null ? settings : EmbeddedDefaultDatabase.pointedAt(settings, embedded);
    }

    @Override
    public int run(String[] args, Settings settings, PrintStream out, PrintStream err) throws Exception {
        try {
            return start(args, settings, out, err);
        } catch (Exception | Error e) {
            stopEmbedded();
            throw e;
        }
    }

    private int start(String[] args, Settings settings, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0) {
            stopEmbedded();
            err.print(usage());
            return 2;
        }
        WebProcess web = WebProcess.start(settings, up ? Map.of("JOBSCALE_WORKERS", "4") : Map.of());
        ExampleApp example = null;
        JobscaleClient client = null;
        if (up) {
            ExampleSettings exampleSettings = ExampleSettings.from(settings);
            client = new JobscaleClient(web.storage());
            example = new ExampleApp(client, Clock.systemUTC()).start(exampleSettings.port());
            if (exampleSettings.recurring()) example.registerRecurringExample();
            out.printf("%njobscale is up:%n  dashboard    http://localhost:%d/dashboard%n"
                    + "  example app  http://localhost:%d/schedule-example-jobs?count=40&runIn=PT2M%n%n",
                    web.port(), example.port());
        }
        ExampleApp exampleApp = example;
        CountDownLatch stopped = keepAliveUntilStopped();
        TerminationSignals.onTermination(settings, () -> {
            LOG.info("Stopping: web, autoscaler and local workers (running jobs finish or are handed back)");
            if (exampleApp != null) exampleApp.stop();
            web.close();
            stopEmbedded();
            stopped.countDown();
            return true;
        });
        return KEEP_RUNNING;
    }

    /**
     * The stop runs on a thread started from the signal handler, which is a daemon: once the stop has ended the web
     * server's threads nothing would keep the JVM alive to finish it (stop the workers, then the database).
     */
    private static CountDownLatch keepAliveUntilStopped() {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread keepAlive = new Thread(() -> {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jobscale-until-stopped");
        keepAlive.setDaemon(false);
        keepAlive.start();
        return stopped;
    }

    private void stopEmbedded() {
        if (embedded == null) return;
        try {
            embedded.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL: {}", e.toString());
        }
    }
}
