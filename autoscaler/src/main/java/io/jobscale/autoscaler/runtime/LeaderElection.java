package io.jobscale.autoscaler.runtime;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.DedicatedConnections;
import io.jobscale.db.store.AdvisoryLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Only one autoscaler acts among several web replicas: the one holding a PostgreSQL session-level advisory lock on its
 * own connection (works in and out of Kubernetes, no extra permissions).
 *
 * <p>Each {@link #isLeader()} (once a second) and each {@link #confirm()} (before every actuation) makes a round trip
 * on that connection, bounded by {@link #CHECK_TIMEOUT}: a leader whose connection died stops acting within that time,
 * even when the connection is half-open and would never report an error. PostgreSQL, for its part, ends the session of
 * a dead leader within {@link DedicatedConnections#KEEPALIVE_BUDGET} and so releases the lock to another replica.
 */
public class LeaderElection implements Leadership {

    /** Arbitrary, fixed: the advisory lock key of jobscale's autoscaler. */
    static final long LOCK_KEY = 0x6a6f627363616c65L;   // "jobscale"
    /** How long a round trip on the lock's connection may take before the connection counts as dead. */
    public static final Duration CHECK_TIMEOUT = DedicatedConnections.CHECK_TIMEOUT;
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final DatabaseSettings database;
    private Connection connection;
    private boolean leader;

    public LeaderElection(DatabaseSettings database) {
        this.database = database;
    }

    /** Checks (and if free, takes) leadership now. A lost connection means lost leadership until it is retaken. */
    @Override
    public synchronized boolean isLeader() {
        try {
            if (connection == null || !alive()) {
                if (connection != null) lose("the connection of the lock stopped answering");
                connection = DedicatedConnections.open(database, "jobscale-autoscaler-leader");
            }
            if (!leader) {
                leader = AdvisoryLocks.tryLock(connection, LOCK_KEY);
                if (leader) LOG.info("This autoscaler is the leader");
            }
            return leader;
        } catch (SQLException e) {
            lose(e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized boolean confirm() {
        if (!leader) return false;
        if (alive()) return true;
        lose("the connection of the lock stopped answering before an actuation");
        return false;
    }

    private boolean alive() {
        try {
            return connection.isValid((int) CHECK_TIMEOUT.toSeconds());
        } catch (SQLException e) {
            return false;
        }
    }

    private void lose(String why) {
        if (leader) LOG.warn("Lost the autoscaler leader lock: {}", why);
        leader = false;
        closeQuietly();
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
