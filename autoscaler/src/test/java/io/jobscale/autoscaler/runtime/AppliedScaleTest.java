package io.jobscale.autoscaler.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the loop remembers and records after a scale call: what the call applied, never what it asked. */
class AppliedScaleTest {

    /** Scale-up limited to one pod a minute: a failed call must not use up that minute. */
    static final String ONE_POD_A_MINUTE = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: so}
            spec:
              scaleTargetRef: {name: workers}
              pollingInterval: 10
              maxReplicaCount: 10
              advanced:
                horizontalPodAutoscalerConfig:
                  behavior:
                    scaleUp:
                      policies: [{type: Pods, value: 1, periodSeconds: 60}]
              triggers:
                - type: jobscale
                  metricType: AverageValue
                  metadata: {metric: enqueued-count, targetValue: "5"}
            """;

    @Test
    void aFailedScaleCallIsRetriedOnTheNextPollNotBlockedByTheRateLimit() {
        LoopFixture loop = new LoopFixture(ONE_POD_A_MINUTE);
        loop.target.set("workers", 1);
        loop.triggers.set("enqueued-count", 50);
        loop.target.failNext(1);
        loop.pollAt(0);
        assertThat(loop.replicas()).isEqualTo(1);
        assertThat(loop.events.events).as("a failed call is not recorded as a scaling").isEmpty();
        assertThat(loop.autoscaler.status().get(0).error()).contains("API server unavailable");

        loop.pollAt(10);
        assertThat(loop.target.scaleCalls).containsExactly(2, 2);
        assertThat(loop.replicas()).isEqualTo(2);
        assertThat(loop.changes()).containsExactly("10s→2");
        assertThat(loop.autoscaler.status().get(0).error()).isNull();

        loop.pollAt(20);
        assertThat(loop.replicas()).as("the successful call does count for the rate limit").isEqualTo(2);
        loop.pollAt(70);
        assertThat(loop.replicas()).isEqualTo(3);
    }

    @Test
    void aPartialScaleUpCountsOnlyWhatItStarted() {
        String yaml = ONE_POD_A_MINUTE.replace("{type: Pods, value: 1, periodSeconds: 60}",
                "{type: Pods, value: 4, periodSeconds: 60}");
        LoopFixture loop = new LoopFixture(yaml);
        loop.target.set("workers", 1);
        loop.triggers.set("enqueued-count", 50);
        loop.target.partialNext(2);
        loop.pollAt(0);
        assertThat(loop.target.scaleCalls).containsExactly(5);
        assertThat(loop.replicas()).isEqualTo(2);
        assertThat(loop.events.events).singleElement().satisfies(e -> {
            assertThat(e.fromReplicas()).isEqualTo(1);
            assertThat(e.toReplicas()).as("the decision log says what was applied").isEqualTo(2);
            assertThat(e.reason()).contains("applied 2").contains("only 2 of 5 started");
        });

        loop.pollAt(10);
        // The period began at 1 replica and 1 pod of its 4 was used: 1 + 4 = 5 is allowed. Had the partial call counted
        // as 4 pods, the period would be used up and this poll would stay at 2.
        assertThat(loop.target.scaleCalls).containsExactly(5, 5);
        assertThat(loop.replicas()).isEqualTo(5);
    }

    @Test
    void theLogRecordsTheClampedValueThatWasApplied() {
        String yaml = ONE_POD_A_MINUTE.replace("metadata: {name: so}",
                "metadata: {name: so, annotations: {autoscaling.keda.sh/paused-replicas: \"12\"}}");
        LoopFixture loop = new LoopFixture(yaml);
        loop.pollAt(0);
        assertThat(loop.replicas()).isEqualTo(10);
        assertThat(loop.events.events).singleElement().satisfies(e -> assertThat(e.toReplicas()).isEqualTo(10));
    }
}
