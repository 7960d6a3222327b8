package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.ScaledJobSpec;
import io.jobscale.autoscaler.config.ScalingStrategy;

import java.util.List;

/**
 * How many Jobs a ScaledJob launches this poll, as KEDA computes it: combine the active triggers' queue lengths,
 * then apply the scaling strategy to the running and pending Jobs. Every bound is KEDA's effective one
 * ({@link ScaledJobSpec#effectiveMaxReplicaCount()}, {@link ScaledJobSpec#effectiveMinReplicaCount()}), in the
 * activity check as in each strategy; docs/autoscaler.md gives the formulas.
 */
public final class ScaledJobDecider {

    private ScaledJobDecider() {
    }

    public static ScaledJobDecision decide(ScaledJobSpec spec, int running, int pending, List<TriggerResult> results) {
        int max = spec.effectiveMaxReplicaCount();
        int min = spec.effectiveMinReplicaCount();
        if (spec.paused()) return new ScaledJobDecision(0, false, "paused (annotation): create 0");
        List<TriggerResult> active = results.stream().filter(TriggerResult::active).toList();
        boolean isActive = !active.isEmpty() || min > 0;
        if (running < min) {
            int create = min - running;
            return new ScaledJobDecision(create, isActive,
                    "running " + running + " < minReplicaCount " + min + ": create " + create);
        }
        if (active.isEmpty()) return new ScaledJobDecision(0, isActive, "no trigger active: create 0");

        double queueLength;
        double maxValue;
        ScalingStrategy.Calculation calculation = spec.scalingStrategy().multipleScalersCalculation();
        switch (calculation) {
            case MIN -> {
                TriggerResult smallest =
                        active.stream().min((a, b) -> Double.compare(value(a), value(b))).orElseThrow();
                queueLength = value(smallest);
                maxValue = maxValue(smallest, max);
            }
            case AVG, SUM -> {
                queueLength = active.stream().mapToDouble(ScaledJobDecider::value).sum();
                maxValue = active.stream().mapToDouble(r -> maxValue(r, max)).sum();
                if (calculation == ScalingStrategy.Calculation.AVG) {
                    queueLength /= active.size();
                    maxValue /= active.size();
                }
            }
            default -> {
                TriggerResult largest = active.stream().max((a, b) -> Double.compare(value(a), value(b))).orElseThrow();
                queueLength = value(largest);
                maxValue = maxValue(largest, max);
            }
        }
        int scaleTo = (int) Math.ceil(queueLength);
        int maxScale = (int) Math.ceil(Math.min(maxValue, max));
        int r = running - min;
        int effective;
        String how;
        ScalingStrategy strategy = spec.scalingStrategy();
        ScalingStrategy.Strategy kind = strategy.strategy();
        if (kind == ScalingStrategy.Strategy.CUSTOM && strategy.customScalingRunningJobPercentage() == null) {
            kind = ScalingStrategy.Strategy.DEFAULT;
        }
        switch (kind) {
            case CUSTOM -> {
                effective = Math.min(maxScale - strategy.customScalingQueueLengthDeduction()
                        - (int) (r * strategy.customScalingRunningJobPercentage()), max);
                how = "custom";
            }
            case ACCURATE -> {
                effective = maxScale + r - pending > max ? max - r : maxScale - pending;
                how = "accurate";
            }
            case EAGER -> {
                effective = Math.min(max - r - pending, maxScale);
                scaleTo = max;
                how = "eager";
            }
            default -> {
                effective = maxScale - r;
                how = "default";
            }
        }
        int create = effective > 0 ? Math.min(scaleTo, effective) : 0;
        String bound = max == spec.maxReplicaCount() ? "" : ", effective maxReplicaCount " + max;
        return new ScaledJobDecision(create, true, "queue " + ScaledObjectDecider.format(queueLength)
                + ", running " + running + ", pending " + pending + " (" + how + " strategy" + bound + "): create "
                + create);
    }

    private static double value(TriggerResult result) {
        return result.value().orElse(0);
    }

    private static double maxValue(TriggerResult result, int maxReplicaCount) {
        return Math.min(value(result) / result.target(), maxReplicaCount);
    }
}
