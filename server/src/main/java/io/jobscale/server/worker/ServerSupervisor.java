package io.jobscale.server.worker;

import org.jobrunr.server.BackgroundJobServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Restarts the jobrunr server after it shut itself down. The open-source jobrunr stops its server after repeated
 * storage errors (a long database outage, a failover); jobscale workers must instead come back by themselves once the
 * database answers again. jobrunr's stop interrupted the jobs that were running; {@link HandBackJobPerformer} recorded
 * nothing for them, so they are still PROCESSING on this server: they are handed back to the queue before the restart,
 * never failed (a short heartbeat failure does not stop the server at all, see
 * {@link io.jobscale.server.storage.JobscaleStorageProvider}).
 */
class ServerSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSupervisor.class);

    private final BackgroundJobServer server;
    private final GracefulStop gracefulStop;
    private final HandBack handBack;
    private final DataSource dataSource;
    private final Duration checkInterval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "jobscale-server-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private int stoppedChecks;

    ServerSupervisor(BackgroundJobServer server, GracefulStop gracefulStop, HandBack handBack, DataSource dataSource,
                     Duration checkInterval) {
        this.server = server;
        this.gracefulStop = gracefulStop;
        this.handBack = handBack;
        this.dataSource = dataSource;
        this.checkInterval = checkInterval;
    }

    void start() {
        executor.scheduleWithFixedDelay(this::check, checkInterval.toMillis(), checkInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdownNow();
    }

    private void check() {
        if (gracefulStop.isStopping()) return;
        // isRunning() is also false for a moment while jobrunr changes state; act only when it stays false.
        stoppedChecks = server.isRunning() ? 0 : stoppedChecks + 1;
        if (stoppedChecks < 2 || !databaseAnswers()) return;
        try {
            LOG.warn("jobrunr server {} had stopped (database outage?); the database answers again, restarting it",
                    server.getId());
            HandBack.Outcome outcome = handBack.handBackJobsOf(server.getId(), Instant.now().plus(checkInterval));
            if (!outcome.complete()) return;   // try again at the next check, before any restart
            if (outcome.handedBack() > 0) {
                LOG.info("Handed back {} job(s) interrupted by the stop", outcome.handedBack());
            }
            server.start();
            stoppedChecks = 0;
        } catch (RuntimeException e) {
            LOG.warn("Restart of jobrunr server {} failed, will retry: {}", server.getId(), e.toString());
        }
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
