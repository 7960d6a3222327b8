package io.jobscale.db;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The channel on which jobscale announces that jobs became ENQUEUED or SCHEDULED ({@code NOTIFY jobscale_enqueued},
 * sent after their commit), and one LISTEN connection on it. Workers wake on it to claim at once, the autoscaler to
 * scale from zero; both keep polling as the fallback for anything missed.
 *
 * <p>A LISTEN connection that a NAT or load balancer dropped silently never reports an error: notifications just stop.
 * So every {@link #LIVENESS_INTERVAL} {@link #await} makes a round trip on it (bounded by
 * {@link DedicatedConnections#CHECK_TIMEOUT}) and replaces it when it does not answer: a dead LISTEN connection is
 * replaced within {@link #REPLACEMENT_BOUND}. (Re)connecting counts as a notification, since notifications sent while
 * disconnected are lost. Not thread-safe: one thread awaits.
 */
public final class EnqueueNotifications implements AutoCloseable {

    public static final String CHANNEL = "jobscale_enqueued";
    /** How often the LISTEN connection is checked. */
    public static final Duration LIVENESS_INTERVAL = Duration.ofSeconds(5);
    /** A dead LISTEN connection is replaced within this: one interval, one check, one connect. */
    public static final Duration REPLACEMENT_BOUND = LIVENESS_INTERVAL.plus(DedicatedConnections.CHECK_TIMEOUT)
            .plus(DedicatedConnections.CONNECT_TIMEOUT);
    /** The longest pause before reconnecting after the connection failed (a database outage). */
    private static final long RECONNECT_PAUSE_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(EnqueueNotifications.class);

    /** Opens a connection of its own for LISTEN, e.g. {@link DedicatedConnections#open(DatabaseSettings, String)}. */
    @FunctionalInterface
    public interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private final ConnectionOpener opener;
    private Connection connection;
    private long nextCheckNanos;

    public EnqueueNotifications(ConnectionOpener opener) {
        this.opener = opener;
    }

    /**
     * Announces on the channel that jobs became ENQUEUED or SCHEDULED. {@code connection} must be in autocommit, so
     * the notification goes out now rather than with a later commit.
     */
    public static void announce(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("NOTIFY " + CHANNEL);
        }
    }

    /** Blocks up to {@code timeoutMillis}; true when a notification arrived or the connection was (re)made. */
    public boolean await(long timeoutMillis) throws InterruptedException {
        try {
            if (connection != null && System.nanoTime() - nextCheckNanos >= 0) {
                nextCheckNanos = System.nanoTime() + LIVENESS_INTERVAL.toNanos();
                if (!connection.isValid((int) DedicatedConnections.CHECK_TIMEOUT.toSeconds())) {
                    LOG.warn("The LISTEN connection on {} stopped answering; replacing it", CHANNEL);
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
            LOG.debug("LISTEN {} failed, retrying: {}", CHANNEL, e.getMessage());
            close();
            Thread.sleep(Math.min(timeoutMillis, RECONNECT_PAUSE_MILLIS));
            return false;
        }
    }

    private void connect() throws SQLException {
        Connection opened = opener.open();
        try (Statement s = opened.createStatement()) {
            if (!opened.getAutoCommit()) opened.setAutoCommit(true);   // LISTEN takes effect at commit
            s.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
        connection = opened;
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
