package io.jobscale.autoscaler.actuator;

/**
 * @param desired the replica count the target is set to now
 * @param ready   replicas running and ready (the HPA's "ready pods"; live worker processes for the local backend)
 */
public record Replicas(int desired, int ready) {
}
