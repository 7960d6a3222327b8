package io.jobscale.metrics;

/** @param count jobs in SCHEDULED due within the window (overdue ones included) */
public record ScheduledMetrics(long count) {
}
