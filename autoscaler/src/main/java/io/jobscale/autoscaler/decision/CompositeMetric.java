package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.config.ScalingModifiers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scalingModifiers}: the triggers' readings become one reading, the formula's value over the triggers' names,
 * with the modifiers' target, activation target and metric type; it then decides alone, as in KEDA. When a trigger
 * failed, the composite fails with its error (so {@code fallback} and the no-scale-down rule apply to it).
 */
final class CompositeMetric {

    private CompositeMetric() {
    }

    /** {@code results} unchanged without {@code scalingModifiers}, else the one composite reading. */
    static List<TriggerResult> of(ScaledObjectSpec spec, List<TriggerResult> results) {
        if (spec.scalingModifiers().isEmpty()) return results;
        ScalingModifiers modifiers = spec.scalingModifiers().get();
        Map<String, Double> values = new HashMap<>();
        String error = null;
        for (int i = 0; i < results.size() && error == null; i++) {
            TriggerResult result = results.get(i);
            String name = spec.triggers().get(i).name();
            if (result.failed()) {
                error = "trigger " + name + " failed: " + result.error();
            } else {
                values.put(name, result.value().getAsDouble());
            }
        }
        if (error == null) {
            try {
                return List.of(TriggerResult.of(ScalingModifiers.METRIC, modifiers.metricType(), modifiers.target(),
                        modifiers.activationTarget(), modifiers.formula().evaluate(values)));
            } catch (IllegalStateException e) {
                error = e.getMessage();
            }
        }
        return List.of(TriggerResult.failed(ScalingModifiers.METRIC, modifiers.metricType(), modifiers.target(),
                modifiers.activationTarget(), error));
    }
}
