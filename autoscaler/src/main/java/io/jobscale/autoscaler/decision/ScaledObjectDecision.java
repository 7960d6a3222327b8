package io.jobscale.autoscaler.decision;

/**
 * @param desiredReplicas what the target should be scaled to now
 * @param active          whether any trigger is active
 * @param reason          one line a person can read, e.g. "enqueued-latency 412 > target 300: 3→5"
 * @param state           the state to remember for the next poll
 */
public record ScaledObjectDecision(int desiredReplicas, boolean active, String reason, ScaledObjectState state) {
}
