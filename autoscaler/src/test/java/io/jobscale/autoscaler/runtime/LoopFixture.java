package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.db.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One autoscaler on fakes (target, triggers, event log) and a test clock: {@link #pollAt(long)} moves the clock and
 * polls, so a test walks through minutes of scaling history without sleeping.
 */
final class LoopFixture {

    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final FakeReplicaActuator target = new FakeReplicaActuator();
    final FakeTriggers triggers = new FakeTriggers();
    final InMemoryEventLog events = new InMemoryEventLog();
    final Autoscaler autoscaler;

    LoopFixture(String yaml) {
        autoscaler = new Autoscaler(new AutoscalerConfigParser(java.util.Map.of()).parse(yaml), triggers, target, null, null, events, clock);
    }

    /** Moves the clock to {@code seconds} after {@link #START} and polls what is due then. */
    void pollAt(long seconds) {
        clock.set(START.plusSeconds(seconds));
        autoscaler.poll(clock.instant(), false);
    }

    int replicas() {
        return target.replicas("workers");
    }

    /** Seconds after {@link #START} of each recorded change, with the replicas it went to. */
    List<String> changes() {
        return events.events.stream().map(e -> Duration.between(START, e.occurredAt()).toSeconds() + "s→" + e.toReplicas()).toList();
    }
}
