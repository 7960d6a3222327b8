package io.jobscale.autoscaler.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A KEDA {@code ScaledJob}: one Kubernetes Job (or local run-one process) per queued job, with KEDA's defaults.
 *
 * @param pollingInterval            default 30
 * @param successfulJobsHistoryLimit default 100
 * @param failedJobsHistoryLimit     default 100
 * @param minReplicaCount            default 0
 * @param maxReplicaCount            default 100
 * @param jobTargetRef               the batch/v1 JobSpec the Jobs are made from (as written)
 */
public record ScaledJobSpec(String name, int pollingInterval, int successfulJobsHistoryLimit, int failedJobsHistoryLimit,
                            int minReplicaCount, int maxReplicaCount, ScalingStrategy scalingStrategy, JsonNode jobTargetRef,
                            List<TriggerSpec> triggers) {

    public ScaledJobSpec {
        triggers = List.copyOf(triggers);
    }
}
