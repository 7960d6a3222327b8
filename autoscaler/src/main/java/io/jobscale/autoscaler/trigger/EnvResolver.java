package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.EnvSource;

/**
 * Finds the environment a trigger's {@code xFromEnv} fields are looked up in (docs/autoscaler.md, "Environment
 * variables"): the autoscaler's own with the local backend ({@link ProcessEnvResolver}), the scale target's container
 * with the Kubernetes backend ({@code ContainerEnvResolver}).
 */
public interface EnvResolver {

    /**
     * The variables of {@code source}'s environment; {@code source} is null for a trigger built in code.
     *
     * @throws TriggerException when they cannot be read now (the target, its container or a ConfigMap/Secret it
     *                          needs is missing, or the API cannot be reached); the message names what is missing
     */
    TriggerEnvironment resolve(EnvSource source) throws TriggerException;

    /**
     * Whether the answer can change while the autoscaler runs. If so, a trigger that reads the environment resolves
     * it again at every read and is rebuilt when a value it uses changed; if not, once when it is created.
     */
    boolean changes();
}
