package io.jobscale.autoscaler.config;

/**
 * KEDA's {@code fallback}: after more than {@code failureThreshold} failures in a row, a trigger proposes
 * {@code replicas} (adjusted by {@code behavior}: static, currentReplicas, currentReplicasIfHigher,
 * currentReplicasIfLower).
 */
public record Fallback(int failureThreshold, int replicas, Behavior behavior) {

    public enum Behavior { STATIC, CURRENT_REPLICAS, CURRENT_REPLICAS_IF_HIGHER, CURRENT_REPLICAS_IF_LOWER }

    /** The replicas a failing trigger proposes. */
    public int proposal(int currentReplicas) {
        return switch (behavior) {
            case STATIC -> replicas;
            case CURRENT_REPLICAS -> currentReplicas;
            case CURRENT_REPLICAS_IF_HIGHER -> Math.max(currentReplicas, replicas);
            case CURRENT_REPLICAS_IF_LOWER -> Math.min(currentReplicas, replicas);
        };
    }
}
