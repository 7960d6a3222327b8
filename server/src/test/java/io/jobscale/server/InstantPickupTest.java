package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobrunr.jobs.states.StateName.SUCCEEDED;

/**
 * An idle worker whose poll interval is a minute starts a job long before its next poll: woken by the enqueue
 * notification, or, for a scheduled job, by its own promoter at the job's time, never before.
 */
class InstantPickupTest {

    /** Long enough that a job started within {@link #WELL_BEFORE_THE_POLL} was not found by polling. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(60);
    private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(30);

    private HikariDataSource dataSource;
    private JobscaleStorageProvider storage;
    private Worker worker;
    private Instant pollsStarted;

    @BeforeEach
    void idleWorker() {
        DatabaseSettings database = TestDatabase.fresh("server_instant_pickup");
        TestJobs.useDatabase(database);
        dataSource = DataSources.create(database, "test-pickup");
        storage = new JobscaleStorageProvider(dataSource);
        worker = Worker.start(new WorkerSettings(2, POLL_INTERVAL, Duration.ofSeconds(1), "test/pickup"), storage,
                Worker.Mode.WORKER, Clock.systemUTC());
        // The steward's first poll comes a second after the start; the next one a minute later.
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.server().isAnnounced());
        pollsStarted = Instant.now();
        sleep(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        worker.stopGracefully();
        dataSource.close();
    }

    @Test
    void anEnqueuedJobStartsWithoutWaitingForThePoll() {
        UUID id = new JobscaleClient(storage).enqueue(() -> TestJobs.record("now"));

        await().atMost(WELL_BEFORE_THE_POLL).until(() -> storage.getJobById(id).hasState(SUCCEEDED));
        assertThat(Instant.now()).isBefore(pollsStarted.plus(POLL_INTERVAL));
    }

    @Test
    void aScheduledJobStartsAtItsTimeNeverBefore() {
        Instant due = Instant.now().plusSeconds(3);
        UUID id = new JobscaleClient(storage).schedule(due, () -> TestJobs.record("later"));

        await().atMost(WELL_BEFORE_THE_POLL).until(() -> storage.getJobById(id).hasState(SUCCEEDED));
        Job job = storage.getJobById(id);
        Instant scheduledAt = job.getJobStates().stream().filter(ScheduledState.class::isInstance)
                .map(ScheduledState.class::cast)
                .map(ScheduledState::getScheduledAt).findFirst().orElseThrow();
        Instant started = job.getJobStates().stream().filter(ProcessingState.class::isInstance)
                .map(state -> state.getCreatedAt()).findFirst().orElseThrow();
        assertThat(started).as("processing started").isAfterOrEqualTo(scheduledAt);
        assertThat(Instant.now()).isBefore(pollsStarted.plus(POLL_INTERVAL));
    }

    @Test
    void eachOfManyJobsEnqueuedOneByOneStartsWithoutThePoll() {
        JobscaleClient client = new JobscaleClient(storage);
        for (int i = 0; i < 20; i++) {
            UUID id = client.enqueue(() -> TestJobs.record("one"));
            await().atMost(WELL_BEFORE_THE_POLL).until(() -> storage.getJobById(id).hasState(SUCCEEDED));
        }
        assertThat(Instant.now()).isBefore(pollsStarted.plus(POLL_INTERVAL));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
