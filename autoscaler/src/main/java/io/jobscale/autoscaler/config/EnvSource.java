package io.jobscale.autoscaler.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whose environment a trigger's {@code xFromEnv} fields are read from. KEDA reads them from one container of the
 * scale target: the ScaledObject's {@code scaleTargetRef} workload, or the pod template of a ScaledJob's
 * {@code jobTargetRef}; the container is {@code envSourceContainerName}, else the first one. With the local backend
 * there is no container and the autoscaler's own environment is used (docs/autoscaler.md, "Environment variables").
 *
 * @param owner         "ScaledObject name" or "ScaledJob name", for error messages
 * @param kind          the workload kind of a ScaledObject's target ({@code Deployment}, {@code StatefulSet}, ...);
 *                      {@code Job} for a ScaledJob
 * @param name          the workload's name (the ScaledJob's own name for a ScaledJob)
 * @param podTemplate   a ScaledJob's {@code jobTargetRef.template}; null for a ScaledObject, whose template is read
 *                      from the API
 * @param containerName {@code envSourceContainerName}; null means the first container
 */
public record EnvSource(String owner, String kind, String name, JsonNode podTemplate, String containerName) {

    /** The {@link #kind()} of a ScaledJob's source. */
    public static final String JOB = "Job";

    /** Whether this is a ScaledJob's source, whose pod template is in the config rather than in the cluster. */
    public boolean scaledJob() {
        return JOB.equals(kind);
    }

    /** The target as messages name it: "Deployment workers" or "the jobTargetRef of ScaledJob runner". */
    public String describe() {
        return scaledJob() ? "the jobTargetRef of " + owner : kind + " " + name;
    }
}
