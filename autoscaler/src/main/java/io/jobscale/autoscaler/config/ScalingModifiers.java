package io.jobscale.autoscaler.config;

/**
 * A ScaledObject's {@code advanced.scalingModifiers}: the triggers' values are combined by {@code formula} into one
 * metric, which alone decides activation ({@code > activationTarget}) and the HPA proposal (against {@code target},
 * as {@code metricType}). See docs/autoscaler.md, "scalingModifiers".
 *
 * @param formula          over the triggers' {@code name}s
 * @param target           required, greater than 0
 * @param activationTarget default 0
 * @param metricType       default {@code AverageValue}
 */
public record ScalingModifiers(Formula formula, double target, double activationTarget, MetricType metricType) {

    /** The composite metric's name, as KEDA names it. */
    public static final String METRIC = "composite-metric";
}
