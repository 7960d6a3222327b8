package io.jobscale.dashboard;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.store.DashboardSamples;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.metrics.JobMetrics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Samples land on whole intervals (one row per time, however many writers), and old ones are pruned by age. */
class QueueSamplerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:03Z");

    @Test
    void oneRowPerIntervalAndNothingOlderThanTheRetention() throws Exception {
        try (HikariDataSource dataSource = DataSources.create(TestDatabase.fresh("dashboard_samples"), "samples")) {
            DashboardSamples history = new DashboardSamples(dataSource);
            sampler(dataSource, T0).sample();
            sampler(dataSource, T0.plusSeconds(5)).sample();      // same 15 s slot, e.g. a second web replica
            sampler(dataSource, T0.plusSeconds(15)).sample();
            assertThat(history.between(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))))
                    .extracting(DashboardSamples.Sample::at)
                    .containsExactly(Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:15Z"));

            Instant nextDay = T0.plus(QueueSampler.RETENTION).plusSeconds(10);
            sampler(dataSource, nextDay).sample();
            assertThat(history.between(Instant.EPOCH, nextDay)).extracting(DashboardSamples.Sample::at)
                    .containsExactly(Instant.parse("2026-03-01T10:00:15Z"), Instant.parse("2026-03-02T10:00:00Z"));
        }
    }

    private static QueueSampler sampler(HikariDataSource dataSource, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new QueueSampler(dataSource, new JobMetrics(dataSource, clock), clock);
    }
}
