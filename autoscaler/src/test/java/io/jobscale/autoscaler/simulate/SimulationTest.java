package io.jobscale.autoscaler.simulate;

import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped traces through both shipped configs: every job runs, and the figures are consistent with the work. */
class SimulationTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "autoscaler");

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"seed-scenario, keda-default, 40, 600", "seed-scenario, tuned, 40, 600", "bursty-day, keda-default, 2457, 42336",
            "bursty-day, tuned, 2457, 42336"})
    void shippedTracesRunToCompletion(String trace, String config, int jobs, long workSeconds) throws Exception {
        ScaledObjectSpec spec = new AutoscalerConfigParser(Map.of()).parse(EXAMPLES.resolve(config + ".yaml")).scaledObjects().get(0);
        Trace replay = Trace.read(EXAMPLES.resolve(trace + ".csv"));
        long work = replay.batches().stream().mapToLong(b -> b.count() * Math.max(1, (b.durationMillis() + 999) / 1000)).sum();

        SimulationResult result = new Simulation(spec, 4, Duration.ofSeconds(10)).run(replay);

        assertThat(work).isEqualTo(workSeconds);
        assertThat(result.jobs()).isEqualTo(jobs);
        assertThat(result.podSeconds()).as("4 workers per pod cannot do more than 4 job-seconds per pod-second").isGreaterThanOrEqualTo(work / 4);
        assertThat(result.maxReplicas()).isBetween(1, spec.maxReplicaCount());
        assertThat(result.p50LatencySeconds()).isLessThanOrEqualTo(result.p95LatencySeconds());
        assertThat(result.p95LatencySeconds()).isLessThanOrEqualTo(result.maxLatencySeconds());
    }

    @ParameterizedTest(name = "{0}: tuned costs less than KEDA defaults")
    @CsvSource({"seed-scenario", "bursty-day"})
    void tunedConfigUsesFewerPodSecondsWithoutWorseLatency(String trace) throws Exception {
        AutoscalerConfigParser parser = new AutoscalerConfigParser(Map.of());
        Trace replay = Trace.read(EXAMPLES.resolve(trace + ".csv"));
        SimulationResult keda = new Simulation(parser.parse(EXAMPLES.resolve("keda-default.yaml")).scaledObjects().get(0), 4, Duration.ofSeconds(10)).run(replay);
        SimulationResult tuned = new Simulation(parser.parse(EXAMPLES.resolve("tuned.yaml")).scaledObjects().get(0), 4, Duration.ofSeconds(10)).run(replay);
        assertThat(tuned.podSeconds()).isLessThan(keda.podSeconds());
        assertThat(tuned.p95LatencySeconds()).isLessThanOrEqualTo(keda.p95LatencySeconds());
    }
}
