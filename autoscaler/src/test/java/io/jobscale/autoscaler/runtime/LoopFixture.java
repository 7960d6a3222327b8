package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
    private final String yaml;
    private final DrainMarks drainMarks;

    LoopFixture(String yaml) {
        this(yaml, null);
    }

    /** With drain-first scale-downs marking workers in {@code drainMarks}. */
    LoopFixture(String yaml, DrainMarks drainMarks) {
        this.yaml = yaml;
        this.drainMarks = drainMarks;
        autoscaler = anotherAutoscaler();
    }

    /** Another process's autoscaler on the same config, target, triggers, log and clock (e.g. a follower). */
    Autoscaler anotherAutoscaler() {
        return new Autoscaler(new AutoscalerConfigParser(Map.of()).parse(yaml), triggers, target, null, null,
                events, drainMarks, clock);
    }

    /** The loop of {@code autoscaler} in a process whose leadership the test hands over by hand. */
    AutoscalerService service(Autoscaler autoscaler, Leadership leadership) {
        return new AutoscalerService(autoscaler, leadership, timeout -> false, events, Duration.ofDays(1), clock);
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
        return events.events.stream()
                .map(e -> Duration.between(START, e.occurredAt()).toSeconds() + "s→" + e.toReplicas()).toList();
    }
}
