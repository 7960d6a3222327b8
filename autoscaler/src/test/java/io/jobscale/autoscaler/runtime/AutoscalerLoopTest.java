package io.jobscale.autoscaler.runtime;

import io.jobscale.db.store.AutoscalerSamples;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime loop over many polls, on fakes and a test clock: polling interval, cooldown across polls, the scale-down
 * stabilization window, and which process acts. No sleeps: every time is set by hand.
 */
class AutoscalerLoopTest {

    static final String CONFIG = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: so}
            spec:
              scaleTargetRef: {name: workers}
              pollingInterval: 10
              cooldownPeriod: 60
              maxReplicaCount: 10
              triggers:
                - type: jobscale
                  metricType: AverageValue
                  metadata: {metric: enqueued-count, targetValue: "5"}
            """;

    @Test
    void pollsWhenTheIntervalIsDueOrWhenWoken() {
        LoopFixture loop = new LoopFixture(CONFIG);
        loop.pollAt(0);
        assertThat(loop.replicas()).isZero();

        loop.triggers.set("enqueued-count", 3);
        loop.pollAt(5);
        assertThat(loop.replicas()).as("not due before the polling interval").isZero();
        loop.autoscaler.poll(loop.clock.instant(), true);
        assertThat(loop.replicas()).as("a wake-up polls at once").isEqualTo(1);
        assertThat(loop.changes()).containsExactly("5s→1");
    }

    @Test
    void scalesToZeroOnlyAfterTheCooldownSinceTheLastActivePoll() {
        LoopFixture loop = new LoopFixture(CONFIG);
        loop.triggers.set("enqueued-count", 3);
        loop.pollAt(0);
        loop.triggers.set("enqueued-count", 0);
        for (int t = 10; t <= 60; t += 10) {
            loop.pollAt(t);
            assertThat(loop.replicas()).as("at %ds, within the cooldown of 60 s", t).isEqualTo(1);
        }
        loop.pollAt(70);
        assertThat(loop.changes()).containsExactly("0s→1", "70s→0");
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindowAfterTheLastHighRecommendation() {
        LoopFixture loop = new LoopFixture(CONFIG);
        loop.triggers.set("enqueued-count", 50);   // 10 replicas' worth
        int t = 0;
        while (loop.replicas() < 10) {
            loop.pollAt(t);
            t += 10;
        }
        int lastHigh = t - 10;
        loop.triggers.set("enqueued-count", 10);   // 2 replicas' worth, still active
        while (loop.replicas() == 10) {
            loop.pollAt(t);
            t += 10;
        }
        int firstDown = t - 10;
        assertThat(firstDown - lastHigh).as("HPA default scale-down stabilization window").isEqualTo(300);
        assertThat(loop.replicas()).isEqualTo(2);
    }

    @Test
    void onlyTheLeaderPollsAndActsAndANewLeaderTakesOver() throws Exception {
        LoopFixture loop = new LoopFixture(CONFIG);
        Autoscaler other = loop.anotherAutoscaler();
        FakeLeadership first = new FakeLeadership(true);
        FakeLeadership second = new FakeLeadership(false);
        AutoscalerService leader = loop.service(loop.autoscaler, first);
        AutoscalerService follower = loop.service(other, second);

        loop.triggers.set("enqueued-count", 3);
        follower.step(loop.clock.instant(), true);
        assertThat(loop.target.scaleCalls).as("a follower never acts").isEmpty();
        assertThat(other.status()).as("a follower never polls").isEmpty();
        leader.step(loop.clock.instant(), false);
        assertThat(loop.replicas()).isEqualTo(1);

        first.leader = false;
        second.leader = true;
        loop.triggers.set("enqueued-count", 12);
        loop.clock.advance(java.time.Duration.ofSeconds(10));
        leader.step(loop.clock.instant(), false);
        assertThat(loop.replicas()).as("the old leader no longer acts").isEqualTo(1);
        follower.step(loop.clock.instant(), false);
        assertThat(loop.replicas()).as("the new leader acts at once").isEqualTo(3);
        assertThat(leader.isLeader()).isFalse();
        assertThat(follower.isLeader()).isTrue();
    }

    @Test
    void theLeaderSamplesWhatItReadOncePerSampleInterval() throws Exception {
        LoopFixture loop = new LoopFixture(CONFIG);
        AutoscalerService leader = loop.service(loop.autoscaler, new FakeLeadership(true));
        AutoscalerService follower = loop.service(loop.anotherAutoscaler(), new FakeLeadership(false));
        loop.triggers.set("enqueued-count", 3);
        for (int seconds = 0; seconds <= 30; seconds += 5) {
            loop.clock.set(LoopFixture.START.plusSeconds(seconds));
            if (seconds == 20) loop.triggers.set("enqueued-count", 8);
            leader.step(loop.clock.instant(), true);
            follower.step(loop.clock.instant(), true);
        }
        assertThat(AutoscalerSamples.INTERVAL).isEqualTo(Duration.ofSeconds(15));
        assertThat(loop.events.samples).containsExactly(
                "2026-12-01T10:00:00Z [so=3.0]", "2026-12-01T10:00:15Z [so=3.0]", "2026-12-01T10:00:30Z [so=8.0]");
    }

    @Test
    void aWakeUpIsFollowedByAPollOnceAWholeSecondOfLatencyCanHavePassed() {
        LoopFixture loop = new LoopFixture(CONFIG.replace("pollingInterval: 10", "pollingInterval: 30")
                .replace("metricType: AverageValue", "metricType: Value")
                .replace("metric: enqueued-count, targetValue: \"5\"",
                        "metric: enqueued-latency, targetValue: \"30\""));
        loop.pollAt(0);
        loop.clock.set(LoopFixture.START.plusSeconds(5));
        loop.autoscaler.poll(loop.clock.instant(), true);   // an enqueue woke it: the job's latency is still 0 s
        assertThat(loop.replicas()).isZero();
        assertThat(loop.autoscaler.nextPoll())
                .isEqualTo(LoopFixture.START.plusSeconds(5).plus(Autoscaler.WAKE_UP_FOLLOW_UP));

        loop.triggers.set("enqueued-latency", 1);
        loop.clock.set(loop.autoscaler.nextPoll());
        loop.autoscaler.poll(loop.clock.instant(), false);
        assertThat(loop.replicas()).isEqualTo(1);
        assertThat(loop.autoscaler.nextPoll()).as("one follow-up, then the polling interval again")
                .isEqualTo(loop.clock.instant().plusSeconds(30));
    }
}
