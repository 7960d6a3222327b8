package io.jobscale.autoscaler.config;

import io.jobscale.autoscaler.actuator.ScaleTarget;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A KEDA {@code ScaledObject} (keda.sh/v1alpha1), with KEDA's defaults.
 *
 * @param pollingInterval       seconds between polls, default {@value #DEFAULT_POLLING_INTERVAL}
 * @param cooldownPeriod        seconds after the last active poll before scaling to zero (or idle), default
 *                              {@value #DEFAULT_COOLDOWN_PERIOD}
 * @param initialCooldownPeriod seconds after creation before the first scale to zero, default
 *                              {@value #DEFAULT_INITIAL_COOLDOWN_PERIOD}
 * @param minReplicaCount       default {@value #DEFAULT_MIN_REPLICA_COUNT}
 * @param maxReplicaCount       default {@value #DEFAULT_MAX_REPLICA_COUNT}
 * @param idleReplicaCount      replicas while no trigger is active, default unset
 * @param fallback              default unset
 * @param scaleUp               {@code advanced.horizontalPodAutoscalerConfig.behavior.scaleUp}, HPA defaults
 * @param scaleDown             {@code advanced.horizontalPodAutoscalerConfig.behavior.scaleDown}, HPA defaults
 * @param annotations           {@code metadata.annotations} (paused, paused-replicas, paused-scale-in/out,
 *                              force-activation, jobscale's drain-timeout)
 * @param scalingModifiers      {@code advanced.scalingModifiers}, default unset
 */
public record ScaledObjectSpec(String name, ScaleTarget target, int pollingInterval, int cooldownPeriod,
                               int initialCooldownPeriod, int minReplicaCount, int maxReplicaCount,
                               Optional<Integer> idleReplicaCount, Optional<Fallback> fallback, ScalingRules scaleUp,
                               ScalingRules scaleDown, Map<String, String> annotations, List<TriggerSpec> triggers,
                               Optional<ScalingModifiers> scalingModifiers) {

    /** KEDA's defaults for the fields left out, in seconds or replicas. */
    public static final int DEFAULT_POLLING_INTERVAL = 30;
    public static final int DEFAULT_COOLDOWN_PERIOD = 300;
    public static final int DEFAULT_INITIAL_COOLDOWN_PERIOD = 0;
    public static final int DEFAULT_MIN_REPLICA_COUNT = 0;
    public static final int DEFAULT_MAX_REPLICA_COUNT = 100;

    public static final String PAUSED = "autoscaling.keda.sh/paused";
    public static final String PAUSED_REPLICAS = "autoscaling.keda.sh/paused-replicas";
    public static final String PAUSED_SCALE_IN = "autoscaling.keda.sh/paused-scale-in";
    public static final String PAUSED_SCALE_OUT = "autoscaling.keda.sh/paused-scale-out";
    public static final String FORCE_ACTIVATION = "autoscaling.keda.sh/force-activation";
    /**
     * jobscale's own annotation (KEDA ignores it): drain the workers a scale-down removes first, waiting up to this
     * long for their running jobs ({@link DrainTimeout}). Absent: scale down at once.
     */
    public static final String DRAIN_TIMEOUT = "autoscaling.jobscale.io/drain-timeout";

    public ScaledObjectSpec {
        annotations = Map.copyOf(annotations);
        triggers = List.copyOf(triggers);
        scalingModifiers = scalingModifiers == null ? Optional.empty() : scalingModifiers;
    }

    /** A ScaledObject without {@code scalingModifiers}. */
    public ScaledObjectSpec(String name, ScaleTarget target, int pollingInterval, int cooldownPeriod,
                            int initialCooldownPeriod, int minReplicaCount, int maxReplicaCount,
                            Optional<Integer> idleReplicaCount, Optional<Fallback> fallback, ScalingRules scaleUp,
                            ScalingRules scaleDown, Map<String, String> annotations, List<TriggerSpec> triggers) {
        this(name, target, pollingInterval, cooldownPeriod, initialCooldownPeriod, minReplicaCount, maxReplicaCount,
                idleReplicaCount, fallback, scaleUp, scaleDown, annotations, triggers, Optional.empty());
    }

    /** The {@link #DRAIN_TIMEOUT} annotation; empty when absent. */
    public Optional<Duration> drainTimeout() {
        return DrainTimeout.parse(annotations.get(DRAIN_TIMEOUT));
    }

    public boolean annotation(String key) {
        return "true".equalsIgnoreCase(annotations.get(key));
    }
}
