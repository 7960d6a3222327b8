package io.jobscale.autoscaler.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.metrics.AutoscalerSamples;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

/**
 * What the autoscaler records: its decisions in {@code jobscale_scaling_events} (when and why it scaled), and what
 * each scaled object's triggers read over time in {@link AutoscalerSamples}.
 */
public class ScalingEventLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ScalingEvent.Reading>> READINGS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final AutoscalerSamples samples;

    public ScalingEventLog(DataSource dataSource) {
        this.dataSource = dataSource;
        this.samples = new AutoscalerSamples(dataSource);
    }

    public void record(ScalingEvent event) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO jobscale_scaling_events"
                + " (occurred_at, scaled_object, kind, from_replicas, to_replicas, jobs_created, active, readings,"
                + " reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            s.setTimestamp(1, Timestamp.from(event.occurredAt()), utc());
            s.setString(2, event.scaledObject());
            s.setString(3, event.kind());
            setInteger(s, 4, event.fromReplicas());
            setInteger(s, 5, event.toReplicas());
            setInteger(s, 6, event.jobsCreated());
            s.setBoolean(7, event.active());
            s.setString(8, JSON.writeValueAsString(event.readings()));
            s.setString(9, event.reason());
            s.executeUpdate();
        } catch (IOException e) {
            throw new SQLException("cannot serialise readings", e);
        }
    }

    /** Newest first; {@code scaledObject} null for all objects. */
    public List<ScalingEvent> recent(String scaledObject, Instant since, int limit) throws SQLException {
        String sql = "SELECT id, occurred_at, scaled_object, kind, from_replicas, to_replicas, jobs_created, active,"
                + " readings::text, reason"
                + " FROM jobscale_scaling_events WHERE occurred_at >= ?"
                + (scaledObject == null ? "" : " AND scaled_object = ?")
                + " ORDER BY occurred_at DESC, id DESC LIMIT ?";
        List<ScalingEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setTimestamp(i++, Timestamp.from(since), utc());
            if (scaledObject != null) s.setString(i++, scaledObject);
            s.setInt(i, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new ScalingEvent(rs.getLong(1), rs.getTimestamp(2, utc()).toInstant(), rs.getString(3),
                            rs.getString(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6),
                            (Integer) rs.getObject(7), rs.getBoolean(8),
                            JSON.readValue(rs.getString(9), READINGS), rs.getString(10)));
                }
            }
        } catch (IOException e) {
            throw new SQLException("cannot read readings", e);
        }
        return events;
    }

    /** Samples each polled scaled object's readings and replicas (one per {@link AutoscalerSamples#INTERVAL}). */
    public void sample(List<ScaledObjectStatus> statuses, Instant now) throws SQLException {
        for (ScaledObjectStatus status : statuses) {
            samples.record(new AutoscalerSamples.Sample(status.name(), now, status.kind(), status.currentReplicas(),
                    status.desiredReplicas(), JSON.valueToTree(status.triggers())));
        }
    }

    /** Samples since {@code since}, oldest first; {@code scaledObject} null for all objects. */
    public List<AutoscalerSamples.Sample> samples(String scaledObject, Instant since) throws SQLException {
        return samples.since(scaledObject, since);
    }

    /** Deletes decisions and samples older than {@code age}; returns how many decisions. */
    public int pruneOlderThan(Instant now, Duration age) throws SQLException {
        samples.pruneOlderThan(now, age);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM jobscale_scaling_events WHERE occurred_at < ?")) {
            s.setTimestamp(1, Timestamp.from(now.minus(age)), utc());
            return s.executeUpdate();
        }
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) s.setNull(index, Types.INTEGER);
        else s.setInt(index, value);
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
