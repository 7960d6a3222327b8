package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.jobscale.db.store.Columns.utc;

/**
 * The statements behind the metrics API's job figures (README.md, "Metrics API"): enqueued jobs per priority with
 * the oldest one's time, and scheduled jobs due within a window; the workers' come from
 * {@link BackgroundJobServers}. Each is one
 * statement whose cost does not grow with the number of jobs ({@code bin/benchmark metrics} prints their plans);
 * "now" is always a parameter, never the database's clock, and timestamps are UTC like jobrunr's.
 */
public final class MetricQueries {

    /** The enqueued jobs of one priority: how many, and when the oldest became ready (null when there is none). */
    public record Enqueued(long count, Instant oldest) {
    }

    private final DataSource dataSource;

    public MetricQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Counts come from the trigger-kept counters (migration V11), the oldest job of each priority from the first entry
     * of the enqueued index: a few small reads however long the backlog, in one statement so both are of one snapshot.
     * Parameter when {@code byPriority}: the priority.
     */
    public static String enqueuedSql(boolean byPriority) {
        return "SELECT c.priority, c.count, oldest.updatedAt"
                + " FROM (SELECT priority, sum(count) AS count FROM jobscale_enqueued_counts"
                + (byPriority ? " WHERE priority = ?" : "") + " GROUP BY priority) c"
                + " LEFT JOIN LATERAL (SELECT updatedAt FROM jobrunr_jobs j"
                + "   WHERE j.state = 'ENQUEUED' AND j.priority = c.priority"
                + "   ORDER BY j.updatedAt LIMIT 1) oldest ON true";
    }

    /** Parameters: the end of the window, then the priority when {@code byPriority}. */
    public static String scheduledSql(boolean byPriority) {
        return "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SCHEDULED' AND scheduledAt <= ?"
                + (byPriority ? " AND priority = ?" : "");
    }

    /** The enqueued jobs by priority; {@code priority} null for every priority that has a counter. */
    public Map<Integer, Enqueued> enqueued(Integer priority) throws SQLException {
        Map<Integer, Enqueued> result = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(enqueuedSql(priority != null))) {
            if (priority != null) s.setInt(1, priority);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp oldest = rs.getTimestamp(3, utc());
                    result.put(rs.getInt(1), new Enqueued(rs.getLong(2), oldest == null ? null : oldest.toInstant()));
                }
            }
        }
        return result;
    }

    /** How many scheduled jobs are due by {@code until}; {@code priority} null for every priority. */
    public long scheduledUntil(Instant until, Integer priority) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(scheduledSql(priority != null))) {
            s.setTimestamp(1, Timestamp.from(until), utc());
            if (priority != null) s.setInt(2, priority);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
