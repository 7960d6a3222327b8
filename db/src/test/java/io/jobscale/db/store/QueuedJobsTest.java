package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs a ScaledJob launches units for come in the order workers take them ({@link JobsTable#QUEUE_ORDER}). */
class QueuedJobsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static HikariDataSource dataSource;
    private static QueuedJobs queued;

    @BeforeAll
    static void start() throws Exception {
        dataSource = DataSources.create(TestDatabase.fresh("queued_jobs"), "queued-jobs-test");
        queued = new QueuedJobs(dataSource);
        insert("late-urgent", "ENQUEUED", 0, 30, 4);
        insert("early-urgent", "ENQUEUED", 0, 20, 1);
        insert("early-normal", "ENQUEUED", 5, 10, 1);
        insert("running", "PROCESSING", 0, 0, 2);
        insert("scheduled", "SCHEDULED", 0, 0, 1);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    private static void insert(String id, String state, int priority, int secondsAfterT0, long version)
            throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO"
                + " jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, priority)"
                + " VALUES (?, ?, '{}', 'test.Job.run()', ?, ?, ?, ?)")) {
            Timestamp at = Timestamp.from(T0.plusSeconds(secondsAfterT0));
            s.setString(1, id);
            s.setLong(2, version);
            s.setString(3, state);
            s.setTimestamp(4, at);
            s.setTimestamp(5, at);
            s.setInt(6, priority);
            s.executeUpdate();
        }
    }

    @Test
    void mostUrgentFirstThenOldestWithTheirVersions() throws Exception {
        assertThat(queued.next(10, Set.of())).containsExactly(new QueuedJob("early-urgent", 1),
                new QueuedJob("late-urgent", 4), new QueuedJob("early-normal", 1));
    }

    @Test
    void leavesOutExcludedJobsAndStopsAtTheCount() throws Exception {
        assertThat(queued.next(1, Set.of("early-urgent"))).containsExactly(new QueuedJob("late-urgent", 4));
        assertThat(queued.next(2, Set.of("late-urgent"))).extracting(QueuedJob::id)
                .containsExactly("early-urgent", "early-normal");
        assertThat(queued.next(0, Set.of())).isEmpty();
    }
}
