package io.jobscale.server;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.testing.JavaProcess;
import io.jobscale.server.testing.TestJobs;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance: run-one runs exactly the named job in its own process, with exit codes a Kubernetes Job can use. */
class RunOneProcessTest {

    private static DatabaseSettings database;
    private static JobStates states;

    @BeforeAll
    static void database() {
        database = TestDatabase.fresh("server_run_one");
        TestJobs.useDatabase(database);
        states = new JobStates(database);
    }

    @Test
    void succeedingJobExitsZeroAndSucceeds() throws Exception {
        UUID id = enqueue(JobOptions.defaults(), false);

        assertThat(runOne(id.toString())).isZero();

        assertThat(states.state(id)).isEqualTo("SUCCEEDED");
        assertThat(TestJobs.events(database, "success")).contains(id.toString());
    }

    @Test
    void throwingJobExitsNonZeroAndIsRetriedOrFailed() throws Exception {
        UUID retried = enqueue(JobOptions.defaults(), true);
        UUID noRetries = enqueue(JobOptions.defaults().withRetries(0), true);

        assertThat(runOne(retried.toString())).isEqualTo(1);
        assertThat(runOne(noRetries.toString())).isEqualTo(1);

        // Retried: one FAILED state, then SCHEDULED for the back-off (a few seconds: by now another run-one process may
        // already have moved it to ENQUEUED, so either state holds whatever the timing).
        assertThat(states.historyCount(retried, "FAILED")).isEqualTo(1);
        assertThat(states.state(retried)).isIn("SCHEDULED", "ENQUEUED");
        assertThat(states.state(noRetries)).isEqualTo("FAILED");
    }

    @Test
    void finishedOrMissingJobExitsZeroAndRunsNothing() throws Exception {
        UUID id = enqueue(JobOptions.defaults(), false);
        assertThat(runOne(id.toString())).isZero();
        int runsBefore = TestJobs.events(database, "start").size();

        assertThat(runOne(id.toString())).isZero();
        assertThat(runOne(UUID.randomUUID().toString())).isZero();

        assertThat(TestJobs.events(database, "start")).hasSize(runsBefore);
        assertThat(states.historyCount(id, "PROCESSING")).isEqualTo(1);
    }

    @Test
    void withoutAnIdItRunsTheMostUrgentEnqueuedJob() throws Exception {
        UUID lowPriority = enqueue(JobOptions.priority(5), false);
        UUID urgent = enqueue(JobOptions.priority(0), false);

        assertThat(runOne()).isZero();

        assertThat(states.state(urgent)).isEqualTo("SUCCEEDED");
        assertThat(states.state(lowPriority)).isEqualTo("ENQUEUED");
        assertThat(runOne()).isZero();
        assertThat(states.state(lowPriority)).isEqualTo("SUCCEEDED");
    }

    @Test
    void malformedJobIdIsAUsageError() throws Exception {
        assertThat(runOne("not-a-uuid")).isEqualTo(2);
    }

    private static UUID enqueue(JobOptions options, boolean fails) throws Exception {
        try (JobscaleClient client = JobscaleClient.create(database)) {
            return fails ? client.enqueue(options, () -> TestJobs.fail("boom"))
                    : client.enqueue(options, () -> TestJobs.sleep(100, JobContext.Null));
        }
    }

    private static int runOne(String... jobId) throws Exception {
        Process process = JavaProcess.start("run-one", database, Map.of(), RunOneMain.class.getName(), jobId);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("run-one exited").isTrue();
        return process.exitValue();
    }
}
