package io.jobscale.autoscaler.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The scaling event log without a database, for tests of the loop; newest first, as the real one. */
final class InMemoryEventLog extends ScalingEventLog {

    final List<ScalingEvent> events = new ArrayList<>();
    /** Each {@link #sample} call's time and the scaled objects it sampled. */
    final List<String> samples = new ArrayList<>();

    InMemoryEventLog() {
        super(null);
    }

    @Override
    public void record(ScalingEvent event) {
        events.add(event);
    }

    @Override
    public List<ScalingEvent> recent(String scaledObject, Instant since, int limit) {
        List<ScalingEvent> newestFirst = new ArrayList<>(events);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream().filter(e -> !e.occurredAt().isBefore(since))
                .filter(e -> scaledObject == null || e.scaledObject().equals(scaledObject)).limit(limit).toList();
    }

    @Override
    public void sample(List<ScaledObjectStatus> statuses, Instant now) {
        samples.add(now + " " + statuses.stream().map(s -> s.name() + "=" + s.triggers().get(0).value()).toList());
    }

    @Override
    public int pruneOlderThan(Instant now, Duration age) {
        return 0;
    }
}
