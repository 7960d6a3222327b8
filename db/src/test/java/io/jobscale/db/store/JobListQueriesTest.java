package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static java.util.Map.entry;
import static io.jobscale.db.store.StoreRows.id;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's reads on PostgreSQL: counts, filtered pages newest first, ids, minutes, a recurring job's run. */
class JobListQueriesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:20Z");
    private static final String INVOICE = UUID.randomUUID().toString();

    private static HikariDataSource dataSource;
    private static JobListQueries queries;

    @BeforeAll
    static void start() throws Exception {
        dataSource = DataSources.create(TestDatabase.fresh("job_list_queries"), "job-list-test");
        queries = new JobListQueries(dataSource);
        StoreRows.job(dataSource, INVOICE, "SUCCEEDED", 3, T0, null, "nightly",
                "{\"jobName\":\"Invoice 42\",\"labels\":[\"team-a\",\"billing\"]}");
        StoreRows.job(dataSource, id(), "FAILED", 5, T0.plusSeconds(10), null, "nightly",
                "{\"jobName\":\"Report\",\"labels\":[\"team-a\"]}");
        StoreRows.job(dataSource, id(), "ENQUEUED", 3, T0.plusSeconds(20), null, null,
                "{\"jobName\":\"Report 100%\",\"labels\":[\"team-ab\"]}");
        StoreRows.job(dataSource, id(), "SUCCEEDED", 3, T0.plusSeconds(70), null, null,
                "{\"jobName\":\"Cleanup\",\"labels\":[]}");
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    private static JobListQueries.Filter filter(String state, String search, Integer priority, String label) {
        return new JobListQueries.Filter(state, search, priority, label, null);
    }

    @Test
    void countsEveryStateInTheStatesOrder() throws Exception {
        assertThat(queries.countsByState()).containsExactly(entry("AWAITING", 0L),
                entry("SCHEDULED", 0L), entry("ENQUEUED", 1L),
                entry("PROCESSING", 0L), entry("SUCCEEDED", 2L),
                entry("FAILED", 1L), entry("DELETED", 0L));
    }

    @Test
    void pagesAreNewestFirstAcrossStatesAndFilterByEachPart() throws Exception {
        assertThat(queries.page(filter(null, null, null, null), 10, 0)).extracting(JobListQueries.JobRow::name)
                .containsExactly("Cleanup", "Report 100%", "Report", "Invoice 42");
        assertThat(queries.page(filter(null, null, null, null), 2, 1)).extracting(JobListQueries.JobRow::name)
                .containsExactly("Report 100%", "Report");
        assertThat(queries.page(filter("SUCCEEDED", null, 3, null), 10, 0)).extracting(JobListQueries.JobRow::name)
                .containsExactly("Cleanup", "Invoice 42");
        // A label is matched whole; "%" in a search is a character, not a wildcard.
        assertThat(queries.page(filter(null, null, null, "team-a"), 10, 0)).extracting(JobListQueries.JobRow::name)
                .containsExactly("Report", "Invoice 42");
        assertThat(queries.page(filter(null, "100%", null, null), 10, 0)).extracting(JobListQueries.JobRow::name)
                .containsExactly("Report 100%");
        JobListQueries.JobRow byId = queries.page(filter(null, INVOICE.toUpperCase(), null, null), 10, 0).get(0);
        assertThat(byId.id()).isEqualTo(INVOICE);
        assertThat(byId.labels()).containsExactly("team-a", "billing");
        assertThat(byId.updatedAt()).isEqualTo(T0);
        assertThat(queries.page(new JobListQueries.Filter(null, null, null, null, T0.plusSeconds(15)), 10, 0))
                .extracting(JobListQueries.JobRow::name).containsExactly("Cleanup", "Report 100%");
    }

    @Test
    void idsAndTheirJsonForBulkActions() throws Exception {
        List<String> ids = queries.ids(filter(null, null, null, "team-a"), 10);
        assertThat(ids).hasSize(2).endsWith(INVOICE);
        assertThat(queries.jobsAsJson(ids)).hasSize(2).anyMatch(json -> json.contains("Invoice 42"));
        assertThat(queries.jobsAsJson(List.of(UUID.randomUUID().toString()))).isEmpty();
    }

    @Test
    void finishedJobsPerMinuteWithEmptyMinutesAsZeros() throws Exception {
        assertThat(queries.throughput(T0, T0.plusSeconds(150))).containsExactly(
                new JobListQueries.Minute(Instant.parse("2026-12-01T10:00:00Z"), 1, 1),
                new JobListQueries.Minute(Instant.parse("2026-12-01T10:01:00Z"), 1, 0),
                new JobListQueries.Minute(Instant.parse("2026-12-01T10:02:00Z"), 0, 0));
    }

    @Test
    void aRecurringJobsLastRunIsItsNewestJob() throws Exception {
        assertThat(queries.lastRunOf("nightly")).get().extracting(JobListQueries.LastRun::state).isEqualTo("FAILED");
        assertThat(queries.lastRunOf("never")).isEmpty();
    }
}
