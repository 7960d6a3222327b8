package io.jobscale.metrics;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.OptionalInt;
import java.util.TimeZone;

/**
 * The metrics KEDA and the built-in autoscaler scale on, computed from PostgreSQL at the moment of the call, so every
 * web replica answers the same. Definitions: see DESIGN.md "Metrics — exact definitions". Each query is one index
 * scan; "now" comes from the injected clock, never from the database, and timestamps are UTC like jobrunr's.
 */
public class JobMetrics {

    /** Server timeout in poll intervals, as jobrunr's (a server missing 4 heartbeats is dead). */
    static final int SERVER_TIMEOUT_POLL_INTERVALS = 4;

    private static final String LIVE_SERVERS = "SELECT trim(id) AS id, name, workerPoolSize, occupiedWorkers, lastHeartbeat, firstHeartbeat"
            + " FROM jobrunr_backgroundjobservers"
            + " WHERE running = 1 AND lastHeartbeat > CAST(? AS timestamp) - make_interval(secs => ? * pollIntervalInSeconds)";

    private final DataSource dataSource;
    private final Clock clock;

    public JobMetrics(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public WorkerMetrics workers() {
        int total = 0;
        int occupied = 0;
        for (ServerLoad server : servers()) {
            total += server.workers();
            occupied += server.occupiedWorkers();
        }
        return new WorkerMetrics(total == 0 ? 0 : (double) occupied / total, total, occupied);
    }

    /**
     * Live servers with their occupied workers: the jobs each holds in PROCESSING, as its last heartbeat published them
     * (at most one poll interval old; reading them from the jobs' JSON instead would cost a parse per running job).
     */
    public List<ServerLoad> servers() {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            List<ServerLoad> servers = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(LIVE_SERVERS + " ORDER BY firstHeartbeat")) {
                statement.setTimestamp(1, Timestamp.from(now), utc());
                statement.setInt(2, SERVER_TIMEOUT_POLL_INTERVALS);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("id");
                        servers.add(new ServerLoad(id, rs.getString("name"), rs.getInt("workerPoolSize"), rs.getInt("occupiedWorkers"),
                                rs.getTimestamp("lastHeartbeat", utc()).toInstant(), rs.getTimestamp("firstHeartbeat", utc()).toInstant()));
                    }
                }
            }
            return servers;
        } catch (SQLException e) {
            throw new MetricsUnavailableException(e);
        }
    }

    public EnqueuedMetrics enqueued(OptionalInt priority) {
        String sql = "SELECT count(*), min(updatedAt) FROM jobrunr_jobs WHERE state = 'ENQUEUED'"
                + (priority.isPresent() ? " AND priority = ?" : "");
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            if (priority.isPresent()) statement.setInt(1, priority.getAsInt());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new EnqueuedMetrics(latencySeconds(rs.getTimestamp(2, utc()), now), rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new MetricsUnavailableException(e);
        }
    }

    /** Enqueued count and latency of every priority 0..9 in one query (for Prometheus). */
    public List<EnqueuedMetrics> enqueuedByPriority() {
        List<EnqueuedMetrics> result = new ArrayList<>();
        for (int p = 0; p < PRIORITIES; p++) result.add(new EnqueuedMetrics(0, 0));
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT priority, count(*), min(updatedAt) FROM jobrunr_jobs WHERE state = 'ENQUEUED' GROUP BY priority");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                int p = rs.getInt(1);
                if (p >= 0 && p < PRIORITIES) result.set(p, new EnqueuedMetrics(latencySeconds(rs.getTimestamp(3, utc()), now), rs.getLong(2)));
            }
            return result;
        } catch (SQLException e) {
            throw new MetricsUnavailableException(e);
        }
    }

    public ScheduledMetrics scheduled(Duration scheduledIn, OptionalInt priority) {
        String sql = "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SCHEDULED' AND scheduledAt <= ?"
                + (priority.isPresent() ? " AND priority = ?" : "");
        Instant until = clock.instant().plus(scheduledIn);
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(until), utc());
            if (priority.isPresent()) statement.setInt(2, priority.getAsInt());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new ScheduledMetrics(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new MetricsUnavailableException(e);
        }
    }

    /** Number of priorities (0..9). */
    public static final int PRIORITIES = 10;

    private static long latencySeconds(Timestamp oldest, Instant now) {
        if (oldest == null) return 0;
        return Math.max(0, Duration.between(oldest.toInstant(), now).getSeconds());
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
