package io.jobscale.metrics;

/**
 * @param usage           occupiedWorkers / totalWorkers as a fraction 0..1; 0 when there are no workers
 * @param totalWorkers    worker-pool sizes of live servers (running, heartbeat within the server timeout)
 * @param occupiedWorkers jobs in PROCESSING held by those live servers (as of their last heartbeat)
 */
public record WorkerMetrics(double usage, int totalWorkers, int occupiedWorkers) {
}
