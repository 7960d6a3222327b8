package io.jobscale.server.pickup;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobrunr.jobs.states.StateName.ENQUEUED;
import static org.jobrunr.jobs.states.StateName.SCHEDULED;

/** The promoter on a fixed clock: what it enqueues, and how long it sleeps then, at instants around a due time. */
class DueJobPromoterTest {

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static HikariDataSource dataSource;
    private static JobscaleStorageProvider storage;

    @BeforeAll
    static void database() {
        DatabaseSettings database = TestDatabase.fresh("server_due_job_promoter");
        TestJobs.useDatabase(database);
        dataSource = DataSources.create(database, "test-promoter");
        storage = new JobscaleStorageProvider(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void enqueuesAJobOnlyOnceItsTimeHasPassed() {
        // An instant with nanoseconds, which the column rounds to microseconds: the promoter must not be early
        // either way.
        Instant due = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS)
                .plusNanos(123_456_789 % 1_000_000);
        UUID id = new JobscaleClient(storage).schedule(due, () -> TestJobs.record("due"));

        assertThat(promoterAt(due.minusSeconds(10)).promoteDue()).as("sleep until due").isEqualTo(10_001);
        assertThat(storage.getJobById(id).getState()).isEqualTo(SCHEDULED);
        promoterAt(due.minusNanos(1)).promoteDue();
        assertThat(storage.getJobById(id).getState()).as("a nanosecond early").isEqualTo(SCHEDULED);
        promoterAt(due).promoteDue();
        assertThat(storage.getJobById(id).getState()).as("at its instant").isEqualTo(SCHEDULED);

        assertThat(promoterAt(due.plus(Duration.ofMillis(1))).promoteDue()).as("nothing left: sleep the longest")
                .isEqualTo(MAX_WAIT.toMillis());
        assertThat(storage.getJobById(id).getState()).isEqualTo(ENQUEUED);
        assertThat(storage.getJobById(id).getJobStates()).extracting(s -> s.getName()).containsExactly(SCHEDULED,
                ENQUEUED);
    }

    @Test
    void enqueuesEveryDueJobInBatchesAndLeavesTheRest() {
        Instant now = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);   // whole ms: exact sleep
        JobscaleClient client = new JobscaleClient(storage);
        int due = DueJobPromoter.BATCH + 5;
        for (int i = 0; i < due; i++) client.schedule(now.minusSeconds(1 + i % 50), () -> TestJobs.record("due"));
        UUID later = client.schedule(now.plusSeconds(30), () -> TestJobs.record("later"));

        long sleep = promoterAt(now).promoteDue();

        assertThat(sleep).isEqualTo(30_001);
        assertThat(storage.getJobById(later).getState()).isEqualTo(SCHEDULED);
        assertThat(storage.countJobs(ENQUEUED)).isGreaterThanOrEqualTo(due);
    }

    private static DueJobPromoter promoterAt(Instant instant) {
        return new DueJobPromoter(storage, Clock.fixed(instant, ZoneOffset.UTC), MAX_WAIT, () -> { });
    }
}
