package io.jobscale.dashboard;

import io.jobscale.autoscaler.actuator.kubernetes.KubernetesSettings;
import io.jobscale.settings.Settings;

/**
 * What the autoscaler really scales, for the page to say so: a ScaledObject's target names a Deployment either way,
 * but the local backend starts worker processes on this machine instead.
 *
 * @param backend {@code local} or {@code kubernetes}
 */
record AutoscalerBackend(String backend) {

    /** Decided from the same setting, and by the same rule, as the web process chooses its backend. */
    static AutoscalerBackend from(Settings settings) {
        return new AutoscalerBackend(KubernetesSettings.from(settings).enabled() ? "kubernetes" : "local");
    }
}
