package io.jobscale.autoscaler.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.db.store.AutoscalerSamples;
import io.jobscale.db.store.ScalingEvents;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the autoscaler records: its decisions in {@link ScalingEvents} (when and why it scaled), with their readings
 * as JSON, and what each scaled object's triggers read over time in {@link AutoscalerSamples}.
 */
public class ScalingEventLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ScalingEvent.Reading>> READINGS = new TypeReference<>() {
    };

    private final ScalingEvents events;
    private final AutoscalerSamples samples;

    public ScalingEventLog(DataSource dataSource) {
        this.events = new ScalingEvents(dataSource);
        this.samples = new AutoscalerSamples(dataSource);
    }

    public void record(ScalingEvent event) throws SQLException {
        try {
            events.insert(new ScalingEvents.Event(0, event.occurredAt(), event.scaledObject(), event.kind(),
                    event.fromReplicas(), event.toReplicas(), event.jobsCreated(), event.active(),
                    JSON.writeValueAsString(event.readings()), event.reason()));
        } catch (IOException e) {
            throw new SQLException("cannot serialise readings", e);
        }
    }

    /** Newest first; {@code scaledObject} null for all objects. */
    public List<ScalingEvent> recent(String scaledObject, Instant since, int limit) throws SQLException {
        List<ScalingEvent> recent = new ArrayList<>();
        try {
            for (ScalingEvents.Event e : events.recent(scaledObject, since, limit)) {
                recent.add(new ScalingEvent(e.id(), e.occurredAt(), e.scaledObject(), e.kind(), e.fromReplicas(),
                        e.toReplicas(), e.jobsCreated(), e.active(), JSON.readValue(e.readings(), READINGS),
                        e.reason()));
            }
        } catch (IOException e) {
            throw new SQLException("cannot read readings", e);
        }
        return recent;
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
        return events.deleteBefore(now.minus(age));
    }
}
