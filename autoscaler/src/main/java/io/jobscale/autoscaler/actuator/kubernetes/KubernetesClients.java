package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The client the autoscaler uses: in a pod, the service account (fabric8's auto-configuration reads it), outside,
 * the kubeconfig; the namespace from the settings, else the pod's own, else the kubeconfig's current one.
 */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    public static KubernetesClient create(KubernetesSettings settings) {
        Config config = Config.autoConfigure(null);
        settings.namespace().ifPresent(config::setNamespace);
        config.setRequestTimeout(10_000);
        config.setConnectionTimeout(5_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
