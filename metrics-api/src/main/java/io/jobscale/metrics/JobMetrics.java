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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TimeZone;

/**
 * The metrics KEDA and the built-in autoscaler scale on, computed from PostgreSQL at the moment of the call, so every
 * web replica answers the same. Definitions: README.md, "Metrics API". Each answer is one
 * statement whose cost does not grow with the number of jobs; "now" comes from the injected clock, never from the
 * database, and timestamps are UTC like jobrunr's.
 */
public class JobMetrics {

    /** Server timeout in poll intervals, as jobrunr's (a server missing 4 heartbeats is dead). */
    public static final int SERVER_TIMEOUT_POLL_INTERVALS = 4;

    /** Number of priorities (0..9). */
    public static final int PRIORITIES = 10;

    /** Parameters: now, {@link #SERVER_TIMEOUT_POLL_INTERVALS}. */
    public static final String LIVE_SERVERS_SQL = "SELECT trim(id) AS id, name, workerPoolSize, occupiedWorkers,"
            + " lastHeartbeat, firstHeartbeat, draining"
            + " FROM jobrunr_backgroundjobservers"
            + " WHERE running = 1"
            + " AND lastHeartbeat > CAST(? AS timestamp) - make_interval(secs => ? * pollIntervalInSeconds)"
            + " ORDER BY firstHeartbeat";

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

    private final DataSource dataSource;
    private final Clock clock;

    public JobMetrics(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The database the metrics are read from (the Prometheus export also reports its connection pool). */
    public DataSource dataSource() {
        return dataSource;
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
            try (PreparedStatement statement = connection.prepareStatement(LIVE_SERVERS_SQL)) {
                statement.setTimestamp(1, Timestamp.from(now), utc());
                statement.setInt(2, SERVER_TIMEOUT_POLL_INTERVALS);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("id");
                        servers.add(new ServerLoad(id, rs.getString("name"), rs.getInt("workerPoolSize"),
                                rs.getInt("occupiedWorkers"), rs.getTimestamp("lastHeartbeat", utc()).toInstant(),
                                rs.getTimestamp("firstHeartbeat", utc()).toInstant(), rs.getBoolean("draining")));
                    }
                }
            }
            return servers;
        } catch (SQLException e) {
            throw new MetricsUnavailableException(e);
        }
    }

    public EnqueuedMetrics enqueued(OptionalInt priority) {
        long count = 0;
        long latency = 0;
        for (EnqueuedMetrics metrics : enqueuedPerPriority(priority).values()) {
            count += metrics.count();
            latency = Math.max(latency, metrics.latency());
        }
        return new EnqueuedMetrics(latency, count);
    }

    /** Enqueued count and latency of every priority 0..9 in one query (for Prometheus). */
    public List<EnqueuedMetrics> enqueuedByPriority() {
        Map<Integer, EnqueuedMetrics> perPriority = enqueuedPerPriority(OptionalInt.empty());
        List<EnqueuedMetrics> result = new ArrayList<>();
        for (int p = 0; p < PRIORITIES; p++) result.add(perPriority.getOrDefault(p, new EnqueuedMetrics(0, 0)));
        return result;
    }

    private Map<Integer, EnqueuedMetrics> enqueuedPerPriority(OptionalInt priority) {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(enqueuedSql(priority.isPresent()))) {
            if (priority.isPresent()) statement.setInt(1, priority.getAsInt());
            Map<Integer, EnqueuedMetrics> result = new HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getInt(1),
                            new EnqueuedMetrics(latencySeconds(rs.getTimestamp(3, utc()), now), rs.getLong(2)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new MetricsUnavailableException(e);
        }
    }

    public ScheduledMetrics scheduled(Duration scheduledIn, OptionalInt priority) {
        Instant until = clock.instant().plus(scheduledIn);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(scheduledSql(priority.isPresent()))) {
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

    private static long latencySeconds(Timestamp oldest, Instant now) {
        if (oldest == null) return 0;
        return Math.max(0, Duration.between(oldest.toInstant(), now).getSeconds());
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
