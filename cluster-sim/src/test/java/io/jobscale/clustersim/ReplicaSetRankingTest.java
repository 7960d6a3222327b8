package io.jobscale.clustersim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaSetRankingTest {

    @Test
    void removesUnscheduledPendingNotReadyCheapRestartedAndNewPodsFirst() {
        Pod unscheduled = pod("unscheduled", null, "Pending", false, 0, 0, "2026-12-02T10:00:00.000Z");
        Pod pending = pod("pending", Pods.NODE, "Pending", false, 0, 0, "2026-12-02T10:00:00.000Z");
        Pod notReady = pod("not-ready", Pods.NODE, "Running", false, 0, 0, "2026-12-02T10:00:00.000Z");
        Pod cheap = pod("cheap", Pods.NODE, "Running", true, -5, 0, "2026-12-02T10:00:00.000Z");
        Pod restarted = pod("restarted", Pods.NODE, "Running", true, 0, 3, "2026-12-02T10:00:00.000Z");
        Pod newer = pod("newer", Pods.NODE, "Running", true, 0, 0, "2026-12-02T10:00:05.000Z");
        Pod older = pod("older", Pods.NODE, "Running", true, 0, 0, "2026-12-02T10:00:00.000Z");
        Pod busy = pod("busy", Pods.NODE, "Running", false, 100, 0, "2026-12-02T10:00:00.000Z");

        List<String> order = List.of(older, busy, newer, restarted, cheap, notReady, pending, unscheduled).stream()
                .sorted(ReplicaSetRanking.FIRST_REMOVED_FIRST).map(p -> p.getMetadata().getName()).toList();

        // not ready outranks deletion cost: a busy pod that is not ready still goes before ready ones
        assertThat(order).containsExactly("unscheduled", "pending", "not-ready", "busy", "cheap", "restarted",
                "newer", "older");
    }

    private static Pod pod(String name, String node, String phase, boolean ready, int cost, int restarts,
                           String created) {
        return new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created)
                .withAnnotations(Map.of(ReplicaSetRanking.DELETION_COST, Integer.toString(cost))).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName("c").withRestartCount(restarts).endContainerStatus()
                .endStatus().build();
    }
}
