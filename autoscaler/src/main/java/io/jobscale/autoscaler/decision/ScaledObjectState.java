package io.jobscale.autoscaler.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the decision for one ScaledObject remembers between polls: KEDA's last active time and failure counts, the
 * HPA's recent recommendations (stabilization windows) and its own scale events (rate policies). Immutable.
 */
public record ScaledObjectState(Instant createdAt, Instant lastActiveTime, List<Integer> consecutiveFailures,
                                List<Recommendation> recommendations, List<ScaleEvent> scaleEvents) {

    /** An HPA recommendation (before stabilization) at a time. */
    public record Recommendation(Instant at, int replicas) {
    }

    /** A change the HPA step made: positive up, negative down. */
    public record ScaleEvent(Instant at, int change) {
    }

    public ScaledObjectState {
        consecutiveFailures = List.copyOf(consecutiveFailures);
        recommendations = List.copyOf(recommendations);
        scaleEvents = List.copyOf(scaleEvents);
    }

    public static ScaledObjectState createdAt(Instant createdAt, int triggers) {
        List<Integer> failures = new ArrayList<>();
        for (int i = 0; i < triggers; i++) failures.add(0);
        return new ScaledObjectState(createdAt, null, failures, List.of(), List.of());
    }

    public ScaledObjectState withLastActiveTime(Instant at) {
        return new ScaledObjectState(createdAt, at, consecutiveFailures, recommendations, scaleEvents);
    }
}
