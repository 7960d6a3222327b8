package io.jobscale.autoscaler.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A KEDA {@code ScaledJob}: one Kubernetes Job (or local run-one process) per queued job, with KEDA's defaults.
 *
 * @param pollingInterval            default {@value #DEFAULT_POLLING_INTERVAL}
 * @param successfulJobsHistoryLimit default {@value #DEFAULT_JOBS_HISTORY_LIMIT}
 * @param failedJobsHistoryLimit     default {@value #DEFAULT_JOBS_HISTORY_LIMIT}
 * @param minReplicaCount            the field as written, default {@value #DEFAULT_MIN_REPLICA_COUNT}
 * @param maxReplicaCount            the field as written, default {@value #DEFAULT_MAX_REPLICA_COUNT}
 * @param maxReplicaCountSet         whether {@code maxReplicaCount} was written (KEDA's effective maximum
 *                                   depends on it)
 * @param jobTargetRef               the batch/v1 JobSpec the Jobs are made from (as written)
 * @param annotations                {@code metadata.annotations} ({@code autoscaling.keda.sh/paused})
 */
public record ScaledJobSpec(String name, int pollingInterval, int successfulJobsHistoryLimit,
                            int failedJobsHistoryLimit, int minReplicaCount, int maxReplicaCount,
                            boolean maxReplicaCountSet, ScalingStrategy scalingStrategy, JsonNode jobTargetRef,
                            List<TriggerSpec> triggers, Map<String, String> annotations) {

    /** KEDA's defaults for the fields left out, in seconds, Jobs or replicas. */
    public static final int DEFAULT_POLLING_INTERVAL = 30;
    public static final int DEFAULT_JOBS_HISTORY_LIMIT = 100;
    public static final int DEFAULT_MIN_REPLICA_COUNT = 0;
    public static final int DEFAULT_MAX_REPLICA_COUNT = 100;

    public ScaledJobSpec {
        triggers = List.copyOf(triggers);
        annotations = Map.copyOf(annotations);
    }

    /** A ScaledJob with both counts written and no annotations. */
    public ScaledJobSpec(String name, int pollingInterval, int successfulJobsHistoryLimit,
                         int failedJobsHistoryLimit, int minReplicaCount, int maxReplicaCount,
                         ScalingStrategy scalingStrategy, JsonNode jobTargetRef, List<TriggerSpec> triggers) {
        this(name, pollingInterval, successfulJobsHistoryLimit, failedJobsHistoryLimit, minReplicaCount,
                maxReplicaCount, true, scalingStrategy, jobTargetRef, triggers, Map.of());
    }

    /**
     * KEDA's {@code ScaledJob.MinReplicaCount()}: the field, but never above a written {@code maxReplicaCount}.
     */
    public int effectiveMinReplicaCount() {
        return maxReplicaCountSet && minReplicaCount > maxReplicaCount ? maxReplicaCount : minReplicaCount;
    }

    /**
     * KEDA's {@code ScaledJob.MaxReplicaCount()}, which every ScaledJob formula uses: {@code maxReplicaCount −
     * minReplicaCount} when the maximum is written (just {@code maxReplicaCount} when the minimum is above it), and
     * 100 when it is not written, whatever the minimum.
     */
    public int effectiveMaxReplicaCount() {
        if (!maxReplicaCountSet) return maxReplicaCount;
        return minReplicaCount > maxReplicaCount ? maxReplicaCount : maxReplicaCount - minReplicaCount;
    }

    /** {@code autoscaling.keda.sh/paused}: true, or any value that is not a boolean, pauses (as KEDA). */
    public boolean paused() {
        String value = annotations.get(ScaledObjectSpec.PAUSED);
        return value != null && !value.equalsIgnoreCase("false") && !value.equalsIgnoreCase("f") && !value.equals("0");
    }
}
