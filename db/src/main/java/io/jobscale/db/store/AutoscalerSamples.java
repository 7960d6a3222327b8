package io.jobscale.db.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.jobscale.db.store.Columns.setInteger;
import static io.jobscale.db.store.Columns.utc;

/**
 * The table {@code jobscale_autoscaler_samples} (migration V23): each scaled object's trigger readings and replicas
 * over time. The autoscaler's leader writes it, the dashboard's charts and the Prometheus gauges read it. All SQL on
 * the table is here.
 */
public final class AutoscalerSamples {

    /** At most one sample per scaled object this often; sample times are whole multiples of it. */
    public static final Duration INTERVAL = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    /**
     * One sample.
     *
     * @param currentReplicas ScaledObject: replicas at the poll; ScaledJob: running Jobs
     * @param desiredReplicas ScaledObject: the decision; ScaledJob: running plus created Jobs
     * @param readings        one object per trigger, in config order: {@code metric}, {@code value} (null when the
     *                        trigger failed), {@code target}, {@code active}, {@code error}
     */
    public record Sample(String scaledObject, Instant sampledAt, String kind, Integer currentReplicas,
                         Integer desiredReplicas, JsonNode readings) {
    }

    public AutoscalerSamples(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes {@code sample} at its time rounded down to {@link #INTERVAL}; a second one for that time is dropped. */
    public void record(Sample sample) throws SQLException {
        long interval = INTERVAL.toMillis();
        Instant at = Instant.ofEpochMilli(Math.floorDiv(sample.sampledAt().toEpochMilli(), interval) * interval);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO jobscale_autoscaler_samples"
                        + " (scaled_object, sampled_at, kind, current_replicas, desired_replicas, readings)"
                        + " VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
            s.setString(1, sample.scaledObject());
            s.setTimestamp(2, Timestamp.from(at), utc());
            s.setString(3, sample.kind());
            setInteger(s, 4, sample.currentReplicas());
            setInteger(s, 5, sample.desiredReplicas());
            s.setString(6, JSON.writeValueAsString(sample.readings()));
            s.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot serialise readings", e);
        }
    }

    /** Samples since {@code since}, oldest first; {@code scaledObject} null for every scaled object. */
    public List<Sample> since(String scaledObject, Instant since) throws SQLException {
        return query("SELECT scaled_object, sampled_at, kind, current_replicas, desired_replicas, readings::text"
                + " FROM jobscale_autoscaler_samples WHERE sampled_at >= ?"
                + (scaledObject == null ? "" : " AND scaled_object = ?")
                + " ORDER BY sampled_at, scaled_object", since, scaledObject);
    }

    /** Each scaled object's newest sample taken since {@code since}. */
    public List<Sample> newest(Instant since) throws SQLException {
        return query("SELECT DISTINCT ON (scaled_object) scaled_object, sampled_at, kind, current_replicas,"
                + " desired_replicas, readings::text FROM jobscale_autoscaler_samples WHERE sampled_at >= ?"
                + " ORDER BY scaled_object, sampled_at DESC", since, null);
    }

    public int pruneOlderThan(Instant now, Duration age) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s =
                c.prepareStatement("DELETE FROM jobscale_autoscaler_samples WHERE sampled_at < ?")) {
            s.setTimestamp(1, Timestamp.from(now.minus(age)), utc());
            return s.executeUpdate();
        }
    }

    private List<Sample> query(String sql, Instant since, String scaledObject) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(since), utc());
            if (scaledObject != null) s.setString(2, scaledObject);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    samples.add(new Sample(rs.getString(1), rs.getTimestamp(2, utc()).toInstant(), rs.getString(3),
                            (Integer) rs.getObject(4), (Integer) rs.getObject(5), JSON.readTree(rs.getString(6))));
                }
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot read readings", e);
        }
        return samples;
    }
}
