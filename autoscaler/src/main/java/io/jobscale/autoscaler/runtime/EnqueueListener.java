package io.jobscale.autoscaler.runtime;

import io.jobscale.db.DatabaseSettings;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Waits for PostgreSQL {@code NOTIFY jobscale_enqueued} (sent by jobscale's storage when jobs become ENQUEUED), so
 * scale-from-zero does not wait for the polling interval. Reconnects after a database outage.
 */
public class EnqueueListener implements WakeUps {

    public static final String CHANNEL = "jobscale_enqueued";
    private static final Logger LOG = LoggerFactory.getLogger(EnqueueListener.class);

    private final DatabaseSettings database;
    private Connection connection;

    public EnqueueListener(DatabaseSettings database) {
        this.database = database;
    }

    /** Blocks up to {@code timeoutMillis}; true when a notification arrived. */
    public boolean await(long timeoutMillis) throws InterruptedException {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
            }
            PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications((int) Math.max(1, timeoutMillis));
            return notifications != null && notifications.length > 0;
        } catch (SQLException e) {
            LOG.debug("LISTEN connection failed, retrying: {}", e.getMessage());
            close();
            Thread.sleep(Math.min(timeoutMillis, 1000));
            return false;
        }
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
