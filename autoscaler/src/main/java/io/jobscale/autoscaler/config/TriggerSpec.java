package io.jobscale.autoscaler.config;

import java.util.Map;

/**
 * One entry of a ScaledObject's or ScaledJob's {@code spec.triggers}, as KEDA writes it.
 *
 * @param type           trigger type: {@code jobscale}, {@code metrics-api}, {@code redis}, {@code postgresql}
 * @param name           optional trigger name (KEDA's {@code name}); may be null
 * @param metricType     KEDA's {@code metricType}, default {@link MetricType#AVERAGE_VALUE}
 * @param metadata       the trigger's {@code metadata} map, values as strings
 * @param authentication resolved authentication parameters (from a TriggerAuthentication or the environment),
 *                       may be empty
 * @param locations      where each metadata field is in the config ("ScaledJob x: spec.triggers[0].metadata.host
 *                       (line 12)"), for error messages; may be empty
 * @param envSource      the scale target whose container's environment {@code xFromEnv} fields read (Kubernetes
 *                       backend); null when built in code
 */
public record TriggerSpec(String type, String name, MetricType metricType, Map<String, String> metadata,
                          Map<String, String> authentication, Map<String, String> locations, EnvSource envSource) {

    public TriggerSpec {
        metadata = Map.copyOf(metadata);
        authentication = authentication == null ? Map.of() : Map.copyOf(authentication);
        locations = locations == null ? Map.of() : Map.copyOf(locations);
        metricType = metricType == null ? MetricType.AVERAGE_VALUE : metricType;
    }

    /** A trigger of no scale target (built in code). */
    public TriggerSpec(String type, String name, MetricType metricType, Map<String, String> metadata,
                       Map<String, String> authentication, Map<String, String> locations) {
        this(type, name, metricType, metadata, authentication, locations, null);
    }

    /** A trigger whose config location is unknown (built in code). */
    public TriggerSpec(String type, String name, MetricType metricType, Map<String, String> metadata,
                       Map<String, String> authentication) {
        this(type, name, metricType, metadata, authentication, Map.of(), null);
    }
}
