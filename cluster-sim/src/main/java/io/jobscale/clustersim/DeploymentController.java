package io.jobscale.clustersim;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Deployment and ReplicaSet controllers in one: keeps as many active pods of each Deployment as its
 * {@code spec.replicas} says (what the autoscaler's scale subresource writes), removing surplus pods in
 * {@link ReplicaSetRanking} order, and reports replicas and ready replicas in the Deployment's status.
 */
final class DeploymentController {

    private final KubernetesClient client;
    private final Clock clock;
    private final PodNames names;
    private final ClusterLog log;

    DeploymentController(KubernetesClient client, Clock clock, PodNames names, ClusterLog log) {
        this.client = client;
        this.clock = clock;
        this.names = names;
        this.log = log;
    }

    void reconcile() {
        for (Deployment deployment : client.apps().deployments().list().getItems()) {
            reconcile(deployment);
        }
    }

    private void reconcile(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        List<Pod> active = client.pods().withLabels(selector).list().getItems().stream()
                .filter(p -> !Pods.finished(p)).toList();
        int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        for (int i = active.size(); i < desired; i++) {
            Pod pod = client.pods().resource(newPod(deployment)).create();
            log.event(name, "created pod " + pod.getMetadata().getName());
        }
        if (active.size() > desired) {
            for (Pod pod : active.stream().sorted(ReplicaSetRanking.FIRST_REMOVED_FIRST)
                    .limit(active.size() - desired).toList()) {
                client.pods().withName(pod.getMetadata().getName()).delete();
                log.event(name, "deleted pod " + pod.getMetadata().getName() + " (scale-down)");
            }
        }
        int ready = (int) active.stream().filter(ReplicaSetRanking::ready).count();
        Integer reportedReady = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        Integer reported = deployment.getStatus() == null ? null : deployment.getStatus().getReplicas();
        int replicas = Math.min(active.size(), desired);
        if (!Objects.equals(reported, replicas) || !Objects.equals(reportedReady, ready)) {
            client.apps().deployments().withName(name).editStatus(d -> {
                d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(replicas)
                        .withReadyReplicas(ready).withAvailableReplicas(ready)
                        .withObservedGeneration(d.getMetadata().getGeneration()).build());
                return d;
            });
        }
        log.replicas(name, desired, active.size());
    }

    private Pod newPod(Deployment deployment) {
        var template = deployment.getSpec().getTemplate();
        Map<String, String> labels = new HashMap<>(Objects.requireNonNullElse(template.getMetadata().getLabels(),
                Map.of()));
        String templateHash = PodNames.templateHash(template);
        labels.put("pod-template-hash", templateHash);
        var spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(template.getSpec())
                .withNodeName(Pods.NODE).build();
        return new PodBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(names.next(deployment.getMetadata().getName() + "-" + templateHash))
                        .withLabels(labels).withAnnotations(template.getMetadata().getAnnotations())
                        .withCreationTimestamp(Pods.timestamp(clock)).build())
                .withSpec(spec)
                .withStatus(new PodStatusBuilder().withPhase("Pending").build())
                .build();
    }
}
