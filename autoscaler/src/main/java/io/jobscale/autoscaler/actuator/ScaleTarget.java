package io.jobscale.autoscaler.actuator;

/**
 * What a ScaledObject scales ({@code spec.scaleTargetRef}): a Deployment by default, a StatefulSet or any resource
 * with a scale subresource, or a named group of local worker processes.
 *
 * @param apiVersion default {@code apps/v1}
 * @param kind       default {@code Deployment}
 * @param name       required
 */
public record ScaleTarget(String apiVersion, String kind, String name) {

    public ScaleTarget {
        apiVersion = apiVersion == null || apiVersion.isBlank() ? "apps/v1" : apiVersion;
        kind = kind == null || kind.isBlank() ? "Deployment" : kind;
        if (name == null || name.isBlank()) throw new IllegalArgumentException("scaleTargetRef.name is required");
    }
}
