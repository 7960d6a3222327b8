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
        // fabric8 would otherwise retry 5xx up to 10 times with growing back-off (minutes) inside one call and stall
        // the poll loop; Retry does a few quick attempts and leaves the rest to the next poll.
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
