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

import static org.assertj.core.api.Assertions.assertThat;

/** Changed jobs on PostgreSQL: per state, after a time, oldest change first, with only state and time of history. */
class JobChangesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static HikariDataSource dataSource;
    private static JobChanges changes;

    @BeforeAll
    static void start() throws Exception {
        dataSource = DataSources.create(TestDatabase.fresh("job_changes"), "job-changes-test");
        changes = new JobChanges(dataSource);
        for (int i = 0; i < 3; i++) {
            StoreRows.job(dataSource, UUID.randomUUID().toString(), "SUCCEEDED", i, T0.plusSeconds(10 - i), null,
                    null, "{\"jobHistory\":[{\"state\":\"ENQUEUED\",\"createdAt\":\"2026-12-01T09:59:58Z\","
                            + "\"reason\":\"a long stack trace\"},"
                            + "{\"state\":\"SUCCEEDED\",\"createdAt\":\"2026-12-01T10:00:0" + i + "Z\"}]}");
        }
        StoreRows.job(dataSource, UUID.randomUUID().toString(), "FAILED", 0, T0.plusSeconds(5));
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @Test
    void readsTheJobsOfOneStateChangedAfterATimeOldestFirst() throws Exception {
        List<JobChanges.ChangedJob> succeeded = changes.changedSince("SUCCEEDED", T0.plusSeconds(8), 10);
        assertThat(succeeded).extracting(JobChanges.ChangedJob::priority).containsExactly(1, 0);
        assertThat(changes.changedSince("SUCCEEDED", T0, 2)).extracting(JobChanges.ChangedJob::updatedAt)
                .containsExactly(T0.plusSeconds(8), T0.plusSeconds(9));
        assertThat(changes.changedSince("FAILED", T0, 10)).hasSize(1);
    }

    @Test
    void historyHoldsEachEntrysStateAndTimeOnly() throws Exception {
        JobChanges.ChangedJob job = changes.changedSince("SUCCEEDED", T0.plusSeconds(9), 10).get(0);
        assertThat(job.signature()).isEqualTo("com.example.Invoices.send(java.lang.Long)");
        assertThat(job.history().replace(" ", ""))
                .isEqualTo("[[\"ENQUEUED\",\"2026-12-01T09:59:58Z\"],[\"SUCCEEDED\",\"2026-12-01T10:00:00Z\"]]");
        assertThat(changes.changedSince("FAILED", T0, 10).get(0).history()).isNull();
    }
}
