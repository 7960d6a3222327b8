package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.jobscale.db.store.StoreRows.id;
import static org.assertj.core.api.Assertions.assertThat;

/** The metrics API's job statements on PostgreSQL: enqueued per priority with the oldest, scheduled due. */
class MetricQueriesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static HikariDataSource dataSource;
    private static MetricQueries queries;

    @BeforeAll
    static void start() throws Exception {
        dataSource = DataSources.create(TestDatabase.fresh("metric_queries"), "metric-queries-test");
        queries = new MetricQueries(dataSource);
        StoreRows.job(dataSource, id(), "ENQUEUED", 2, NOW.minusSeconds(30));
        StoreRows.job(dataSource, id(), "ENQUEUED", 2, NOW.minusSeconds(5));
        StoreRows.job(dataSource, id(), "ENQUEUED", 7, NOW.minusSeconds(1));
        StoreRows.job(dataSource, id(), "PROCESSING", 2, NOW.minusSeconds(60));
        StoreRows.job(dataSource, id(), "SCHEDULED", 2, NOW, NOW.plusSeconds(60), null, "{}");
        StoreRows.job(dataSource, id(), "SCHEDULED", 7, NOW, NOW.plusSeconds(100), null, "{}");
        StoreRows.job(dataSource, id(), "SCHEDULED", 2, NOW, NOW.plusSeconds(600), null, "{}");
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @Test
    void enqueuedCountsAndOldestPerPriority() throws Exception {
        assertThat(queries.enqueued(null)).containsEntry(2, new MetricQueries.Enqueued(2, NOW.minusSeconds(30)))
                .containsEntry(7, new MetricQueries.Enqueued(1, NOW.minusSeconds(1)));
        assertThat(queries.enqueued(7)).containsOnlyKeys(7);
    }

    @Test
    void scheduledJobsDueWithinTheWindow() throws Exception {
        assertThat(queries.scheduledUntil(NOW.plusSeconds(120), null)).isEqualTo(2);
        assertThat(queries.scheduledUntil(NOW.plusSeconds(120), 2)).isEqualTo(1);
        assertThat(queries.scheduledUntil(NOW, null)).isZero();
    }
}
