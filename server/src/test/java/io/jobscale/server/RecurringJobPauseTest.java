package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.storage.RecurringJobPauses;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A recurring job paused in the database (as the dashboard does, from another process) gets no runs from a running
 * worker's master, and after a resume gets runs again from the next time due, without the ones missed while paused.
 */
class RecurringJobPauseTest {

    /** jobrunr's shortest poll interval; the master creates the runs of each interval at its start. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /** As often as jobrunr allows a recurring job to run: once a poll interval. */
    private static final String EVERY_FIVE_SECONDS = "*/5 * * * * *";
    private static final String ID = "tick";

    private HikariDataSource workerDataSource;
    private HikariDataSource dashboardDataSource;
    private JobscaleStorageProvider storage;
    private RecurringJobPauses pauses;
    private Worker worker;

    @BeforeEach
    void workerWithARecurringJobEveryPollInterval() {
        DatabaseSettings database = TestDatabase.fresh("server_recurring_pause");
        TestJobs.useDatabase(database);
        workerDataSource = DataSources.create(database, "test-recurring-worker");
        dashboardDataSource = DataSources.create(database, "test-recurring-dashboard");
        storage = new JobscaleStorageProvider(workerDataSource);
        pauses = new RecurringJobPauses(dashboardDataSource);
        new JobscaleClient(storage).scheduleRecurrently(ID, EVERY_FIVE_SECONDS, () -> TestJobs.record("tick"));
        worker = Worker.start(new WorkerSettings(2, POLL_INTERVAL, Duration.ofSeconds(1), "test/recurring"), storage,
                Worker.Mode.WORKER, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        worker.stopGracefully();
        workerDataSource.close();
        dashboardDataSource.close();
    }

    @Test
    void aPausedRecurringJobGetsNoRunsAndAfterResumingOnlyTheNextOnes() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> runs() >= 3);

        assertThat(pauses.pause(ID, Instant.now())).isTrue();
        assertThat(pauses.paused()).containsOnlyKeys(ID);
        // A master poll under way when the pause was written may still save the runs it had made before.
        Thread.sleep(POLL_INTERVAL.multipliedBy(2).toMillis());
        long whilePaused = runs();
        Instant heartbeatBefore = lastHeartbeat();
        for (int interval = 0; interval < 3; interval++) {
            Thread.sleep(POLL_INTERVAL.toMillis());
            assertThat(runs()).as("runs %d poll intervals into the pause", interval + 3).isEqualTo(whilePaused);
        }
        assertThat(lastHeartbeat()).as("the worker kept polling while paused").isAfter(heartbeatBefore);

        Instant resumed = Instant.now();
        pauses.resume(ID);

        assertThat(pauses.paused()).isEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs() > whilePaused);
        // Missed runs would be due back in the pause, at least 5 poll intervals before the resume.
        assertThat(scheduledTimesOfRunsCreatedAfter(resumed)).isNotEmpty()
                .allSatisfy(at -> assertThat(at).isAfter(resumed.minus(POLL_INTERVAL)));
    }

    @Test
    void pausingAnUnknownRecurringJobSaysSoAndDeletingAPausedOneDropsItsPause() {
        assertThat(pauses.pause("nope", Instant.now())).isFalse();
        assertThat(pauses.paused()).isEmpty();

        pauses.pause(ID, Instant.now());
        new JobscaleClient(storage).deleteRecurringJob(ID);

        assertThat(pauses.paused()).isEmpty();
    }

    private long runs() throws SQLException {
        try (Connection c = dashboardDataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM jobrunr_jobs WHERE recurringJobId = ?")) {
            s.setString(1, ID);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Instant lastHeartbeat() throws SQLException {
        try (Connection c = dashboardDataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT max(lastHeartbeat) FROM jobrunr_backgroundjobservers");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private List<Instant> scheduledTimesOfRunsCreatedAfter(Instant after) throws SQLException {
        List<Instant> times = new ArrayList<>();
        try (Connection c = dashboardDataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id FROM jobrunr_jobs WHERE recurringJobId = ? AND createdAt > ?")) {
            s.setString(1, ID);
            s.setTimestamp(2, Timestamp.from(after));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    storage.getJobById(UUID.fromString(rs.getString(1))).getJobStates().stream()
                            .filter(ScheduledState.class::isInstance).map(ScheduledState.class::cast)
                            .map(ScheduledState::getScheduledAt).forEach(times::add);
                }
            }
        }
        return times;
    }
}
