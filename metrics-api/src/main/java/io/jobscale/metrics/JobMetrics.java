package io.jobscale.metrics;

import io.jobscale.db.store.BackgroundJobServers;
import io.jobscale.db.store.MetricQueries;
import io.jobscale.db.store.ServerLoad;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The metrics KEDA and the built-in autoscaler scale on, computed from PostgreSQL at the moment of the call, so every
 * web replica answers the same. Definitions: README.md, "Metrics API". Each answer is one statement of
 * {@link MetricQueries} or {@link BackgroundJobServers}; "now" comes from the injected clock, never from the database.
 */
public class JobMetrics {

    /** Server timeout in poll intervals, as jobrunr's (a server missing 4 heartbeats is dead). */
    public static final int SERVER_TIMEOUT_POLL_INTERVALS = 4;

    /** Number of priorities (0..9). */
    public static final int PRIORITIES = 10;

    private final DataSource dataSource;
    private final MetricQueries queries;
    private final BackgroundJobServers serverTable;
    private final Clock clock;

    public JobMetrics(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.queries = new MetricQueries(dataSource);
        this.serverTable = new BackgroundJobServers(dataSource);
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
        try {
            return serverTable.liveServers(clock.instant(), SERVER_TIMEOUT_POLL_INTERVALS);
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
        try {
            Map<Integer, EnqueuedMetrics> result = new HashMap<>();
            queries.enqueued(priority.isPresent() ? priority.getAsInt() : null).forEach((p, enqueued) ->
                    result.put(p, new EnqueuedMetrics(latencySeconds(enqueued.oldest(), now), enqueued.count())));
            return result;
        } catch (SQLException e) {
            throw new MetricsUnavailableException(e);
        }
    }

    public ScheduledMetrics scheduled(Duration scheduledIn, OptionalInt priority) {
        try {
            return new ScheduledMetrics(queries.scheduledUntil(clock.instant().plus(scheduledIn),
                    priority.isPresent() ? priority.getAsInt() : null));
        } catch (SQLException e) {
            throw new MetricsUnavailableException(e);
        }
    }

    private static long latencySeconds(Instant oldest, Instant now) {
        if (oldest == null) return 0;
        return Math.max(0, Duration.between(oldest, now).getSeconds());
    }
}
