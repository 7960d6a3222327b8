package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.DrainingWorker;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.Replicas;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.db.store.ServerLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Scales a Deployment or StatefulSet through its scale subresource. Before a Deployment's scale-down it sets
 * {@code controller.kubernetes.io/pod-deletion-cost} on the target's pods from the busy workers each pod reports
 * (servers are named {@code <pod name>/<pid>}), so the ReplicaSet removes idle pods first and busy ones last.
 * StatefulSets ignore that annotation and remove their highest ordinals (see docs/autoscaler-runtime.md).
 *
 * <p>For a drain-first scale-down it names the pods to remove: a Deployment's least occupied pods (then given the
 * lowest deletion cost), a StatefulSet's highest ordinals (the ones it removes anyway).
 */
public class DeploymentScaler implements ReplicaActuator {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    /** The deletion cost of drained pods: below any busy count, so the ReplicaSet removes them first. */
    static final int DRAINED_DELETION_COST = Integer.MIN_VALUE;
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
        int desired = Retry.call("read scale of " + describe(target),
                () -> resource(target).scale().getSpec().getReplicas());
        int ready = (int) pods(target).stream().filter(DeploymentScaler::runningAndReady).count();
        return new Replicas(desired, ready);
    }

    @Override
    public int scaleTo(ScaleTarget target, int replicas) throws ActuatorException {
        return scaleToRemoving(target, replicas, List.of());
    }

    @Override
    public int scaleToRemoving(ScaleTarget target, int replicas, List<String> drained) throws ActuatorException {
        int bounded = Math.min(replicas, maxReplicas);
        int current = Retry.call("read scale of " + describe(target),
                () -> resource(target).scale().getSpec().getReplicas());
        if (bounded < current) {
            if (!target.kind().equals("StatefulSet")) setDeletionCosts(target, Set.copyOf(drained));
            else if (drained.isEmpty()) warnStatefulSetScaleDown(target);
        }
        Retry.call("scale " + describe(target) + " to " + bounded, () -> resource(target).scale(bounded));
        LOG.info("Scaled {} from {} to {}", describe(target), current, bounded);
        return bounded;
    }

    /**
     * Deployment: the least occupied live pods (newest first among equals), as many as the scale-down removes.
     * StatefulSet: its pods with an ordinal at or above {@code replicas}, highest first: those it removes.
     */
    @Override
    public List<String> workersToRemove(ScaleTarget target, int replicas) throws ActuatorException {
        int current = Retry.call("read scale of " + describe(target),
                () -> resource(target).scale().getSpec().getReplicas());
        List<Pod> live = pods(target).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        if (target.kind().equals("StatefulSet")) {
            return live.stream()
                    .filter(p -> ordinal(target, p) >= replicas)
                    .sorted(Comparator.comparingInt((Pod p) -> ordinal(target, p)).reversed())
                    .map(p -> p.getMetadata().getName()).toList();
        }
        Map<String, Integer> busyByPod = busyByPod();
        int count = Math.max(0, Math.min(current - replicas, live.size()));
        return live.stream()
                .sorted(Comparator.<Pod>comparingInt(p -> busyByPod.getOrDefault(p.getMetadata().getName(), 0))
                        .thenComparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()),
                                Comparator.reverseOrder()))
                .limit(count)
                .map(p -> p.getMetadata().getName()).toList();
    }

    /** A pod that is gone or terminating counts as gone; the others as their servers report them. */
    @Override
    public List<DrainingWorker> drainProgress(ScaleTarget target, List<String> workers) throws ActuatorException {
        Set<String> live = new HashSet<>();
        for (Pod pod : pods(target)) {
            if (pod.getMetadata().getDeletionTimestamp() == null) live.add(pod.getMetadata().getName());
        }
        List<ServerLoad> servers = serverLoads.get();
        return workers.stream()
                .map(w -> live.contains(w) ? DrainingWorker.of(w, servers) : DrainingWorker.gone(w)).toList();
    }

    /** The StatefulSet ordinal of a pod ({@code <set name>-<ordinal>}); -1 for a name of another shape. */
    private static int ordinal(ScaleTarget target, Pod pod) {
        String name = pod.getMetadata().getName();
        String prefix = target.name() + "-";
        if (!name.startsWith(prefix) || !name.substring(prefix.length()).matches("\\d{1,9}")) return -1;
        return Integer.parseInt(name.substring(prefix.length()));
    }

    private Map<String, Integer> busyByPod() {
        Map<String, Integer> busyByPod = new HashMap<>();
        for (ServerLoad server : serverLoads.get()) {
            busyByPod.merge(server.host(), server.occupiedWorkers(), Integer::sum);
        }
        return busyByPod;
    }

    /**
     * A StatefulSet removes its highest ordinals first and ignores pod-deletion-cost, so a scale-down without a drain
     * cannot spare its busy pods: their running jobs go through the workers' graceful stop (finished or handed back,
     * never lost). With a drain timeout those pods are drained before the scale-down instead.
     */
    private void warnStatefulSetScaleDown(ScaleTarget target) {
        if (warnedStatefulSets.add(target.name())) {
            LOG.warn("{}: a StatefulSet ignores {} and removes its highest-numbered pods first, busy or idle; their"
                    + " running jobs are handed back by the workers' graceful stop. Set the ScaledObject annotation"
                    + " {} to drain those pods before the scale-down.", describe(target), DELETION_COST,
                    ScaledObjectSpec.DRAIN_TIMEOUT);
        }
    }

    /**
     * Sets each pod's deletion cost to its busy workers, and that of {@code drained} pods to
     * {@link #DRAINED_DELETION_COST}. Pods that are already terminating are left alone (they go anyway), and a pod
     * that vanished since the list (404) is skipped: neither may stop the scale-down.
     */
    private void setDeletionCosts(ScaleTarget target, Set<String> drained) throws ActuatorException {
        Map<String, Integer> busyByPod = busyByPod();
        for (Pod pod : pods(target)) {
            if (pod.getMetadata().getDeletionTimestamp() != null) continue;
            String name = pod.getMetadata().getName();
            String cost = Integer.toString(drained.contains(name) ? DRAINED_DELETION_COST
                    : busyByPod.getOrDefault(name, 0));
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
        return Retry.call("list pods of " + describe(target),
                () -> client.pods().withLabelSelector(selector).list().getItems());
    }

    private RollableScalableResource<?> resource(ScaleTarget target) {
        return switch (target.kind()) {
            case "Deployment" -> client.apps().deployments().withName(target.name());
            case "StatefulSet" -> client.apps().statefulSets().withName(target.name());
            default -> throw new IllegalArgumentException("scaleTargetRef.kind " + target.kind()
                    + " is not supported (Deployment, StatefulSet)");
        };
    }

    private static boolean runningAndReady(Pod pod) {
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) return false;
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions != null
                && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String describe(ScaleTarget target) {
        return target.kind() + "/" + target.name();
    }
}
