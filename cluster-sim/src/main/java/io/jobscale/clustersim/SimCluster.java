package io.jobscale.clustersim;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jobscale.cli.worker.WorkerHttpSettings;
import io.jobscale.example.ExampleSettings;
import io.jobscale.web.WebSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-node cluster on this machine: fabric8's mock API server in CRUD mode with the manifests applied, the
 * Deployment/ReplicaSet controller, the Job controller and the kubelet reconciling every {@link #TICK}, each pod a
 * real process of this checkout's launcher. Run directory: {@code cluster.log} (controller events) and
 * {@code pods/<pod>/} (logs, volumes).
 */
final class SimCluster implements AutoCloseable {

    /** How often the controllers and the kubelet look at the API. */
    static final Duration TICK = Duration.ofMillis(500);
    /** The image our manifests name; its pods run this checkout's {@code bin/jobscale}. */
    static final String IMAGE = "jobscale/jobscale";
    /** Kinds applied to the API; the rest (RBAC, the PostgreSQL StatefulSet, KEDA objects) is not simulated. */
    private static final Set<String> APPLIED = Set.of("ConfigMap", "Secret", "Service", "ServiceAccount", "Deployment");
    /** Container ports of our image and the settings that move them (pods share this machine's network). */
    private static final Map<Integer, String> PORT_SETTINGS =
            Map.of(8000, WebSettings.PORT, 8080, ExampleSettings.PORT, 8081, WorkerHttpSettings.PORT);

    private final MockKubernetesApi api;
    private final ClusterLog log;
    private final DeploymentController deployments;
    private final JobController jobs;
    private final Kubelet kubelet;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

    SimCluster(Path checkout, Manifests manifests, Path runDir, Clock clock) {
        try {
            Files.createDirectories(runDir);
            Files.deleteIfExists(runDir.resolve("cluster.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        api = new MockKubernetesApi();
        log = new ClusterLog(clock, runDir.resolve("cluster.log"));
        try {
            api.apply(manifests.objects().stream().filter(o -> APPLIED.contains(String.valueOf(o.get("kind"))))
                    .toList());
        } catch (Exception e) {
            throw new IllegalStateException("applying the manifests: " + e.getMessage(), e);
        }
        PodNames names = new PodNames(new Random());
        deployments = new DeploymentController(api.client(), clock, names, log);
        jobs = new JobController(api.client(), clock, names, log);
        kubelet = new Kubelet(api.client(), manifests, ContainerImage.fromDockerfile(checkout), IMAGE,
                runDir.resolve("pods"), PORT_SETTINGS, api.clientEnvironment(runDir.resolve("kubeconfig")), clock, log);
    }

    SimCluster start() {
        loop.scheduleWithFixedDelay(this::reconcile, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void reconcile() {
        try {
            deployments.reconcile();
            jobs.reconcile();
            kubelet.sync();
        } catch (RuntimeException e) {
            log.event("cluster", "reconcile failed, retried next tick: " + e);
        }
    }

    KubernetesClient client() {
        return api.client();
    }

    ClusterLog log() {
        return log;
    }

    Kubelet kubelet() {
        return kubelet;
    }

    /** Whether {@code deployment} has a ready pod. */
    boolean ready(String deployment) {
        var status = client().apps().deployments().withName(deployment).get().getStatus();
        return status != null && status.getReadyReplicas() != null && status.getReadyReplicas() > 0;
    }

    /** The names of {@code deployment}'s pods, finished ones included. */
    List<String> pods(String deployment) {
        return client().pods().withLabels(client().apps().deployments().withName(deployment).get().getSpec()
                .getSelector().getMatchLabels()).list().getItems().stream().map(p -> p.getMetadata().getName())
                .toList();
    }

    /** Stops the controllers, then every pod's process (SIGTERM, grace period, SIGKILL), then the API server. */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kubelet.close();
        api.close();
    }
}
