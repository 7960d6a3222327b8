package io.jobscale.autoscaler.simulate;

/**
 * @param podSeconds       seconds of pods alive (starting, running or finishing), summed: what the workload cost
 * @param p50LatencySeconds median wait from due (enqueue or scheduled time) to start
 * @param p95LatencySeconds 95th percentile of that wait
 * @param maxLatencySeconds the longest wait
 * @param maxReplicas      the most pods at once
 * @param jobs             jobs completed
 * @param durationSeconds  simulated time until the queue was empty and the pods were gone (or the limit)
 */
public record SimulationResult(long podSeconds, long p50LatencySeconds, long p95LatencySeconds, long maxLatencySeconds,
                               int maxReplicas, int jobs, long durationSeconds) {
}
