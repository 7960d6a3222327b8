package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobscale_recurring_job_pauses} on PostgreSQL: pausing (again), asking, resuming, deleting the job. */
class PausedRecurringJobsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static HikariDataSource dataSource;
    private static PausedRecurringJobs paused;

    @BeforeAll
    static void start() {
        dataSource = DataSources.create(TestDatabase.fresh("paused_recurring_jobs"), "paused-recurring-test");
        paused = new PausedRecurringJobs(dataSource);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    private static void recurringJob(String id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO"
                + " jobrunr_recurring_jobs (id, version, jobAsJson, createdAt) VALUES (?, 1, '{}', 0)")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    @Test
    void aPauseKeepsItsFirstTimeAndEndsWithResumeOrTheJobsDeletion() throws Exception {
        recurringJob("digest");
        recurringJob("report");
        assertThat(paused.pause("digest", T0)).isTrue();
        assertThat(paused.pause("digest", T0.plusSeconds(60))).isTrue();
        assertThat(paused.pause("report", T0)).isTrue();
        assertThat(paused.pause("unknown", T0)).isFalse();

        assertThat(paused.all()).containsOnlyKeys("digest", "report").containsEntry("digest", T0);
        assertThat(paused.among(List.of("digest", "unknown"))).containsExactly("digest");
        assertThat(paused.among(List.of())).isEmpty();

        paused.resume("digest");
        paused.resume("digest");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM jobrunr_recurring_jobs WHERE id = 'report'")) {
            s.executeUpdate();
        }
        assertThat(paused.all()).isEmpty();
    }
}
