package io.jobscale.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Listens on the channel {@link EnqueueNotifier} notifies and runs {@code onNotification} in its own thread: once per
 * batch of notifications that arrived together (so a burst of them is one reaction, and a reaction that takes a while
 * coalesces everything that arrived meanwhile), and once after each (re)connection, since notifications sent while it
 * was disconnected are lost. Polling stays the fallback for anything missed.
 *
 * <p>The connection is its own, outside the pool where the pool is HikariCP: a listening connection is held for the
 * life of the process and would otherwise take a place in the pool from the job threads.
 */
public class JobNotificationListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobNotificationListener.class);
    /** How long one wait for notifications blocks, so that {@link #close()} takes effect soon. */
    private static final int WAIT_MILLIS = 500;
    /** Pause before reconnecting after the connection failed (a database outage). */
    private static final long RECONNECT_PAUSE_MILLIS = 1_000;

    private final DataSource dataSource;
    private final Runnable onNotification;
    private final Thread thread;
    private volatile boolean running = true;

    public JobNotificationListener(DataSource dataSource, Runnable onNotification) {
        this.dataSource = dataSource;
        this.onNotification = onNotification;
        this.thread = new Thread(this::loop, "jobscale-notification-listener");
        thread.setDaemon(true);
    }

    public JobNotificationListener start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try (Connection connection = openConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + EnqueueNotifier.CHANNEL);
                }
                react();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) react();
                }
            } catch (SQLException e) {
                LOG.debug("LISTEN {} failed, reconnecting: {}", EnqueueNotifier.CHANNEL, e.getMessage());
                pause();
            }
        }
    }

    private void react() {
        try {
            onNotification.run();
        } catch (RuntimeException e) {
            LOG.warn("Reacting to a job notification failed (polling continues): {}", e.toString());
        }
    }

    private Connection openConnection() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari) {
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        }
        return dataSource.getConnection();
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(WAIT_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
