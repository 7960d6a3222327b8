package io.jobscale.db.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobscale_autoscaler_samples} on PostgreSQL: sample times, one row per interval, reads and pruning. */
class AutoscalerSamplesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HikariDataSource dataSource;
    private static AutoscalerSamples samples;

    @BeforeAll
    static void start() {
        dataSource = DataSources.create(TestDatabase.fresh("autoscaler_samples"), "samples-test");
        samples = new AutoscalerSamples(dataSource);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @Test
    void keepsOneSamplePerIntervalAtItsStartAndReadsThemBackInOrder() throws Exception {
        samples.record(sample("ordered", T0.plusSeconds(3), 1, 4.0));
        samples.record(sample("ordered", T0.plusSeconds(14), 2, 5.0));   // same interval: dropped
        samples.record(sample("ordered", T0.plusSeconds(16), 3, 6.0));
        samples.record(sample("other", T0.plusSeconds(16), 7, 1.0));

        List<AutoscalerSamples.Sample> read = samples.since("ordered", T0);
        assertThat(read).extracting(AutoscalerSamples.Sample::sampledAt).containsExactly(T0, T0.plusSeconds(15));
        assertThat(read).extracting(AutoscalerSamples.Sample::currentReplicas).containsExactly(1, 3);
        assertThat(read.get(1).readings().get(0).get("value").asDouble()).isEqualTo(6.0);
        assertThat(samples.newest(T0)).filteredOn(s -> s.scaledObject().equals("ordered"))
                .extracting(AutoscalerSamples.Sample::currentReplicas).containsExactly(3);
        assertThat(samples.newest(T0.plusSeconds(16))).as("nothing sampled since").isEmpty();
    }

    @Test
    void prunesByAge() throws Exception {
        samples.record(sample("pruned", T0.minus(Duration.ofDays(8)), 1, 1.0));
        samples.record(sample("pruned", T0, 1, 1.0));
        samples.pruneOlderThan(T0, Duration.ofDays(7));
        assertThat(samples.since("pruned", Instant.EPOCH)).extracting(AutoscalerSamples.Sample::sampledAt)
                .containsExactly(T0);
    }

    private static AutoscalerSamples.Sample sample(String name, Instant at, int replicas, double value) {
        return new AutoscalerSamples.Sample(name, at, "ScaledObject", replicas, replicas,
                JSON.createArrayNode().add(JSON.createObjectNode().put("metric", "enqueued-count").put("value", value)
                        .put("target", 2)));
    }
}
