package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.EnvSource;

import java.util.Map;

/** The local backend's environment for {@code xFromEnv}: the autoscaler process's own, whatever the scale target. */
public final class ProcessEnvResolver implements EnvResolver {

    private final TriggerEnvironment environment;

    /** {@code environment} is usually {@code System.getenv()}. */
    public ProcessEnvResolver(Map<String, String> environment) {
        this.environment = new TriggerEnvironment(environment, "the autoscaler's environment");
    }

    @Override
    public TriggerEnvironment resolve(EnvSource source) {
        return environment;
    }

    @Override
    public boolean changes() {
        return false;
    }
}
