package io.jobscale.autoscaler.runtime;

import io.jobscale.db.DatabaseSettings;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Waits for PostgreSQL {@code NOTIFY jobscale_enqueued} (sent by jobscale's storage when jobs become ENQUEUED), so
 * scale-from-zero does not wait for the polling interval. Reconnects after a database outage.
 *
 * <p>A LISTEN connection that a NAT or load balancer dropped silently never reports an error: notifications just stop.
 * So every {@link #LIVENESS_INTERVAL} the listener makes a round trip on it (bounded by
 * {@link LeaderElection#CHECK_TIMEOUT}) and replaces it when it does not answer: a dead LISTEN connection is replaced
 * within {@link #REPLACEMENT_BOUND}. Reconnecting counts as a wake-up, since notifications may have been lost.
 */
public class EnqueueListener implements WakeUps {

    public static final String CHANNEL = "jobscale_enqueued";
    /** How often the LISTEN connection is checked. */
    public static final Duration LIVENESS_INTERVAL = Duration.ofSeconds(5);
    /** A dead LISTEN connection is replaced within this: one interval, one check, one connect. */
    public static final Duration REPLACEMENT_BOUND =
            LIVENESS_INTERVAL.plus(LeaderElection.CHECK_TIMEOUT).plus(AutoscalerConnections.CONNECT_TIMEOUT);
    private static final Logger LOG = LoggerFactory.getLogger(EnqueueListener.class);

    private final DatabaseSettings database;
    private Connection connection;
    private long nextCheckNanos;

    public EnqueueListener(DatabaseSettings database) {
        this.database = database;
    }

    /** Blocks up to {@code timeoutMillis}; true when a notification arrived or the connection was (re)made. */
    @Override
    public boolean await(long timeoutMillis) throws InterruptedException {
        try {
            if (connection != null && System.nanoTime() - nextCheckNanos >= 0) {
                nextCheckNanos = System.nanoTime() + LIVENESS_INTERVAL.toNanos();
                if (!connection.isValid((int) LeaderElection.CHECK_TIMEOUT.toSeconds())) {
                    LOG.warn("The LISTEN connection stopped answering; replacing it");
                    close();
                }
            }
            if (connection == null) {
                connect();
                return true;
            }
            PGNotification[] notifications =
                    connection.unwrap(PGConnection.class).getNotifications((int) Math.max(1, timeoutMillis));
            return notifications != null && notifications.length > 0;
        } catch (SQLException e) {
            LOG.debug("LISTEN connection failed, retrying: {}", e.getMessage());
            close();
            Thread.sleep(Math.min(timeoutMillis, 1000));
            return false;
        }
    }

    private void connect() throws SQLException {
        connection = AutoscalerConnections.open(database, "jobscale-autoscaler-listen");
        try (Statement s = connection.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        nextCheckNanos = System.nanoTime() + LIVENESS_INTERVAL.toNanos();
    }

    @Override
    public void close() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }
}
