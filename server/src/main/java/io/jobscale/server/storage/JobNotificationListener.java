package io.jobscale.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DedicatedConnections;
import io.jobscale.db.EnqueueNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Listens on {@link EnqueueNotifications#CHANNEL} and runs {@code onNotification} in its own thread: once per batch of
 * notifications that arrived together (so a burst of them is one reaction, and a reaction that takes a while coalesces
 * everything that arrived meanwhile), and once after each (re)connection, since notifications sent while it was
 * disconnected are lost. A silently dead connection is replaced within {@link EnqueueNotifications#REPLACEMENT_BOUND}.
 * Polling stays the fallback for anything missed.
 *
 * <p>The connection is its own, outside the pool, where the pool is HikariCP configured by JDBC URL (with
 * {@link DedicatedConnections}' timeouts and keepalives): a listening connection is held for the life of the process
 * and would otherwise take a place in the pool from the job threads. Any other data source lends it from its pool.
 */
public class JobNotificationListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobNotificationListener.class);
    /** How long one wait for notifications blocks, so that {@link #close()} takes effect soon. */
    private static final int WAIT_MILLIS = 500;

    private final EnqueueNotifications notifications;
    private final Runnable onNotification;
    private final Thread thread;
    private volatile boolean running = true;

    public JobNotificationListener(DataSource dataSource, Runnable onNotification) {
        this.notifications = new EnqueueNotifications(() -> dataSource instanceof HikariDataSource hikari
                && hikari.getJdbcUrl() != null
                ? DedicatedConnections.open(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword(),
                        "jobscale-worker-listen")
                : dataSource.getConnection());
        this.onNotification = onNotification;
        this.thread = new Thread(this::loop, "jobscale-notification-listener");
        thread.setDaemon(true);
    }

    public JobNotificationListener start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (running) {
                if (notifications.await(WAIT_MILLIS)) react();
            }
        } catch (InterruptedException e) {
            running = false;
        } finally {
            notifications.close();
        }
    }

    private void react() {
        try {
            onNotification.run();
        } catch (RuntimeException e) {
            LOG.warn("Reacting to a job notification failed (polling continues): {}", e.toString());
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
