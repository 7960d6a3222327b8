package io.jobscale.server;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.testing.JavaProcess;
import io.jobscale.server.testing.TcpProxy;
import io.jobscale.server.testing.TestJobs;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults during a worker's life that must not fail a job: a job that ignores its interrupt, a database cut while jobs
 * run, a database cut during the graceful stop. Real worker processes; the database line goes through a TCP proxy the
 * test cuts. Every assertion is about outcomes (states, histories, exit codes), which hold whatever the timing.
 */
class StopUnderFaultsProcessTest {

    @Test
    void aJobIgnoringItsInterruptIsHandedBackWithTheOthersInTime() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_stop_stuck_job");
        TestJobs.useDatabase(database);
        List<UUID> jobs = new ArrayList<>();
        try (JobscaleClient client = JobscaleClient.create(database)) {
            jobs.add(client.enqueue(() -> TestJobs.stubborn(120_000, JobContext.Null)));
            for (int i = 0; i < 2; i++) jobs.add(client.enqueue(() -> TestJobs.sleep(120_000, JobContext.Null)));
        }
        Process worker = JavaProcess.start("stop-stuck-job", database,
                Map.of("JOBSCALE_WORKERS", "3", "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP", "PT10S"),
                WorkerMain.class.getName());
        Duration stopTook;
        boolean exited;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> TestJobs.events(database, "start").size() == 3);
            long signalledAt = System.nanoTime();
            worker.destroy();   // SIGTERM
            exited = worker.waitFor(30, TimeUnit.SECONDS);
            stopTook = Duration.ofNanos(System.nanoTime() - signalledAt);
        } finally {
            worker.destroyForcibly();
        }

        assertThat(exited).as("worker exited").isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(stopTook).as("await 10 s + interrupt grace + hand-back").isLessThan(Duration.ofSeconds(18));
        JobStates states = new JobStates(database);
        for (UUID id : jobs) {
            assertThat(states.state(id)).isEqualTo("ENQUEUED");
            assertThat(states.historyCount(id, "FAILED")).as("retries used").isZero();
            // Handed back to its old place in the queue, not to the end of it.
            assertThat(states.updatedAt(id).truncatedTo(ChronoUnit.MILLIS))
                    .isEqualTo(states.firstEnqueuedAt(id).truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Test
    void aDatabaseCutWhileJobsRunFailsNone() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_cut_while_running");
        TestJobs.useDatabase(database);
        try (TcpProxy proxy = proxyTo(database)) {
            List<UUID> jobs = new ArrayList<>();
            try (JobscaleClient client = JobscaleClient.create(database)) {
                for (int i = 0; i < 4; i++) jobs.add(client.enqueue(() -> TestJobs.sleep(20_000, JobContext.Null)));
            }
            Process worker = JavaProcess.start("cut-while-running", database, viaProxy(database, proxy,
                    Map.of("JOBSCALE_WORKERS", "4")), WorkerMain.class.getName());
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> TestJobs.events(database, "start").size() == 4);
                proxy.cut();
                Thread.sleep(8_000);
                proxy.restore();
                JobStates states = new JobStates(database);
                await().atMost(Duration.ofSeconds(90)).until(() -> jobs.stream()
                        .allMatch(id -> "SUCCEEDED".equals(states.state(id))));
                for (UUID id : jobs) assertThat(states.historyCount(id, "FAILED")).as("failed states").isZero();
                assertThat(TestJobs.events(database, "start")).as("each ran once").hasSize(4);
            } finally {
                worker.destroy();
                worker.waitFor(30, TimeUnit.SECONDS);
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void aDatabaseCutDuringTheStopDelaysTheHandBackUntilItReturns() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_cut_during_stop");
        TestJobs.useDatabase(database);
        try (TcpProxy proxy = proxyTo(database)) {
            List<UUID> jobs = enqueueLongJobs(database, 4);
            Process worker = JavaProcess.start("cut-during-stop", database, viaProxy(database, proxy,
                    Map.of("JOBSCALE_WORKERS", "4", "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP", "PT10S",
                            "JOBSCALE_TERMINATION_GRACE_PERIOD", "PT40S")), WorkerMain.class.getName());
            boolean exited;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> TestJobs.events(database, "start").size() == 4);
                proxy.cut();
                worker.destroy();   // SIGTERM while the database is unreachable
                Thread.sleep(13_000);
                proxy.restore();
                exited = worker.waitFor(40, TimeUnit.SECONDS);
            } finally {
                worker.destroyForcibly();
            }
            assertThat(exited).isTrue();
            assertThat(worker.exitValue()).as("every job handed back").isZero();
            JobStates states = new JobStates(database);
            for (UUID id : jobs) {
                assertThat(states.state(id)).isEqualTo("ENQUEUED");
                assertThat(states.historyCount(id, "FAILED")).isZero();
            }
        }
    }

    @Test
    void aStopThatCannotHandBackBeforeTheGracePeriodEndsExitsNonZeroAndSaysSo() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_cut_past_grace");
        TestJobs.useDatabase(database);
        try (TcpProxy proxy = proxyTo(database)) {
            enqueueLongJobs(database, 2);
            Files.deleteIfExists(Path.of("target", "process-logs", "cut-past-grace.log"));
            Process worker = JavaProcess.start("cut-past-grace", database, viaProxy(database, proxy,
                    Map.of("JOBSCALE_WORKERS", "2", "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP", "PT1S",
                            "JOBSCALE_TERMINATION_GRACE_PERIOD", "PT10S")), WorkerMain.class.getName());
            boolean exited;
            Duration stopTook;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> TestJobs.events(database, "start").size() == 2);
                proxy.cut();
                long signalledAt = System.nanoTime();
                worker.destroy();
                exited = worker.waitFor(30, TimeUnit.SECONDS);
                stopTook = Duration.ofNanos(System.nanoTime() - signalledAt);
            } finally {
                worker.destroyForcibly();
            }
            assertThat(exited).isTrue();
            assertThat(worker.exitValue()).isEqualTo(TerminationSignals.STOP_INCOMPLETE);
            assertThat(stopTook).as("exits before Kubernetes would kill it").isLessThan(Duration.ofSeconds(10 + 2));
            assertThat(Files.readString(Path.of("target", "process-logs", "cut-past-grace.log")))
                    .contains("Graceful stop incomplete");
        }
    }

    private static List<UUID> enqueueLongJobs(DatabaseSettings database, int count) throws Exception {
        List<UUID> jobs = new ArrayList<>();
        try (JobscaleClient client = JobscaleClient.create(database)) {
            for (int i = 0; i < count; i++) jobs.add(client.enqueue(() -> TestJobs.sleep(120_000, JobContext.Null)));
        }
        return jobs;
    }

    private static TcpProxy proxyTo(DatabaseSettings database) throws Exception {
        URI direct = URI.create(database.url().substring("jdbc:".length()));
        return new TcpProxy(direct.getHost(), direct.getPort());
    }

    private static Map<String, String> viaProxy(DatabaseSettings database, TcpProxy proxy, Map<String, String> env) {
        URI direct = URI.create(database.url().substring("jdbc:".length()));
        Map<String, String> all = new HashMap<>(env);
        all.put("JOBSCALE_DB_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getPath());
        return all;
    }
}
