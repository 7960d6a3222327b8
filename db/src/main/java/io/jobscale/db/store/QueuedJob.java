package io.jobscale.db.store;

/**
 * An enqueued job a ScaledJob may launch a unit for. {@code version} is jobrunr's row version at the time it was read:
 * it changes with every state change, so it names this one attempt. A job that failed and was retried, or that a
 * stopping pod handed back, is enqueued again with a higher version: a new attempt, which gets a unit of its own.
 */
public record QueuedJob(String id, long version) {
}
