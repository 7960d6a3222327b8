package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.MetricType;

/**
 * The Horizontal Pod Autoscaler's replica count for one external metric (kubernetes pkg/controller/podautoscaler,
 * replica_calculator): while the usage ratio is within the tolerances ({@code 1 − down ≤ ratio ≤ 1 + up}) it keeps
 * the current count.
 */
final class HpaFormula {

    private HpaFormula() {
    }

    static int proposal(MetricType type, double value, double target, int currentReplicas, int readyReplicas,
                        double upTolerance, double downTolerance) {
        if (type == MetricType.AVERAGE_VALUE) {
            double ratio = value / (target * currentReplicas);
            if (within(ratio, upTolerance, downTolerance)) return currentReplicas;
            return (int) Math.ceil(value / target);
        }
        double ratio = value / target;
        if (within(ratio, upTolerance, downTolerance)) return currentReplicas;
        return (int) Math.ceil(ratio * readyReplicas);
    }

    private static boolean within(double ratio, double upTolerance, double downTolerance) {
        return 1.0 - downTolerance <= ratio && ratio <= 1.0 + upTolerance;
    }
}
