package io.jobscale.autoscaler.actuator;

/**
 * KEDA's view of a ScaledJob's Jobs.
 *
 * @param running Jobs not yet finished (neither Complete nor Failed), pending ones included
 * @param pending of those, the ones with no pod Running or Succeeded yet
 */
public record JobCounts(int running, int pending) {
}
