package io.jobscale.dashboard;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The stored queue samples of a time range, oldest first, for the charts. */
final class History {

    /**
     * One sample.
     *
     * @param enqueued enqueued jobs per priority (index = priority)
     * @param latency  seconds the oldest enqueued job of each priority had waited
     */
    record Sample(Instant at, long[] enqueued, long[] latency, int busyWorkers, int totalWorkers) {
    }

    private final DataSource dataSource;

    History(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Sample> samples(Instant from, Instant to) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT sampled_at, enqueued, latency, busy_workers, total_workers FROM jobscale_dashboard_samples"
                        + " WHERE sampled_at >= ? AND sampled_at <= ? ORDER BY sampled_at")) {
            s.setTimestamp(1, Timestamp.from(from), QueueSampler.utc());
            s.setTimestamp(2, Timestamp.from(to), QueueSampler.utc());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    samples.add(new Sample(rs.getTimestamp(1, QueueSampler.utc()).toInstant(), longs(rs.getArray(2)),
                            longs(rs.getArray(3)), rs.getInt(4), rs.getInt(5)));
                }
            }
        }
        return samples;
    }

    private static long[] longs(Array array) throws SQLException {
        Long[] values = (Long[]) array.getArray();
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) result[i] = values[i] == null ? 0 : values[i];
        return result;
    }
}
