package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.MetricType;

import java.util.OptionalDouble;

/**
 * One trigger's reading at one poll, as the decision sees it: a value, or the error that prevented one.
 *
 * @param metric           the metric's name, for reasons and events
 * @param activationTarget active when {@code value > activationTarget} (strictly, as KEDA)
 */
public record TriggerResult(String metric, MetricType metricType, double target, double activationTarget,
                            OptionalDouble value, String error) {

    public static TriggerResult of(String metric, MetricType type, double target, double activationTarget,
                                   double value) {
        return new TriggerResult(metric, type, target, activationTarget, OptionalDouble.of(value), null);
    }

    public static TriggerResult failed(String metric, MetricType type, double target, double activationTarget,
                                       String error) {
        return new TriggerResult(metric, type, target, activationTarget, OptionalDouble.empty(), error);
    }

    public boolean active() {
        return value.isPresent() && value.getAsDouble() > activationTarget;
    }

    public boolean failed() {
        return value.isEmpty();
    }
}
