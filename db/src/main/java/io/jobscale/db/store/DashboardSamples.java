package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.jobscale.db.store.Columns.utc;

/**
 * What the queue looked like over time, {@code jobscale_dashboard_samples} (migration V21): the web process writes a
 * sample every few seconds and the dashboard's charts read a time range of them. Every statement on the table is
 * here.
 */
public final class DashboardSamples {

    /**
     * One sample.
     *
     * @param enqueued enqueued jobs per priority (index = priority)
     * @param latency  seconds the oldest enqueued job of each priority had waited
     */
    public record Sample(Instant at, long[] enqueued, long[] latency, int busyWorkers, int totalWorkers) {
    }

    /** A second sample for the same time (another web replica's) is dropped: one row per time between them. */
    private static final String INSERT = "INSERT INTO jobscale_dashboard_samples"
            + " (sampled_at, enqueued, latency, busy_workers, total_workers) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String BETWEEN = "SELECT sampled_at, enqueued, latency, busy_workers, total_workers"
            + " FROM jobscale_dashboard_samples WHERE sampled_at >= ? AND sampled_at <= ? ORDER BY sampled_at";
    private static final String PRUNE = "DELETE FROM jobscale_dashboard_samples WHERE sampled_at < ?";

    private final DataSource dataSource;

    public DashboardSamples(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes {@code sample} unless one for its time is there already. */
    public void insert(Sample sample) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setTimestamp(1, Timestamp.from(sample.at()), utc());
            s.setArray(2, c.createArrayOf("bigint", boxed(sample.enqueued())));
            s.setArray(3, c.createArrayOf("bigint", boxed(sample.latency())));
            s.setInt(4, sample.busyWorkers());
            s.setInt(5, sample.totalWorkers());
            s.executeUpdate();
        }
    }

    /** The samples taken from {@code from} to {@code to}, both included, oldest first. */
    public List<Sample> between(Instant from, Instant to) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(BETWEEN)) {
            s.setTimestamp(1, Timestamp.from(from), utc());
            s.setTimestamp(2, Timestamp.from(to), utc());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    samples.add(new Sample(rs.getTimestamp(1, utc()).toInstant(), longs(rs.getArray(2)),
                            longs(rs.getArray(3)), rs.getInt(4), rs.getInt(5)));
                }
            }
        }
        return samples;
    }

    /** Deletes the samples taken before {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PRUNE)) {
            s.setTimestamp(1, Timestamp.from(cutoff), utc());
            return s.executeUpdate();
        }
    }

    private static Long[] boxed(long[] values) {
        return Arrays.stream(values).boxed().toArray(Long[]::new);
    }

    private static long[] longs(Array array) throws SQLException {
        Long[] values = (Long[]) array.getArray();
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) result[i] = values[i] == null ? 0 : values[i];
        return result;
    }
}
