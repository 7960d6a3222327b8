package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.jobscale.autoscaler.actuator.ActuatorException;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DeploymentScaler against fabric8's mock API server in CRUD mode (with injected failures where noted). */
class DeploymentScalerTest {

    private static final ScaleTarget WORKERS = new ScaleTarget(null, null, "workers");
    private KubernetesMockServer server;
    private KubernetesClient client;
    private final List<ServerLoad> loads = new ArrayList<>();

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        // As KubernetesClients configures it: no hidden retries inside fabric8, jobscale's Retry decides.
        client = server.createClient(b -> b.withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(server.createClient().getConfiguration())
                .withRequestRetryBackoffLimit(0).build()));
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("workers").endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "workers").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "workers").endMetadata()
                .withNewSpec().addNewContainer().withName("worker").withImage("jobscale").endContainer().withTerminationGracePeriodSeconds(30L).endSpec()
                .endTemplate().endSpec().build();
        client.apps().deployments().resource(deployment).create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private DeploymentScaler scaler(int max) {
        return new DeploymentScaler(client, () -> loads, max);
    }

    private void pod(String name, boolean ready) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "workers").endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
        client.pods().resource(pod).create();
    }

    private String cost(String pod) {
        Map<String, String> annotations = client.pods().withName(pod).get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(DeploymentScaler.DELETION_COST);
    }

    @Test
    void scalesZeroToFiveToTwo() throws Exception {
        DeploymentScaler scaler = scaler(10);
        assertThat(scaler.current(WORKERS).desired()).isZero();
        scaler.scaleTo(WORKERS, 5);
        assertThat(client.apps().deployments().withName("workers").get().getSpec().getReplicas()).isEqualTo(5);
        scaler.scaleTo(WORKERS, 2);
        assertThat(client.apps().deployments().withName("workers").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(scaler.current(WORKERS).desired()).isEqualTo(2);
    }

    @Test
    void readyReplicasAreRunningAndReadyPods() throws Exception {
        pod("workers-a", true);
        pod("workers-b", false);
        assertThat(scaler(10).current(WORKERS).ready()).isEqualTo(1);
    }

    @Test
    void beforeAScaleDownIdlePodsGetTheLowestDeletionCost() throws Exception {
        DeploymentScaler scaler = scaler(10);
        scaler.scaleTo(WORKERS, 3);
        for (String name : List.of("workers-a", "workers-b", "workers-c")) pod(name, true);
        loads.add(new ServerLoad("1", "workers-a/1", 4, 4, Instant.now(), Instant.now()));
        loads.add(new ServerLoad("2", "workers-b/1", 4, 0, Instant.now(), Instant.now()));
        loads.add(new ServerLoad("3", "workers-c/1", 4, 2, Instant.now(), Instant.now()));

        scaler.scaleTo(WORKERS, 1);

        assertThat(cost("workers-a")).isEqualTo("4");
        assertThat(cost("workers-b")).isEqualTo("0");
        assertThat(cost("workers-c")).isEqualTo("2");
        assertThat(client.apps().deployments().withName("workers").get().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void aPodThatVanishedOrIsTerminatingDoesNotStopTheScaleDown() throws Exception {
        DeploymentScaler scaler = scaler(10);
        scaler.scaleTo(WORKERS, 3);
        for (String name : List.of("workers-a", "workers-b")) pod(name, true);
        // workers-c is terminating: deleted, held by a finalizer as a pod is held during its grace period.
        client.pods().resource(new PodBuilder().withNewMetadata().withName("workers-c").addToLabels("app", "workers")
                .addToFinalizers("jobscale.test/hold").endMetadata().build()).create();
        client.pods().withName("workers-c").delete();
        assertThat(client.pods().withName("workers-c").get().getMetadata().getDeletionTimestamp()).isNotNull();
        loads.add(new ServerLoad("1", "workers-a/1", 4, 3, Instant.now(), Instant.now()));
        loads.add(new ServerLoad("2", "workers-c/1", 4, 1, Instant.now(), Instant.now()));
        // workers-b is listed, then gone by the time it is annotated (the ReplicaSet or a node drain removed it).
        server.expect().get().withPath("/api/v1/namespaces/test/pods/workers-b")
                .andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}").always();
        server.expect().patch().withPath("/api/v1/namespaces/test/pods/workers-b")
                .andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}").always();

        assertThat(scaler.scaleTo(WORKERS, 1)).isEqualTo(1);

        assertThat(client.apps().deployments().withName("workers").get().getSpec().getReplicas()).isEqualTo(1);
        assertThat(cost("workers-a")).isEqualTo("3");
        assertThat(cost("workers-c")).as("a terminating pod is left alone").isNull();
    }

    @Test
    void aStatefulSetIsScaledDownWithoutDeletionCostsWhichItIgnores() throws Exception {
        client.apps().statefulSets().resource(new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata().withName("stateful-workers").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "workers").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "workers").endMetadata()
                .withNewSpec().addNewContainer().withName("worker").withImage("jobscale").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        pod("workers-a", true);
        loads.add(new ServerLoad("1", "workers-a/1", 4, 3, Instant.now(), Instant.now()));
        ScaleTarget statefulSet = new ScaleTarget(null, "StatefulSet", "stateful-workers");

        assertThat(scaler(10).scaleTo(statefulSet, 1)).isEqualTo(1);

        assertThat(client.apps().statefulSets().withName("stateful-workers").get().getSpec().getReplicas())
                .isEqualTo(1);
        assertThat(cost("workers-a")).isNull();
    }

    @Test
    void scaleUpLeavesDeletionCostsAlone() throws Exception {
        pod("workers-a", true);
        scaler(10).scaleTo(WORKERS, 2);
        assertThat(cost("workers-a")).isNull();
    }

    @Test
    void conflictsAndServerErrorsAreRetriedAndTheFinalStateIsRight() throws Exception {
        server.expect().put().withPath("/apis/apps/v1/namespaces/test/deployments/workers/scale").andReturn(409, "{\"kind\":\"Status\",\"code\":409}").once();
        server.expect().put().withPath("/apis/apps/v1/namespaces/test/deployments/workers/scale").andReturn(500, "{\"kind\":\"Status\",\"code\":500}").once();
        server.expect().get().withPath("/apis/apps/v1/namespaces/test/deployments/workers/scale").andReturn(503, "{\"kind\":\"Status\",\"code\":503}").once();

        scaler(10).scaleTo(WORKERS, 4);

        assertThat(client.apps().deployments().withName("workers").get().getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void persistentFailureIsAnActuatorErrorForTheNextPoll() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/test/deployments/workers/scale").andReturn(500, "{}").always();
        assertThatThrownBy(() -> scaler(10).scaleTo(WORKERS, 4)).isInstanceOf(ActuatorException.class).hasMessageContaining("HTTP 500");
    }

    @Test
    void neverSetsMoreThanMaxReplicas() throws Exception {
        scaler(10).scaleTo(WORKERS, 50);
        assertThat(client.apps().deployments().withName("workers").get().getSpec().getReplicas()).isEqualTo(10);
    }

    @Test
    void gracePeriodShorterThanTheStopAwaitIsReported() {
        assertThat(GracePeriodCheck.check(client, "workers", java.time.Duration.ofSeconds(60))).hasValueSatisfying(w ->
                assertThat(w).contains("terminationGracePeriodSeconds 30").contains("60s"));
        assertThat(GracePeriodCheck.check(client, "workers", java.time.Duration.ofSeconds(10))).isEmpty();
    }
}
