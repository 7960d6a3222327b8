package io.jobscale.autoscaler.simulate;

import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.trigger.Triggers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recorded readings replayed through a config: the replicas it would have run, and what they cost. */
class SampleReplayTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(15);

    private static SampleReplay replay(String limits, int pollingInterval) {
        ScaledObjectSpec spec = new AutoscalerConfigParser(Map.of()).parse("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: so}
                spec:
                  scaleTargetRef: {name: workers}
                  pollingInterval: %d
                  %s
                  triggers:
                    - type: jobscale
                      metricType: AverageValue
                      metadata: {metric: enqueued-count, targetValue: "10"}
                """.formatted(pollingInterval, limits)).scaledObjects().get(0);
        Triggers triggers = new Triggers(null, Map.of());   // for targets only: never read
        return new SampleReplay(spec, spec.triggers().stream().map(triggers::create).toList(), INTERVAL);
    }

    /** One sample every 15 s with these enqueued counts. */
    private static List<SampleReplay.Sample> samples(double... counts) {
        List<SampleReplay.Sample> samples = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            samples.add(new SampleReplay.Sample(T0.plus(INTERVAL.multipliedBy(i)),
                    List.of(new SampleReplay.Value("enqueued-count", counts[i], null))));
        }
        return samples;
    }

    @ParameterizedTest(name = "{0}: {1} pod-seconds")
    @CsvSource(delimiter = '|', value = {
            "maxReplicaCount: 10 | 480 | 4",
            "maxReplicaCount: 2  | 240 | 2",
            "minReplicaCount: 6  | 720 | 6"})
    void theLimitsSetWhatTheSameDemandCosts(String limits, long podSeconds, int replicas) {
        // 40 enqueued against a target of 10 per replica: 4 replicas, unless the limits say otherwise.
        SampleReplay.Result result = replay(limits, 15).run(samples(40, 40, 40, 40, 40, 40, 40, 40), 4);

        assertThat(result.podSeconds()).as("8 samples of 15 s").isEqualTo(podSeconds);
        assertThat(result.replicas()).extracting(SampleReplay.Point::replicas).containsOnly(replicas);
        assertThat(result.loadPerReplica()).isEqualTo(40.0 / replicas);
        assertThat(result.loadMetric()).isEqualTo("enqueued-count");
        assertThat(result.secondsActiveWithoutReplicas()).isZero();
    }

    @Test
    void workWaitsWithoutAReplicaUntilTheNextPoll() {
        SampleReplay.Result result = replay("maxReplicaCount: 10", 30).run(samples(0, 40, 40, 40), 0);

        assertThat(result.replicas()).extracting(SampleReplay.Point::replicas).containsExactly(0, 0, 1, 1);
        assertThat(result.secondsActiveWithoutReplicas()).as("from the sample at 15 s to the poll at 30 s")
                .isEqualTo(15);
        assertThat(result.podSeconds()).isEqualTo(30);
    }

    @Test
    void refusesReadingsOfAnotherMetric() {
        List<SampleReplay.Sample> other = List.of(new SampleReplay.Sample(T0,
                List.of(new SampleReplay.Value("workers-usage", 0.5, null))));
        assertThatThrownBy(() -> replay("maxReplicaCount: 10", 15).run(other, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers-usage");
    }
}
