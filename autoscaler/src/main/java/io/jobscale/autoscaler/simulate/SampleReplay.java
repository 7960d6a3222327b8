package io.jobscale.autoscaler.simulate;

import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.decision.ScaledObjectDecider;
import io.jobscale.autoscaler.decision.ScaledObjectDecision;
import io.jobscale.autoscaler.decision.ScaledObjectState;
import io.jobscale.autoscaler.decision.TriggerResult;
import io.jobscale.autoscaler.trigger.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays recorded trigger readings (the autoscaler's samples) through a ScaledObject's config with a virtual clock,
 * through the same decision code the autoscaler runs. Open loop: each sample's values are replayed as recorded, so
 * two configs are compared on the same demand; the replay does not model how other replica counts would have changed
 * the readings (more workers drain a queue sooner). Readings are not jobs, so it cannot estimate queue latency as
 * {@link Simulation} does: it reports the recorded load per replica instead, and the time work waited with no replica.
 */
public final class SampleReplay {

    /** One trigger's recorded reading: its metric, and its value or (value null) its error. */
    public record Value(String metric, Double value, String error) {
    }

    /** The readings of all triggers of one scaled object at one time, in config order. */
    public record Sample(Instant at, List<Value> values) {
    }

    /** The replicas from {@code at} on. */
    public record Point(Instant at, int replicas) {
    }

    /**
     * @param podSeconds                    replicas times seconds, summed: what the config would have cost
     * @param loadMetric                    the first trigger's metric, which {@code loadPerReplica} divides
     * @param loadPerReplica                the time-weighted mean of that metric's recorded value divided by the
     *                                      replicas, over the time with at least one replica (null: none)
     * @param secondsActiveWithoutReplicas  how long a trigger was active (work waiting) while no replica ran
     * @param replicas                      the replica series, one point per sample
     */
    public record Result(long podSeconds, String loadMetric, Double loadPerReplica, long secondsActiveWithoutReplicas,
                         List<Point> replicas) {
    }

    private final ScaledObjectSpec spec;
    private final List<Trigger> triggers;
    private final Duration sampleInterval;

    /**
     * @param triggers       the spec's triggers, in config order: their targets and activation values (they are not
     *                       read)
     * @param sampleInterval how long the last sample holds
     */
    public SampleReplay(ScaledObjectSpec spec, List<Trigger> triggers, Duration sampleInterval) {
        this.spec = spec;
        this.triggers = triggers;
        this.sampleInterval = sampleInterval;
    }

    /**
     * Replays {@code samples} (oldest first) from {@code startReplicas}; a decision at the first sample and then at
     * the first sample at least one polling interval after the previous decision. Each sample holds until the next.
     *
     * @throws IllegalArgumentException when a sample's metrics are not the config's triggers
     */
    public Result run(List<Sample> samples, int startReplicas) {
        // Created long ago: the initial cooldown is over, as it is for an autoscaler that has been running.
        ScaledObjectState state = ScaledObjectState.createdAt(Instant.EPOCH, triggers.size());
        int replicas = startReplicas;
        Instant lastDecision = null;
        long podSeconds = 0;
        long idleWork = 0;
        double load = 0;
        long loadSeconds = 0;
        List<Point> series = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            List<TriggerResult> results = results(sample);
            if (lastDecision == null
                    || !sample.at().isBefore(lastDecision.plusSeconds(spec.pollingInterval()))) {
                ScaledObjectDecision decision =
                        ScaledObjectDecider.decide(spec, state, replicas, replicas, results, sample.at());
                state = decision.state();
                replicas = decision.desiredReplicas();
                lastDecision = sample.at();
            }
            series.add(new Point(sample.at(), replicas));
            long held = i + 1 < samples.size()
                    ? Duration.between(sample.at(), samples.get(i + 1).at()).toSeconds()
                    : sampleInterval.toSeconds();
            podSeconds += replicas * held;
            if (replicas == 0 && results.stream().anyMatch(TriggerResult::active)) idleWork += held;
            if (replicas > 0 && results.get(0).value().isPresent()) {
                load += results.get(0).value().getAsDouble() / replicas * held;
                loadSeconds += held;
            }
        }
        return new Result(podSeconds, triggers.get(0).metricName(), loadSeconds == 0 ? null : load / loadSeconds,
                idleWork, series);
    }

    private List<TriggerResult> results(Sample sample) {
        if (sample.values().size() != triggers.size()) {
            throw new IllegalArgumentException("the samples hold " + sample.values().size()
                    + " trigger reading(s), the config has " + triggers.size() + " trigger(s)");
        }
        List<TriggerResult> results = new ArrayList<>();
        for (int i = 0; i < triggers.size(); i++) {
            Trigger trigger = triggers.get(i);
            Value value = sample.values().get(i);
            if (!value.metric().equals(trigger.metricName())) {
                throw new IllegalArgumentException("trigger " + i + " reads " + trigger.metricName()
                        + ", the samples recorded " + value.metric());
            }
            results.add(value.value() == null
                    ? TriggerResult.failed(trigger.metricName(), trigger.metricType(), trigger.targetValue(),
                            trigger.activationTargetValue(), value.error())
                    : TriggerResult.of(trigger.metricName(), trigger.metricType(), trigger.targetValue(),
                            trigger.activationTargetValue(), value.value()));
        }
        return results;
    }
}
