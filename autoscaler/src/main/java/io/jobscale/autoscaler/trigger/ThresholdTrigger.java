package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.MetricType;

/** What every trigger type shares: how its value is compared (metric type, target) and when it counts as active. */
abstract class ThresholdTrigger implements Trigger {

    private final MetricType metricType;
    private final double target;
    private final double activation;

    ThresholdTrigger(MetricType metricType, double target, double activation) {
        this.metricType = metricType;
        this.target = target;
        this.activation = activation;
    }

    @Override
    public final MetricType metricType() {
        return metricType;
    }

    @Override
    public final double targetValue() {
        return target;
    }

    @Override
    public final double activationTargetValue() {
        return activation;
    }

    /** A reading of {@code value}: active when strictly above the activation target, as KEDA. */
    final TriggerReading reading(double value) {
        return new TriggerReading(value, value > activation);
    }
}
