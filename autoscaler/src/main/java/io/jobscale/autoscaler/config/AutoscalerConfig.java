package io.jobscale.autoscaler.config;

import java.util.List;

/** Everything one autoscaler config file declares, plus warnings (unknown fields) found while reading it. */
public record AutoscalerConfig(List<ScaledObjectSpec> scaledObjects, List<ScaledJobSpec> scaledJobs,
                               List<String> warnings) {

    public AutoscalerConfig {
        scaledObjects = List.copyOf(scaledObjects);
        scaledJobs = List.copyOf(scaledJobs);
        warnings = List.copyOf(warnings);
    }
}
