package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jobscale.db.store.Columns.setInteger;
import static io.jobscale.db.store.Columns.utc;

/**
 * The autoscaler's decision log, {@code jobscale_scaling_events} (migration V20): one row per change it made or
 * started (a drain's start and cancellation are logged with {@code from = to}). The autoscaler's leader writes it;
 * {@code explain}, the dashboard and the Prometheus counters read it. Every statement on the table is here.
 */
public final class ScalingEvents {

    /**
     * One logged decision.
     *
     * @param id       assigned by the database; ignored by {@link #insert}
     * @param readings the triggers' readings as the decision saw them, a JSON array
     */
    public record Event(long id, Instant occurredAt, String scaledObject, String kind, Integer fromReplicas,
                        Integer toReplicas, Integer jobsCreated, boolean active, String readings, String reason) {
    }

    /** A decision that changed replicas or started jobs: what the Prometheus counters count. */
    public record Change(long id, String scaledObject, String kind, int toReplicas) {
    }

    private static final String INSERT = "INSERT INTO jobscale_scaling_events (occurred_at, scaled_object, kind,"
            + " from_replicas, to_replicas, jobs_created, active, readings, reason)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)";
    private static final String RECENT = "SELECT id, occurred_at, scaled_object, kind, from_replicas, to_replicas,"
            + " jobs_created, active, readings::text, reason FROM jobscale_scaling_events WHERE occurred_at >= ?";
    private static final String CHANGES_AFTER = "SELECT id, scaled_object, kind, to_replicas"
            + " FROM jobscale_scaling_events WHERE id > ?"
            + " AND from_replicas IS DISTINCT FROM to_replicas ORDER BY id LIMIT ?";
    private static final String LAST_ID = "SELECT coalesce(max(id), 0) FROM jobscale_scaling_events";
    private static final String LAST_REPLICAS = "SELECT DISTINCT ON (scaled_object) scaled_object, to_replicas"
            + " FROM jobscale_scaling_events WHERE kind = 'ScaledObject' AND id <= ?"
            + " ORDER BY scaled_object, occurred_at DESC";
    private static final String PRUNE = "DELETE FROM jobscale_scaling_events WHERE occurred_at < ?";

    private final DataSource dataSource;

    public ScalingEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Logs {@code event}. */
    public void insert(Event event) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setTimestamp(1, Timestamp.from(event.occurredAt()), utc());
            s.setString(2, event.scaledObject());
            s.setString(3, event.kind());
            setInteger(s, 4, event.fromReplicas());
            setInteger(s, 5, event.toReplicas());
            setInteger(s, 6, event.jobsCreated());
            s.setBoolean(7, event.active());
            s.setString(8, event.readings());
            s.setString(9, event.reason());
            s.executeUpdate();
        }
    }

    /** Events since {@code since}, newest first, at most {@code limit}; {@code scaledObject} null for all objects. */
    public List<Event> recent(String scaledObject, Instant since, int limit) throws SQLException {
        String sql = RECENT + (scaledObject == null ? "" : " AND scaled_object = ?")
                + " ORDER BY occurred_at DESC, id DESC LIMIT ?";
        List<Event> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setTimestamp(i++, Timestamp.from(since), utc());
            if (scaledObject != null) s.setString(i++, scaledObject);
            s.setInt(i, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getLong(1), rs.getTimestamp(2, utc()).toInstant(), rs.getString(3),
                            rs.getString(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6),
                            (Integer) rs.getObject(7), rs.getBoolean(8), rs.getString(9), rs.getString(10)));
                }
            }
        }
        return events;
    }

    /** The newest event's id, 0 when there is none: where counting from now starts. */
    public long lastId() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LAST_ID);
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Up to {@code limit} changes with an id above {@code afterId}, in id order. */
    public List<Change> changesAfter(long afterId, int limit) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(CHANGES_AFTER)) {
            s.setLong(1, afterId);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
        }
        return changes;
    }

    /** Each ScaledObject's replicas as its last event up to id {@code upToId} decided them. */
    public Map<String, Integer> lastReplicas(long upToId) throws SQLException {
        Map<String, Integer> replicas = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LAST_REPLICAS)) {
            s.setLong(1, upToId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) replicas.put(rs.getString(1), rs.getInt(2));
            }
        }
        return replicas;
    }

    /** Deletes the events that occurred before {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PRUNE)) {
            s.setTimestamp(1, Timestamp.from(cutoff), utc());
            return s.executeUpdate();
        }
    }
}
