package io.jobscale.autoscaler.decision;

/**
 * @param jobsToCreate Jobs (or run-one processes) to launch now
 * @param active       whether the ScaledJob is active (a trigger active, or minReplicaCount > 0)
 * @param reason       one line a person can read
 */
public record ScaledJobDecision(int jobsToCreate, boolean active, String reason) {
}
