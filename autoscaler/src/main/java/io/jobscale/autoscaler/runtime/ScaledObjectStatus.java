package io.jobscale.autoscaler.runtime;

import java.time.Instant;
import java.util.List;

/**
 * What {@code /api/autoscaler} shows for one scaled object (ScaledObject or ScaledJob).
 *
 * @param target          ScaledObject: the scale target's name; ScaledJob: null
 * @param currentReplicas ScaledObject: replicas at the last poll; ScaledJob: running Jobs
 * @param desiredReplicas ScaledObject: the decision; ScaledJob: running plus Jobs created
 * @param error           the last actuator or config error, null when the last poll went through
 * @param warnings        standing problems (e.g. a grace period shorter than the workers' stop await)
 */
public record ScaledObjectStatus(String name, String kind, String target, int minReplicaCount, int maxReplicaCount,
                                 int pollingInterval, Integer currentReplicas, Integer desiredReplicas, boolean active,
                                 Instant lastPoll, String reason, List<ScalingEvent.Reading> triggers, String error,
                                 List<String> warnings) {
}
