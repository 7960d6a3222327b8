package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.explain.Explain;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "Why not scaling now": the runtime's explanation of where the last poll left each ScaledObject. */
class LiveExplanationTest {

    @Test
    void namesTheStabilizationWindowThatHoldsAScaleDown() {
        LoopFixture loop = new LoopFixture(AutoscalerLoopTest.CONFIG);
        assertThat(loop.autoscaler.explanation("so")).as("before the first poll").isEmpty();
        loop.triggers.set("enqueued-count", 40);
        for (int t = 0; t <= 60; t += 10) loop.pollAt(t);
        assertThat(loop.replicas()).isEqualTo(8);
        loop.triggers.set("enqueued-count", 6);
        loop.pollAt(70);

        Explain.Explanation why = loop.autoscaler.explanation("so").orElseThrow();
        assertThat(loop.replicas()).as("the window holds the scale-down").isEqualTo(8);
        assertThat(why.currentReplicas()).isEqualTo(8);
        assertThat(why.desiredReplicas()).isEqualTo(8);
        assertThat(why.reason()).contains("wanted 2").contains("stabilization window");
    }

    @Test
    void namesMinReplicaCountAndKnowsOnlyScaledObjects() {
        LoopFixture loop = new LoopFixture(AutoscalerLoopTest.CONFIG.replace("maxReplicaCount: 10",
                "maxReplicaCount: 10\n  minReplicaCount: 2"));
        loop.triggers.set("enqueued-count", 1);
        loop.pollAt(0);
        loop.pollAt(10);

        Explain.Explanation why = loop.autoscaler.explanation("so").orElseThrow();
        assertThat(why.currentReplicas()).isEqualTo(2);
        assertThat(why.desiredReplicas()).isEqualTo(2);
        assertThat(why.reason()).contains("enqueued-count 1 <= target 5: 2→2");
        assertThat(loop.autoscaler.hasScaledObject("so")).isTrue();
        assertThat(loop.autoscaler.hasScaledObject("nope")).isFalse();
        assertThat(loop.autoscaler.explanation("nope")).isEmpty();
    }
}
