package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The drain marks (migration V22): which workers the autoscaler is about to remove. The autoscaler leader writes them;
 * each worker reads its own with its heartbeat and stops claiming while it is marked. Every statement on the table is
 * here.
 *
 * <p>A worker is named by the host part of its server name ({@link #workerOf}): in Kubernetes the pod name.
 */
public class DrainMarks {

    /** One mark: when the drain was asked for and until when the autoscaler waits for the worker to turn idle. */
    public record Mark(String worker, Instant requestedAt, Instant deadline) {
    }

    private final DataSource dataSource;

    public DrainMarks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The worker a server belongs to: its name up to the last {@code /} ({@code <pod name>/<pid>} → the pod name).
     * Workers find their own mark with it and the autoscaler ({@link ServerLoad#host()}) the server a mark stands
     * for: one rule for both.
     */
    public static String workerOf(String serverName) {
        int slash = serverName == null ? -1 : serverName.lastIndexOf('/');
        return slash < 0 ? serverName : serverName.substring(0, slash);
    }

    /** Marks {@code workers} draining (a mark already there is replaced). */
    public void mark(Collection<String> workers, Instant requestedAt, Instant deadline) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO jobscale_drain_marks"
                     + " (worker, requested_at, deadline) VALUES (?, ?, ?) ON CONFLICT (worker)"
                     + " DO UPDATE SET requested_at = EXCLUDED.requested_at, deadline = EXCLUDED.deadline")) {
            for (String worker : workers) {
                statement.setString(1, worker);
                statement.setTimestamp(2, Timestamp.from(requestedAt));
                statement.setTimestamp(3, Timestamp.from(deadline));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Removes the marks of {@code workers}: those still running claim work again. */
    public void clear(Collection<String> workers) throws SQLException {
        if (workers.isEmpty()) return;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "DELETE FROM jobscale_drain_marks WHERE worker = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", workers.toArray()));
            statement.executeUpdate();
        }
    }

    /** Removes every mark: a new autoscaler leader does not continue the drains of the one before. */
    public int clearAll() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            return statement.executeUpdate("DELETE FROM jobscale_drain_marks");
        }
    }

    /** Whether {@code worker} is marked: what a worker asks with each heartbeat. */
    public boolean isMarked(String worker) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT 1 FROM jobscale_drain_marks WHERE worker = ?")) {
            statement.setString(1, worker);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Every mark, by worker name. */
    public List<Mark> all() throws SQLException {
        List<Mark> marks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT worker, requested_at, deadline FROM jobscale_drain_marks ORDER BY worker")) {
            while (rs.next()) {
                marks.add(new Mark(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()));
            }
        }
        return marks;
    }
}
