package io.jobscale.server;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.testing.JavaProcess;
import io.jobscale.server.testing.TestJobs;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Acceptance: a worker SIGKILLed mid-run loses nothing; its jobs run again on the other worker. */
class CrashRecoveryProcessTest {

    private static final int JOBS = 500;

    @Test
    void jobsOfAKilledWorkerRunAgainElsewhere() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_crash_recovery");
        TestJobs.useDatabase(database);
        List<UUID> jobs = new ArrayList<>();
        try (JobscaleClient client = JobscaleClient.create(database)) {
            for (int i = 0; i < JOBS; i++) jobs.add(client.enqueue(() -> TestJobs.sleep(200, JobContext.Null)));
        }
        Map<String, String> env = Map.of("JOBSCALE_WORKERS", "4");
        Process survivor = JavaProcess.start("crash-survivor", database, env, WorkerMain.class.getName());
        Process victim = JavaProcess.start("crash-victim", database, env, WorkerMain.class.getName());
        JobStates states = new JobStates(database);
        try {
            long victimPid = victim.pid();
            await().atMost(Duration.ofSeconds(60)).until(() -> startsBy(database, victimPid) >= 8);
            victim.destroyForcibly();   // SIGKILL mid-run
            victim.waitFor(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> countSucceeded(database) == JOBS);
        } finally {
            survivor.destroy();
            survivor.waitFor(20, TimeUnit.SECONDS);
            victim.destroyForcibly();
        }
        for (UUID id : jobs) {
            assertThat(states.state(id)).isEqualTo("SUCCEEDED");
            assertThat(states.historyCount(id, "SUCCEEDED")).as("job %s succeeded once", id).isEqualTo(1);
        }
        assertThat(TestJobs.events(database, "start").size()).as("some jobs were cut off and started again").isGreaterThan(JOBS);
    }

    private static long startsBy(DatabaseSettings database, long pid) throws Exception {
        return Long.parseLong(SqlQueries.single(database, "SELECT count(*) FROM jobscale_test_runs WHERE event = 'start' AND pid = " + pid));
    }

    private static long countSucceeded(DatabaseSettings database) throws Exception {
        return Long.parseLong(SqlQueries.single(database, "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'"));
    }
}
