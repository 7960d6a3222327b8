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
     * What a pod's API client finds in a cluster through its service account, given here as fabric8's own settings
     * (the mock speaks plain HTTP and has no service account token to mount).
     */
    Map<String, String> clientEnvironment() {
        return Map.of("KUBERNETES_MASTER", "http://" + server.getHostName() + ":" + server.getPort(),
                "KUBERNETES_NAMESPACE", NAMESPACE,
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
