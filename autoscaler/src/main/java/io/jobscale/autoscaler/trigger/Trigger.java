package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.MetricType;

/**
 * One trigger type (KEDA's "scaler"): it answers the current value of its metric and whether it is active.
 * One class per type; the decision code never knows which type it talks to.
 */
public interface Trigger extends AutoCloseable {

    /** Stable name of the metric, used in decisions, events and the dashboard (e.g. {@code enqueued-latency}). */
    String metricName();

    MetricType metricType();

    /** The target value the HPA formula divides by. */
    double targetValue();

    /** Active when {@code value > activationTargetValue} (strictly, as KEDA). */
    double activationTargetValue();

    /** Reads the value now. Throws {@link TriggerException} when the source cannot be read or answers nonsense. */
    TriggerReading read() throws TriggerException;

    @Override
    default void close() {
    }
}
