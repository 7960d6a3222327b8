package io.jobscale.autoscaler.runtime;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failover in a lull: the new leader has none of the old one's memory, so it must not scale down before the cooldown
 * and the scale-down stabilization window would have let the old leader do it.
 */
class LeaderFailoverTest {

    /** HPA defaults otherwise: a scale-down stabilization window of 300 s. */
    static final String CONFIG = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: so}
            spec:
              scaleTargetRef: {name: workers}
              pollingInterval: 10
              cooldownPeriod: 60
              initialCooldownPeriod: 0
              maxReplicaCount: 10
              triggers:
                - type: jobscale
                  metricType: AverageValue
                  metadata: {metric: enqueued-count, targetValue: "5"}
            """;

    private final LoopFixture loop = new LoopFixture(CONFIG);
    private final FakeLeadership oldLeadership = new FakeLeadership(true);
    private final FakeLeadership newLeadership = new FakeLeadership(false);
    private final AutoscalerService oldLeader = loop.service(loop.autoscaler, oldLeadership);
    private final AutoscalerService newLeader = loop.service(loop.anotherAutoscaler(), newLeadership);

    /** Both processes run their loop every 10 s until {@code until}; returns the time of the first scale-down. */
    private long runUntilScaleDown(long from, long failoverAt, long until) throws Exception {
        for (long t = from; t <= until; t += 10) {
            if (t == failoverAt) {
                oldLeadership.leader = false;   // its node died: the lock went with its session
                newLeadership.leader = true;
            }
            int before = loop.replicas();
            loop.clock.set(LoopFixture.START.plusSeconds(t));
            oldLeader.step(loop.clock.instant(), false);
            newLeader.step(loop.clock.instant(), false);
            if (loop.replicas() < before) return t;
        }
        return -1;
    }

    private long busyAtFourReplicasUntil(long lastBusy) throws Exception {
        loop.target.set("workers", 4);
        loop.triggers.set("enqueued-count", 20);   // 4 replicas' worth
        for (long t = 0; t <= lastBusy; t += 10) {
            loop.clock.set(LoopFixture.START.plusSeconds(t));
            oldLeader.step(loop.clock.instant(), false);
            newLeader.step(loop.clock.instant(), false);
        }
        assertThat(loop.replicas()).isEqualTo(4);
        return lastBusy;
    }

    @Test
    void noScaleToZeroBeforeTheCooldownAfterAFailoverInALull() throws Exception {
        long lastActive = busyAtFourReplicasUntil(90);
        loop.triggers.set("enqueued-count", 0);   // the lull: no trigger active
        long scaleDown = runUntilScaleDown(100, 120, 1000);

        assertThat(newLeader.isLeader()).isTrue();
        assertThat(scaleDown).as("not before the cooldown since the last active poll").isGreaterThan(lastActive + 60);
        assertThat(scaleDown).as("the new leader counts the cooldown from its takeover").isEqualTo(190);
        assertThat(loop.replicas()).isZero();
        assertThat(loop.events.events).last().satisfies(e -> assertThat(e.reason()).contains("cooldown"));
    }

    @Test
    void noScaleDownBeforeTheStabilizationWindowAfterAFailover() throws Exception {
        long lastHigh = busyAtFourReplicasUntil(90);
        loop.triggers.set("enqueued-count", 5);   // still active, 1 replica's worth
        long scaleDown = runUntilScaleDown(100, 120, 1000);

        assertThat(scaleDown).as("not before 300 s after the last recommendation of 4")
                .isGreaterThanOrEqualTo(lastHigh + 300);
        assertThat(scaleDown).as("the new leader holds its takeover recommendation for the window").isEqualTo(420);
        assertThat(loop.replicas()).isEqualTo(1);
    }

    @Test
    void withoutAFailoverTheLeaderScalesDownAsSoonAsTheRulesAllow() throws Exception {
        busyAtFourReplicasUntil(90);
        loop.triggers.set("enqueued-count", 0);
        assertThat(runUntilScaleDown(100, -1, 1000)).as("cooldown counted from the last active poll at 90")
                .isEqualTo(160);
    }
}
