package io.jobscale.autoscaler.trigger;

import java.util.Map;

/**
 * Resolved environment variables and where they came from.
 *
 * @param variables name to value
 * @param where     for messages: "the autoscaler's environment", "container 'worker' of Deployment workers"
 */
public record TriggerEnvironment(Map<String, String> variables, String where) {

    public TriggerEnvironment {
        variables = Map.copyOf(variables);
    }
}
