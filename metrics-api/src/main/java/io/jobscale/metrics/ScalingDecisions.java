package io.jobscale.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The autoscaler's decisions for Prometheus, read from the decision log it writes ({@code jobscale_scaling_events},
 * one row per change): decisions counted per scaled object since the first scrape, and each ScaledObject's replicas
 * as last decided. Read from the database, so every web replica reports them, not only the one leading the autoscaler.
 */
public final class ScalingDecisions {

    /** Decisions read per scrape; more are read at the next one. */
    static final int BATCH = 1_000;

    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> replicas = new ConcurrentHashMap<>();
    private long lastId = -1;

    public ScalingDecisions(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    public synchronized void collect() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (lastId < 0) start(c);
            try (PreparedStatement s = c.prepareStatement("SELECT id, scaled_object, kind, to_replicas"
                    + " FROM jobscale_scaling_events WHERE id > ?"
                    // A drain's start or cancellation is logged with from = to: it changed nothing yet.
                    + " AND from_replicas IS DISTINCT FROM to_replicas ORDER BY id LIMIT " + BATCH)) {
                s.setLong(1, lastId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        lastId = rs.getLong(1);
                        Counter.builder("jobscale.autoscaler.decisions")
                                .description("Scaling decisions that changed replicas or started jobs")
                                .tag("scaled_object", rs.getString(2)).tag("kind", rs.getString(3))
                                .register(registry).increment();
                        if ("ScaledObject".equals(rs.getString(3))) replicas(rs.getString(2)).set(rs.getInt(4));
                    }
                }
            }
        }
    }

    /** Counting starts now; the replica gauges start from each ScaledObject's last decision. */
    private void start(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(id), 0) FROM jobscale_scaling_events");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            lastId = rs.getLong(1);
        }
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT ON (scaled_object) scaled_object, to_replicas"
                + " FROM jobscale_scaling_events WHERE kind = 'ScaledObject' AND id <= ?"
                + " ORDER BY scaled_object, occurred_at DESC")) {
            s.setLong(1, lastId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) replicas(rs.getString(1)).set(rs.getInt(2));
            }
        }
    }

    private AtomicInteger replicas(String scaledObject) {
        return replicas.computeIfAbsent(scaledObject, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("jobscale.autoscaler.desired.replicas", value, AtomicInteger::get)
                    .description("Replicas the autoscaler last decided on for a ScaledObject")
                    .tag("scaled_object", name).register(registry);
            return value;
        });
    }
}
