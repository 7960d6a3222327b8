package io.jobscale.autoscaler.runtime;

/** What wakes the autoscaler before its next poll is due: {@link EnqueueListener} in production. */
public interface WakeUps extends AutoCloseable {

    /** Blocks up to {@code timeoutMillis}; true when a wake-up arrived. */
    boolean await(long timeoutMillis) throws InterruptedException;

    @Override
    default void close() {
    }
}
