package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.trigger.Trigger;
import io.jobscale.autoscaler.trigger.TriggerException;
import io.jobscale.autoscaler.trigger.TriggerReading;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Triggers whose values the test sets, by the {@code metric} of their metadata. Target and activation come from the
 * spec as the real triggers read them; a metric with no value set reads 0.
 */
final class FakeTriggers implements Function<TriggerSpec, Trigger> {

    private final Map<String, Double> values = new ConcurrentHashMap<>();

    void set(String metric, double value) {
        values.put(metric, value);
    }

    @Override
    public Trigger apply(TriggerSpec spec) {
        String metric = spec.metadata().get("metric");
        double target = Double.parseDouble(spec.metadata().getOrDefault("targetValue", "1"));
        double activation = Double.parseDouble(spec.metadata().getOrDefault("activationTargetValue", "0"));
        return new Trigger() {
            @Override
            public String metricName() {
                return metric;
            }

            @Override
            public MetricType metricType() {
                return spec.metricType();
            }

            @Override
            public double targetValue() {
                return target;
            }

            @Override
            public double activationTargetValue() {
                return activation;
            }

            @Override
            public TriggerReading read() throws TriggerException {
                double value = values.getOrDefault(metric, 0.0);
                return new TriggerReading(value, value > activation);
            }
        };
    }
}
