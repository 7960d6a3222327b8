package io.jobscale.autoscaler.actuator.kubernetes;

import io.jobscale.settings.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * @param enabled   {@code JOBSCALE_AUTOSCALER_BACKEND} is {@code kubernetes} (else {@code local}: worker processes on
 *                  this machine); default: kubernetes when running in a pod (service account token present)
 * @param namespace {@code JOBSCALE_K8S_NAMESPACE}: default the pod's own namespace, else the kubeconfig's
 */
public record KubernetesSettings(boolean enabled, Optional<String> namespace) {

    public static final String BACKEND = "JOBSCALE_AUTOSCALER_BACKEND";
    public static final String NAMESPACE = "JOBSCALE_K8S_NAMESPACE";
    public static final List<String> KEYS = List.of(BACKEND, NAMESPACE);
    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    public static KubernetesSettings from(Settings settings) {
        String backend =
                settings.string(BACKEND, Files.exists(SERVICE_ACCOUNT.resolve("token")) ? "kubernetes" : "local");
        if (!backend.equals("local") && !backend.equals("kubernetes")) {
            throw new io.jobscale.settings.InvalidSettingException(BACKEND, backend, "must be local or kubernetes");
        }
        return new KubernetesSettings(backend.equals("kubernetes"), settings.optional(NAMESPACE));
    }
}
