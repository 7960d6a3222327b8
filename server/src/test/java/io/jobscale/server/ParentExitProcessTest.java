package io.jobscale.server;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.testing.JavaProcess;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A worker whose parent (the web process running the local autoscaler) is killed outright stops gracefully. */
class ParentExitProcessTest {

    @Test
    void workerStopsGracefullyWhenItsParentIsKilled() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_parent_exit");
        TestJobs.useDatabase(database);
        UUID longJob;
        try (JobscaleClient client = JobscaleClient.create(database)) {
            longJob = client.enqueue(() -> TestJobs.sleep(60_000, JobContext.Null));
        }
        Process parent = new ProcessBuilder("sleep", "600").start();
        Process worker = JavaProcess.start("parent-exit-worker", database, Map.of("JOBSCALE_WORKERS", "2",
                "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP", "PT2S", TerminationSignals.PARENT_PID, Long.toString(parent.pid())),
                WorkerMain.class.getName());
        boolean exited;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> TestJobs.events(database, "start").size() == 1);
            parent.destroyForcibly();   // SIGKILL: nothing tells the worker
            exited = worker.waitFor(30, TimeUnit.SECONDS);
        } finally {
            parent.destroyForcibly();
            worker.destroyForcibly();
        }

        assertThat(exited).as("worker exited after its parent").isTrue();
        assertThat(worker.exitValue()).isZero();
        JobStates states = new JobStates(database);
        assertThat(states.state(longJob)).as("handed back").isEqualTo("ENQUEUED");
        assertThat(states.historyCount(longJob, "FAILED")).as("retries used").isZero();
    }

    @Test
    void parentPidMustBeAProcessId() {
        assertThat(TerminationSignals.parentPid(Settings.of(Map.of()))).isEmpty();
        assertThat(TerminationSignals.parentPid(Settings.of(Map.of(TerminationSignals.PARENT_PID, "4242")))).isEqualTo(Optional.of(4242L));
        for (String bad : new String[]{"abc", "-1", "0", "12x"}) {
            assertThatThrownBy(() -> TerminationSignals.parentPid(Settings.of(Map.of(TerminationSignals.PARENT_PID, bad))))
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining(TerminationSignals.PARENT_PID);
        }
    }
}
