package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.MetricType;

/**
 * The Horizontal Pod Autoscaler's replica count for one external metric (kubernetes pkg/controller/podautoscaler,
 * replica_calculator): within a 10% tolerance of the target it keeps the current count.
 */
final class HpaFormula {

    static final double TOLERANCE = 0.1;

    private HpaFormula() {
    }

    static int proposal(MetricType type, double value, double target, int currentReplicas, int readyReplicas) {
        if (type == MetricType.AVERAGE_VALUE) {
            double ratio = value / (target * currentReplicas);
            if (Math.abs(ratio - 1.0) <= TOLERANCE) return currentReplicas;
            return (int) Math.ceil(value / target);
        }
        double ratio = value / target;
        if (Math.abs(ratio - 1.0) <= TOLERANCE) return currentReplicas;
        return (int) Math.ceil(ratio * readyReplicas);
    }
}
