package io.jobscale.autoscaler.actuator.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.autoscaler.config.EnvSource;
import io.jobscale.db.store.QueuedJob;
import io.jobscale.db.store.ServerLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Role in {@code k8s/base/rbac.yaml} grants exactly what the Kubernetes backend calls: every operation of
 * DeploymentScaler, GracePeriodCheck, ContainerEnvResolver and KubernetesJobLauncher runs against the mock API server, each request is
 * turned into the (API group, resource, verb) the API server would authorize, and the set must equal the Role's.
 */
class RbacTest {

    private static final Path RBAC = Path.of("..", "k8s", "base", "rbac.yaml");
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void theRoleGrantsExactlyWhatTheKubernetesBackendCalls() throws Exception {
        client.apps().deployments().resource(new DeploymentBuilder().withNewMetadata().withName("workers").endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "workers").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "workers").endMetadata().withNewSpec()
                .addNewContainer().withName("worker").withImage("jobscale").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        client.apps().statefulSets().resource(new StatefulSetBuilder().withNewMetadata().withName("set").endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "set").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "set").endMetadata().withNewSpec()
                .addNewContainer().withName("worker").withImage("jobscale").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        for (String pod : List.of("workers-a", "workers-b")) {
            client.pods().resource(new PodBuilder().withNewMetadata().withName(pod).addToLabels("app", "workers")
                    .endMetadata().withNewStatus().withPhase("Running").endStatus().build()).create();
        }
        client.apps().deployments().resource(new DeploymentBuilder().withNewMetadata().withName("with-env")
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("worker")
                .addNewEnvFrom().withNewConfigMapRef("settings", false).endEnvFrom()
                .addNewEnvFrom().withNewSecretRef("credentials", false).endEnvFrom()
                .addNewEnv().withName("HOST").withNewValueFrom().withNewConfigMapKeyRef("host", "settings", false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom()
                .withNewSecretKeyRef("password", "credentials", false).endValueFrom().endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("host", "redis").build()).create();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("credentials").endMetadata()
                .addToData("password", "cHc=").build()).create();
        Set<String> used = new TreeSet<>();
        drain(used);
        used.clear();   // setup is not the backend's doing

        DeploymentScaler scaler = new DeploymentScaler(client, () -> List.of(
                new ServerLoad("1", "workers-a/1", 4, 1, Instant.now(), Instant.now())), 10);
        ScaleTarget workers = new ScaleTarget(null, null, "workers");
        scaler.current(workers);
        scaler.scaleTo(workers, 2);
        scaler.scaleTo(workers, 1);   // annotates the pods' deletion cost first
        ScaleTarget set = new ScaleTarget("apps/v1", "StatefulSet", "set");
        scaler.current(set);
        scaler.scaleTo(set, 1);
        GracePeriodCheck.check(client, "workers", Duration.ofSeconds(10));
        ContainerEnvResolver environment = new ContainerEnvResolver(client);
        environment.resolve(new EnvSource("ScaledObject a", "Deployment", "with-env", null, null));
        environment.resolve(new EnvSource("ScaledObject b", "StatefulSet", "set", null, null));

        KubernetesJobLauncher launcher = new KubernetesJobLauncher(client);
        JsonNode template = new ObjectMapper().readTree("""
                {"template": {"spec": {"containers": [{"name": "run-one", "image": "jobscale", "args": ["run-one"]}]}}}
                """);
        List<QueuedJob> queued = List.of(new QueuedJob("00000000-0000-0000-0000-000000000001", 1));
        launcher.launch("runner", template, queued);
        launcher.count("runner");
        launcher.jobIdsInFlight("runner");
        drain(used);
        finish(client.batch().v1().jobs().list().getItems().get(0));
        drain(new TreeSet<>());   // the Job controller's status update, not ours
        launcher.launch("runner", template, queued);   // replaces the finished Job of a still queued attempt
        drain(used);
        finish(client.batch().v1().jobs().list().getItems().get(0));
        drain(new TreeSet<>());
        launcher.pruneHistory("runner", 0, 0);
        drain(used);

        assertThat(used).isEqualTo(granted());
    }

    /** "group resource verb" for every rule of the Role. */
    @SuppressWarnings("unchecked")
    private static Set<String> granted() throws Exception {
        Set<String> granted = new TreeSet<>();
        for (Object document : new Yaml().loadAll(Files.readString(RBAC))) {
            Map<String, Object> object = (Map<String, Object>) document;
            if (!"Role".equals(object.get("kind"))) continue;
            for (Object item : (List<Object>) object.get("rules")) {
                Map<String, List<String>> rule = (Map<String, List<String>>) item;
                for (String group : rule.get("apiGroups")) {
                    for (String resource : rule.get("resources")) {
                        for (String verb : rule.get("verbs")) granted.add(group + " " + resource + " " + verb);
                    }
                }
            }
        }
        return granted;
    }

    private void drain(Set<String> into) throws InterruptedException {
        RecordedRequest request;
        while ((request = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            into.add(authorization(request.getMethod(), request.getPath()));
        }
    }

    /** As the API server authorizes it: /api/v1 or /apis/group/version, then namespaces/ns/resource[/name[/sub]]. */
    static String authorization(String method, String url) {
        String path = url.split("\\?")[0];
        boolean watch = url.contains("watch=true");
        String[] parts = path.substring(1).split("/");
        String group = parts[0].equals("api") ? "" : parts[1];
        int namespaced = parts[0].equals("api") ? 2 : 3;
        String resource = parts[namespaced + 2];
        boolean named = parts.length > namespaced + 3;
        if (parts.length > namespaced + 4) resource += "/" + parts[namespaced + 4];
        String verb = switch (method) {
            case "GET" -> named ? "get" : watch ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method;
        };
        return group + " " + resource + " " + verb;
    }

    private void finish(Job job) {
        String now = Instant.now().toString();
        job.setStatus(new JobStatusBuilder().withCompletionTime(now).withConditions(new JobConditionBuilder()
                .withType("Complete").withStatus("True").withLastTransitionTime(now).build()).build());
        client.batch().v1().jobs().resource(job).updateStatus();
    }
}
