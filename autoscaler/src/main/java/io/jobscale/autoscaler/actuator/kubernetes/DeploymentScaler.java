package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.Replicas;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.metrics.ServerLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Scales a Deployment or StatefulSet through its scale subresource. Before a Deployment's scale-down it sets
 * {@code controller.kubernetes.io/pod-deletion-cost} on the target's pods from the busy workers each pod reports
 * (servers are named {@code <pod name>/<pid>}), so the ReplicaSet removes idle pods first and busy ones last.
 * StatefulSets ignore that annotation (see docs/autoscaler-runtime.md).
 */
public class DeploymentScaler implements ReplicaActuator {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentScaler.class);

    private final KubernetesClient client;
    private final Supplier<List<ServerLoad>> serverLoads;
    private final int maxReplicas;
    private final Set<String> warnedStatefulSets = ConcurrentHashMap.newKeySet();

    /** {@code maxReplicas}: a last guard; no call ever sets more (the decision already respects maxReplicaCount). */
    public DeploymentScaler(KubernetesClient client, Supplier<List<ServerLoad>> serverLoads, int maxReplicas) {
        this.client = client;
        this.serverLoads = serverLoads;
        this.maxReplicas = maxReplicas;
    }

    @Override
    public Replicas current(ScaleTarget target) throws ActuatorException {
        int desired = Retry.call("read scale of " + describe(target), () -> resource(target).scale().getSpec().getReplicas());
        int ready = (int) pods(target).stream().filter(DeploymentScaler::runningAndReady).count();
        return new Replicas(desired, ready);
    }

    @Override
    public int scaleTo(ScaleTarget target, int replicas) throws ActuatorException {
        int bounded = Math.min(replicas, maxReplicas);
        int current = Retry.call("read scale of " + describe(target), () -> resource(target).scale().getSpec().getReplicas());
        if (bounded < current) {
            if (target.kind().equals("StatefulSet")) warnStatefulSetScaleDown(target);
            else setDeletionCosts(target);
        }
        Retry.call("scale " + describe(target) + " to " + bounded, () -> resource(target).scale(bounded));
        LOG.info("Scaled {} from {} to {}", describe(target), current, bounded);
        return bounded;
    }

    /**
     * A StatefulSet removes its highest ordinals first and ignores pod-deletion-cost, so a scale-down cannot spare its
     * busy pods: their running jobs go through the workers' graceful stop (finished or handed back, never lost).
     */
    private void warnStatefulSetScaleDown(ScaleTarget target) {
        if (warnedStatefulSets.add(target.name())) {
            LOG.warn("{}: a StatefulSet ignores {} and removes its highest-numbered pods first, busy or idle; their"
                    + " running jobs are handed back by the workers' graceful stop. Use a Deployment to have idle"
                    + " workers removed first.", describe(target), DELETION_COST);
        }
    }

    /**
     * Sets each pod's deletion cost to its busy workers. Pods that are already terminating are left alone (they go
     * anyway), and a pod that vanished since the list (404) is skipped: neither may stop the scale-down.
     */
    private void setDeletionCosts(ScaleTarget target) throws ActuatorException {
        Map<String, Integer> busyByPod = new HashMap<>();
        for (ServerLoad server : serverLoads.get()) busyByPod.merge(server.host(), server.occupiedWorkers(), Integer::sum);
        for (Pod pod : pods(target)) {
            if (pod.getMetadata().getDeletionTimestamp() != null) continue;
            String name = pod.getMetadata().getName();
            String cost = Integer.toString(busyByPod.getOrDefault(name, 0));
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            if (cost.equals(annotations == null ? null : annotations.get(DELETION_COST))) continue;
            try {
                Retry.call("annotate pod " + name, () -> client.pods().withName(name)
                        .edit(p -> {
                            if (p.getMetadata().getAnnotations() == null) {
                                p.getMetadata().setAnnotations(new HashMap<>());
                            }
                            p.getMetadata().getAnnotations().put(DELETION_COST, cost);
                            return p;
                        }));
            } catch (ActuatorException e) {
                if (!(e.getCause() instanceof KubernetesClientException k && k.getCode() == 404)) throw e;
                LOG.debug("Pod {} is gone; no deletion cost needed", name);
            }
        }
    }

    private List<Pod> pods(ScaleTarget target) throws ActuatorException {
        LabelSelector selector = Retry.call("read " + describe(target), () -> {
            if (target.kind().equals("StatefulSet")) {
                StatefulSet set = client.apps().statefulSets().withName(target.name()).get();
                if (set == null) throw new KubernetesClientException("not found", 404, null);
                return set.getSpec().getSelector();
            }
            Deployment deployment = client.apps().deployments().withName(target.name()).get();
            if (deployment == null) throw new KubernetesClientException("not found", 404, null);
            return deployment.getSpec().getSelector();
        });
        return Retry.call("list pods of " + describe(target), () -> client.pods().withLabelSelector(selector).list().getItems());
    }

    private RollableScalableResource<?> resource(ScaleTarget target) {
        return switch (target.kind()) {
            case "Deployment" -> client.apps().deployments().withName(target.name());
            case "StatefulSet" -> client.apps().statefulSets().withName(target.name());
            default -> throw new IllegalArgumentException("scaleTargetRef.kind " + target.kind() + " is not supported (Deployment, StatefulSet)");
        };
    }

    private static boolean runningAndReady(Pod pod) {
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) return false;
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String describe(ScaleTarget target) {
        return target.kind() + "/" + target.name();
    }
}
