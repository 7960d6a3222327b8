package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.ConfigException;

/**
 * An {@code xFromEnv} field names a variable its environment does not have. A config error with the local backend;
 * with the Kubernetes backend the container's environment can still change, so it is a trigger error at run time.
 */
final class MissingVariableException extends ConfigException {

    MissingVariableException(String message) {
        super(message);
    }
}
