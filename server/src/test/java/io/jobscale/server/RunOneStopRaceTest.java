package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.runone.RunOne;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop (SIGTERM) that lands anywhere around run-one's claim: before it, during it, or just after it. Whichever
 * comes first, the job ends ENQUEUED with no FAILED state and never ran to success, and nothing is left PROCESSING.
 */
class RunOneStopRaceTest {

    private static final int ROUNDS = 12;

    @Test
    void aStopAroundTheClaimNeverOrphansOrDoublesTheJob() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_run_one_stop_race");
        TestJobs.useDatabase(database);
        JobStates states = new JobStates(database);
        WorkerSettings settings = new WorkerSettings(1, Duration.ofSeconds(5), Duration.ofMillis(500), "race/1");
        try (HikariDataSource dataSource = DataSources.create(database.withPoolSize(4), "race");
             JobscaleClient client = JobscaleClient.create(database)) {
            JobscaleStorageProvider storage = new JobscaleStorageProvider(dataSource);
            for (int round = 0; round < ROUNDS; round++) {
                UUID id = client.enqueue(() -> TestJobs.sleep(60_000, JobContext.Null));
                // Every third round stops before the claim can start; the others at a random moment around it.
                long delayMicros = round % 3 == 0 ? -1 : ThreadLocalRandom.current().nextLong(0, 30_000);
                RunOne runOne = new RunOne(storage, settings, Clock.systemUTC(), self -> {
                    if (delayMicros < 0) {
                        self.stop();
                        return;
                    }
                    CompletableFuture.runAsync(() -> {
                        sleepMicros(delayMicros);
                        self.stop();
                    });
                });
                CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> runOne.run(id));

                assertThat(run.get(60, TimeUnit.SECONDS)).as("exit code, round %d", round).isZero();
                assertThat(states.state(id)).as("state, round %d (stop after %d µs)", round, delayMicros)
                        .isEqualTo("ENQUEUED");
                assertThat(states.historyCount(id, "FAILED")).isZero();
                assertThat(TestJobs.events(database, "success")).doesNotContain(id.toString());
            }
        }
    }

    private static void sleepMicros(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
