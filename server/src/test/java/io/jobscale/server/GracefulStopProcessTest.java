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

/** Acceptance: SIGTERM lets short jobs finish, hands long ones back without burning a retry, exits 0; none lost. */
class GracefulStopProcessTest {

    @Test
    void sigtermFinishesShortJobsAndHandsBackLongOnes() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_graceful_stop");
        TestJobs.useDatabase(database);
        List<UUID> shortJobs = new ArrayList<>();
        List<UUID> longJobs = new ArrayList<>();
        try (JobscaleClient client = JobscaleClient.create(database)) {
            for (int i = 0; i < 4; i++) shortJobs.add(client.enqueue(() -> TestJobs.sleep(3_000, JobContext.Null)));
            for (int i = 0; i < 2; i++) longJobs.add(client.enqueue(() -> TestJobs.sleep(60_000, JobContext.Null)));
        }
        JobStates states = new JobStates(database);
        Map<String, String> env = Map.of("JOBSCALE_WORKERS", "6", "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP", "PT5S");

        Process first = JavaProcess.start("graceful-stop-first", database, env, WorkerMain.class.getName());
        List<UUID> all = new ArrayList<>(shortJobs);
        all.addAll(longJobs);
        boolean exited;
        Duration stopTook;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> TestJobs.events(database, "start").size() == 6);
            long signalledAt = System.nanoTime();
            first.destroy();   // SIGTERM
            exited = first.waitFor(10 + 5, TimeUnit.SECONDS);
            stopTook = Duration.ofNanos(System.nanoTime() - signalledAt);
        } finally {
            first.destroyForcibly();
        }

        assertThat(exited).as("worker exited").isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(stopTook).isLessThanOrEqualTo(Duration.ofSeconds(5 + 5));
        for (UUID id : shortJobs) assertThat(states.state(id)).isEqualTo("SUCCEEDED");
        for (UUID id : longJobs) {
            assertThat(states.state(id)).isEqualTo("ENQUEUED");
            assertThat(states.historyCount(id, "FAILED")).as("retries used").isZero();
        }

        Process second = JavaProcess.start("graceful-stop-second", database, env, WorkerMain.class.getName());
        try {
            await().atMost(Duration.ofSeconds(100)).until(() -> longJobs.stream().allMatch(id -> "SUCCEEDED".equals(states.state(id))));
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(states.countByState(all)).isEqualTo(Map.of("SUCCEEDED", 6));
        List<String> successes = TestJobs.events(database, "success");
        assertThat(successes).hasSize(6).doesNotHaveDuplicates();
        for (UUID id : all) assertThat(states.historyCount(id, "SUCCEEDED")).isEqualTo(1);
    }
}
