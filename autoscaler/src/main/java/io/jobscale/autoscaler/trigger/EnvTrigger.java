package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.config.TriggerSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A trigger whose {@code xFromEnv} fields read an environment that can change while the autoscaler runs (the scale
 * target's container, with ConfigMaps and Secrets). Each read resolves the environment again and rebuilds the trigger
 * when a variable it uses changed, so editing a ConfigMap takes effect at the next poll, as a restart of the target's
 * pods would. While a variable is missing or the environment cannot be read, each read fails with that message.
 */
final class EnvTrigger implements Trigger {

    private final TriggerSpec spec;
    private final List<String> variables;
    private final EnvResolver resolver;
    private final BiFunction<TriggerSpec, TriggerEnvironment, Trigger> factory;
    private Trigger delegate;
    private Map<String, String> builtWith;

    /**
     * Builds the trigger now if the environment can be read and has its variables, so a config error that does not
     * depend on them is still reported at start.
     */
    EnvTrigger(TriggerSpec spec, List<String> variables, EnvResolver resolver,
               BiFunction<TriggerSpec, TriggerEnvironment, Trigger> factory) {
        this.spec = spec;
        this.variables = variables;
        this.resolver = resolver;
        this.factory = factory;
        try {
            refresh();
        } catch (TriggerException | MissingVariableException e) {
            // reported by the first read, and by every read until it is fixed
        }
    }

    @Override
    public synchronized TriggerReading read() throws TriggerException {
        try {
            refresh();
        } catch (ConfigException e) {
            throw new TriggerException(e.getMessage());
        }
        return delegate.read();
    }

    private synchronized void refresh() throws TriggerException {
        TriggerEnvironment environment = resolver.resolve(spec.envSource());
        Map<String, String> values = new HashMap<>();
        for (String variable : variables) values.put(variable, environment.variables().get(variable));
        if (delegate != null && values.equals(builtWith)) return;
        Trigger rebuilt = factory.apply(spec, environment);
        if (delegate != null) delegate.close();
        delegate = rebuilt;
        builtWith = values;
    }

    // Until the trigger could be built once, its name is the trigger's name (or type) and its targets read 0: the
    // readings then carry only the error.

    @Override
    public synchronized String metricName() {
        return delegate != null ? delegate.metricName() : spec.name() != null ? spec.name() : spec.type();
    }

    @Override
    public MetricType metricType() {
        return spec.metricType();
    }

    @Override
    public synchronized double targetValue() {
        return delegate != null ? delegate.targetValue() : 0;
    }

    @Override
    public synchronized double activationTargetValue() {
        return delegate != null ? delegate.activationTargetValue() : 0;
    }

    @Override
    public synchronized void close() {
        if (delegate != null) delegate.close();
    }
}
