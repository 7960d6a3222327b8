package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static io.jobscale.db.store.Columns.utc;

/** Rows written straight into jobrunr's tables, for the store's tests: only the columns the store reads. */
final class StoreRows {

    private StoreRows() {
    }

    /** A new job or server id, in the form jobrunr writes them. */
    static String id() {
        return UUID.randomUUID().toString();
    }

    /** A job row; {@code json} is its {@code jobAsJson} (name, labels and history are read from it). */
    static void job(DataSource dataSource, String id, String state, int priority, Instant updatedAt,
                    Instant scheduledAt, String recurringJobId, String json) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO"
                + " jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, scheduledAt,"
                + " recurringJobId, priority) VALUES (?, 1, ?, 'com.example.Invoices.send(java.lang.Long)', ?, ?, ?,"
                + " ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, json);
            s.setString(3, state);
            s.setTimestamp(4, Timestamp.from(updatedAt), utc());
            s.setTimestamp(5, Timestamp.from(updatedAt), utc());
            s.setTimestamp(6, scheduledAt == null ? null : Timestamp.from(scheduledAt), utc());
            s.setString(7, recurringJobId);
            s.setInt(8, priority);
            s.executeUpdate();
        }
    }

    /** A job row without name, labels or history. */
    static void job(DataSource dataSource, String id, String state, int priority, Instant updatedAt)
            throws SQLException {
        job(dataSource, id, state, priority, updatedAt, null, null, "{}");
    }

    /** A background job server's row as its heartbeat writes it. */
    static void server(DataSource dataSource, String id, String name, int workers, int occupied, boolean running,
                       Instant firstHeartbeat, Instant lastHeartbeat, boolean draining) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO"
                + " jobrunr_backgroundjobservers (id, workerPoolSize, pollIntervalInSeconds, firstHeartbeat,"
                + " lastHeartbeat, running, systemTotalMemory, systemFreeMemory, systemCpuLoad, processMaxMemory,"
                + " processFreeMemory, processAllocatedMemory, processCpuLoad, name, occupiedWorkers, draining)"
                + " VALUES (?, ?, 5, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, ?, ?, ?)")) {
            s.setString(1, id);
            s.setInt(2, workers);
            s.setTimestamp(3, Timestamp.from(firstHeartbeat), utc());
            s.setTimestamp(4, Timestamp.from(lastHeartbeat), utc());
            s.setInt(5, running ? 1 : 0);
            s.setString(6, name);
            s.setInt(7, occupied);
            s.setBoolean(8, draining);
            s.executeUpdate();
        }
    }
}
