package io.jobscale.clustersim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode standing in for the cluster's API server, with our objects applied, so the
 * web pod's autoscaler (Kubernetes backend) and the Job launcher talk to an API that holds our Deployments.
 */
final class MockKubernetesApi implements AutoCloseable {

    static final String NAMESPACE = "jobscale";

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    MockKubernetesApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        // Namespaced like a pod's client: every call without a namespace goes to ours.
        client = server.createClient(b -> b.withConfig(new ConfigBuilder(server.createClient().getConfiguration())
                .withNamespace(NAMESPACE).build()));
    }

    /** Creates each object in our namespace, as {@code kubectl apply -k} would. */
    MockKubernetesApi apply(Iterable<Map<String, Object>> objects) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Map<String, Object> object : objects) {
            client.resource(json.writeValueAsString(object)).inNamespace(NAMESPACE).create();
        }
        return this;
    }

    KubernetesClient client() {
        return client;
    }

    /**
     * What a pod's API client finds in a cluster through its service account, given here as a kubeconfig file naming
     * the mock server and our namespace (the mock speaks plain HTTP and has no service account token to mount).
     *
     * @param kubeconfig where to write the file; the pods' environment points {@code KUBECONFIG} at it
     */
    Map<String, String> clientEnvironment(Path kubeconfig) {
        String kubeconfigYaml = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: cluster-sim
                    cluster: {server: "http://%s:%d"}
                users:
                  - name: cluster-sim
                    user: {}
                contexts:
                  - name: cluster-sim
                    context: {cluster: cluster-sim, user: cluster-sim, namespace: %s}
                current-context: cluster-sim
                """.formatted(server.getHostName(), server.getPort(), NAMESPACE);
        try {
            Files.writeString(kubeconfig, kubeconfigYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Should this machine itself be a pod, its mounted service account must not send a pod to a real cluster.
        return Map.of("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
