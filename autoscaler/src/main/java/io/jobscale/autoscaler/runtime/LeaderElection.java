package io.jobscale.autoscaler.runtime;

import io.jobscale.db.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Only one autoscaler acts among several web replicas: the one holding a PostgreSQL session-level advisory lock on its
 * own connection (works in and out of Kubernetes, no extra permissions). When the leader dies its session ends, the
 * lock is released, and the next {@link #isLeader()} of another replica takes it.
 */
public class LeaderElection implements Leadership {

    /** Arbitrary, fixed: the advisory lock key of jobscale's autoscaler. */
    static final long LOCK_KEY = 0x6a6f627363616c65L;   // "jobscale"
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final DatabaseSettings database;
    private Connection connection;
    private boolean leader;

    public LeaderElection(DatabaseSettings database) {
        this.database = database;
    }

    /** Checks (and if free, takes) leadership now. A lost connection means lost leadership until it is retaken. */
    public synchronized boolean isLeader() {
        try {
            if (connection == null || !connection.isValid(2)) {
                closeQuietly();
                if (leader) LOG.warn("Lost the autoscaler leader lock (connection lost)");
                leader = false;
                connection = DriverManager.getConnection(database.url(), database.user(), database.password());
            }
            if (!leader) {
                try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    s.setLong(1, LOCK_KEY);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        leader = rs.getBoolean(1);
                    }
                }
                if (leader) LOG.info("This autoscaler is the leader");
            }
            return leader;
        } catch (SQLException e) {
            if (leader) LOG.warn("Lost the autoscaler leader lock: {}", e.getMessage());
            leader = false;
            closeQuietly();
            return false;
        }
    }

    @Override
    public synchronized boolean confirm() {
        if (!leader) return false;
        try {
            if (connection.isValid(2)) return true;
        } catch (SQLException e) {
            // treated as lost below
        }
        LOG.warn("Lost the autoscaler leader lock (connection lost before acting)");
        leader = false;
        closeQuietly();
        return false;
    }

    @Override
    public synchronized void close() {
        leader = false;
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection
        }
        connection = null;
    }
}
