package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.autoscaler.config.Fallback;
import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.config.ScaledJobSpec;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.config.ScalingRules;
import io.jobscale.autoscaler.config.ScalingStrategy;
import io.jobscale.autoscaler.config.TriggerSpec;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders for decision tables. */
final class Specs {

    private Specs() {
    }

    static ScaledObjectSpec scaledObject(int min, int max, int cooldown) {
        return scaledObject(min, max, cooldown, Optional.empty(), Optional.empty(), ScalingRules.DEFAULT_UP, ScalingRules.DEFAULT_DOWN, Map.of());
    }

    static ScaledObjectSpec scaledObject(int min, int max, int cooldown, Optional<Integer> idle, Optional<Fallback> fallback,
                                         ScalingRules up, ScalingRules down, Map<String, String> annotations) {
        return new ScaledObjectSpec("so", new ScaleTarget(null, null, "workers"), 30, cooldown, 0, min, max, idle, fallback, up, down,
                annotations, List.of(new TriggerSpec("jobscale", null, MetricType.VALUE, Map.of(), Map.of())));
    }

    static ScaledJobSpec scaledJob(int min, int max, ScalingStrategy strategy) {
        return new ScaledJobSpec("sj", 30, 100, 100, min, max, strategy, null, Collections.emptyList());
    }

    static TriggerResult value(double target, double value) {
        return TriggerResult.of("m", MetricType.VALUE, target, 0, value);
    }

    static TriggerResult average(double target, double value) {
        return TriggerResult.of("m", MetricType.AVERAGE_VALUE, target, 0, value);
    }

    static TriggerResult queue(double target, double value) {
        return TriggerResult.of("queue", MetricType.AVERAGE_VALUE, target, 0, value);
    }
}
