package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobscale_dashboard_samples} on PostgreSQL: one row per time, ranges with both ends, pruning. */
class DashboardSamplesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static HikariDataSource dataSource;
    private static DashboardSamples samples;

    @BeforeAll
    static void start() {
        dataSource = DataSources.create(TestDatabase.fresh("dashboard_samples"), "dashboard-samples-test");
        samples = new DashboardSamples(dataSource);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @Test
    void keepsTheFirstSampleOfATimeAndReadsRangesWithBothEnds() throws Exception {
        samples.insert(new DashboardSamples.Sample(T0, new long[]{3, 0, 7}, new long[]{12, 0, 40}, 2, 4));
        samples.insert(new DashboardSamples.Sample(T0, new long[]{9}, new long[]{9}, 9, 9));   // another replica's
        samples.insert(new DashboardSamples.Sample(T0.plusSeconds(15), new long[]{1}, new long[]{2}, 1, 4));
        samples.insert(new DashboardSamples.Sample(T0.plusSeconds(30), new long[]{}, new long[]{}, 0, 4));

        List<DashboardSamples.Sample> range = samples.between(T0, T0.plusSeconds(15));
        assertThat(range).extracting(DashboardSamples.Sample::at).containsExactly(T0, T0.plusSeconds(15));
        assertThat(range.get(0).enqueued()).containsExactly(3, 0, 7);
        assertThat(range.get(0).latency()).containsExactly(12, 0, 40);
        assertThat(range.get(0).busyWorkers()).isEqualTo(2);
        assertThat(range.get(0).totalWorkers()).isEqualTo(4);

        assertThat(samples.deleteBefore(T0.plusSeconds(30))).isEqualTo(2);
        assertThat(samples.between(Instant.EPOCH, T0.plusSeconds(60))).extracting(DashboardSamples.Sample::at)
                .containsExactly(T0.plusSeconds(30));
    }
}
