package io.jobscale.metrics;

/**
 * @param latency whole seconds since the oldest of the enqueued jobs was enqueued; 0 when there are none
 * @param count   jobs in ENQUEUED
 */
public record EnqueuedMetrics(long latency, long count) {
}
