package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.jobscale.autoscaler.actuator.DrainingWorker;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.db.store.ServerLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain side of DeploymentScaler against fabric8's mock API server in CRUD mode: which pods a scale-down removes,
 * how a drain's pods are doing (including pods that vanished), and the scale-down that removes exactly them.
 */
class DeploymentScalerDrainTest {

    private static final ScaleTarget DEPLOYMENT = new ScaleTarget(null, null, "workers");
    private static final ScaleTarget STATEFUL_SET = new ScaleTarget(null, "StatefulSet", "stateful");

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final List<ServerLoad> loads = new ArrayList<>();
    private DeploymentScaler scaler;

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        client.apps().deployments().resource(new DeploymentBuilder().withNewMetadata().withName("workers").endMetadata()
                .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", "workers").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "workers").endMetadata()
                .withNewSpec().addNewContainer().withName("worker").withImage("jobscale").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client.apps().statefulSets().resource(new StatefulSetBuilder()
                .withNewMetadata().withName("stateful").endMetadata()
                .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", "stateful").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "stateful").endMetadata()
                .withNewSpec().addNewContainer().withName("worker").withImage("jobscale").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        scaler = new DeploymentScaler(client, () -> loads, 10);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void aDeploymentDrainsItsLeastOccupiedPodsAndGivesThemTheLowestDeletionCost() throws Exception {
        for (String pod : List.of("workers-a", "workers-b", "workers-c", "workers-d")) pod(pod, "workers");
        server("workers-a", 3, false);
        server("workers-b", 0, false);
        server("workers-c", 1, false);
        server("workers-d", 2, false);

        List<String> drained = scaler.workersToRemove(DEPLOYMENT, 2);
        assertThat(drained).containsExactly("workers-b", "workers-c");

        assertThat(scaler.drainProgress(DEPLOYMENT, drained)).containsExactly(
                new DrainingWorker("workers-b", true, false, 0), new DrainingWorker("workers-c", true, false, 1));
        loads.clear();
        server("workers-a", 3, false);
        server("workers-b", 0, true);
        server("workers-c", 0, true);
        server("workers-d", 2, false);
        assertThat(scaler.drainProgress(DEPLOYMENT, drained)).allMatch(DrainingWorker::idle);

        assertThat(scaler.scaleToRemoving(DEPLOYMENT, 2, drained)).isEqualTo(2);
        assertThat(client.apps().deployments().withName("workers").get().getSpec().getReplicas()).isEqualTo(2);
        String lowest = Integer.toString(DeploymentScaler.DRAINED_DELETION_COST);
        assertThat(cost("workers-b")).isEqualTo(lowest);
        assertThat(cost("workers-c")).isEqualTo(lowest);
        assertThat(cost("workers-a")).isEqualTo("3");
        assertThat(cost("workers-d")).isEqualTo("2");
    }

    @Test
    void vanishedOrTerminatingPodsCountAsGoneAndDoNotStopTheScaleDown() throws Exception {
        for (String pod : List.of("workers-a", "workers-b", "workers-c", "workers-d")) pod(pod, "workers");
        server("workers-a", 3, false);
        server("workers-d", 2, false);
        List<String> drained = scaler.workersToRemove(DEPLOYMENT, 2);
        assertThat(drained).as("pods without a server yet are idle")
                .containsExactlyInAnyOrder("workers-b", "workers-c");

        client.pods().withName("workers-b").delete();
        client.pods().resource(new PodBuilder(client.pods().withName("workers-c").get()).editMetadata()
                .addToFinalizers("jobscale.test/hold").endMetadata().build()).update();
        client.pods().withName("workers-c").delete();
        assertThat(client.pods().withName("workers-c").get().getMetadata().getDeletionTimestamp()).isNotNull();

        assertThat(scaler.drainProgress(DEPLOYMENT, drained))
                .containsExactly(DrainingWorker.gone(drained.get(0)), DrainingWorker.gone(drained.get(1)));
        assertThat(scaler.scaleToRemoving(DEPLOYMENT, 2, drained)).isEqualTo(2);
        assertThat(client.apps().deployments().withName("workers").get().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aStatefulSetDrainsItsHighestOrdinalsWhateverTheirLoad() throws Exception {
        for (int i = 0; i < 4; i++) pod("stateful-" + i, "stateful");
        server("stateful-0", 0, false);
        server("stateful-1", 0, false);
        server("stateful-2", 1, false);
        server("stateful-3", 4, false);

        List<String> drained = scaler.workersToRemove(STATEFUL_SET, 2);
        assertThat(drained).containsExactly("stateful-3", "stateful-2");
        assertThat(scaler.drainProgress(STATEFUL_SET, drained)).noneMatch(DrainingWorker::idle);

        assertThat(scaler.scaleToRemoving(STATEFUL_SET, 2, drained)).isEqualTo(2);
        assertThat(client.apps().statefulSets().withName("stateful").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(cost("stateful-3")).as("a StatefulSet ignores deletion costs: none set").isNull();
    }

    @Test
    void aStatefulSetWithAVanishedHighOrdinalDrainsThoseThatExist() throws Exception {
        for (int i = 0; i < 3; i++) pod("stateful-" + i, "stateful");   // stateful-3 is already gone
        assertThat(scaler.workersToRemove(STATEFUL_SET, 2)).containsExactly("stateful-2");
    }

    private void pod(String name, String app) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
                .withNewStatus().withPhase("Running").endStatus().build();
        client.pods().resource(pod).create();
    }

    private void server(String pod, int busy, boolean draining) {
        loads.add(new ServerLoad(pod, pod + "/1", 4, busy, Instant.now(), Instant.now(), draining));
    }

    private String cost(String pod) {
        Map<String, String> annotations = client.pods().withName(pod).get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(DeploymentScaler.DELETION_COST);
    }
}
