package io.jobscale.clustersim;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The order in which the ReplicaSet controller removes pods on a scale-down, first removed first: unscheduled before
 * scheduled; Pending before Unknown before Running; not ready before ready; lower
 * {@code controller.kubernetes.io/pod-deletion-cost} first; more restarts first; the newer pod first.
 */
final class ReplicaSetRanking {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    private static final List<String> PHASES = List.of("Pending", "Unknown", "Running");

    private ReplicaSetRanking() {
    }

    static final Comparator<Pod> FIRST_REMOVED_FIRST = Comparator
            .comparing((Pod p) -> p.getSpec() != null && p.getSpec().getNodeName() != null)
            .thenComparingInt(ReplicaSetRanking::phaseRank)
            .thenComparing(ReplicaSetRanking::ready)
            .thenComparingInt(ReplicaSetRanking::deletionCost)
            .thenComparing(Comparator.comparingInt(ReplicaSetRanking::restarts).reversed())
            .thenComparing(Comparator.comparing(ReplicaSetRanking::created).reversed());

    private static int phaseRank(Pod pod) {
        int rank = PHASES.indexOf(pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase());
        return rank < 0 ? 0 : rank;
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String cost = annotations == null ? null : annotations.get(DELETION_COST);
        try {
            return cost == null ? 0 : Integer.parseInt(cost);
        } catch (NumberFormatException e) {
            return 0;   // the API server rejects such values; treated as the default
        }
    }

    private static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) return 0;
        return pod.getStatus().getContainerStatuses().stream().mapToInt(s -> Objects.requireNonNullElse(
                s.getRestartCount(), 0)).sum();
    }

    private static String created(Pod pod) {
        return Objects.requireNonNullElse(pod.getMetadata().getCreationTimestamp(), "");
    }
}
