package io.jobscale.server;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link JobscaleWorker} inside an application: its own objects run its jobs; a job it lacks the code for survives. */
class EmbeddedWorkerTest {

    /** An application service without a no-argument constructor: only the application can make one. */
    public static final class Greeter {
        private final String greeting;

        public Greeter(String greeting) {
            this.greeting = greeting;
        }

        public void greet(int n) {
            TestJobs.record(greeting + n);
        }
    }

    @Test
    void instanceMethodJobsRunOnTheObjectsTheActivatorGives() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_embedded_worker");
        TestJobs.useDatabase(database);
        Greeter greeter = new Greeter("hello-");
        List<String> expected = new ArrayList<>();
        try (JobscaleClient client = JobscaleClient.create(database)) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                client.enqueue(() -> greeter.greet(n));
                expected.add("hello-" + i);
            }
        }
        try (JobscaleWorker worker = JobscaleWorker.start(database, settings("embedded/1"),
                new org.jobrunr.server.JobActivator() {
                    @Override
                    public <T> T activateJob(Class<T> type) {
                        return type == Greeter.class ? type.cast(greeter) : null;
                    }
                })) {
            await().atMost(Duration.ofMinutes(2)).until(() -> TestJobs.events(database, "done").size() == 50);
        }
        assertThat(TestJobs.events(database, "done")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aJobWhoseClassTheWorkerLacksIsPutBackNotFailed() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_missing_job_class");
        TestJobs.useDatabase(database);
        UUID id;
        try (JobscaleClient client = JobscaleClient.create(database)) {
            id = client.enqueue(() -> TestJobs.record("never"));
        }
        // As if enqueued by an application whose code this worker does not have.
        SqlQueries.single(database, "WITH u AS (UPDATE jobrunr_jobs SET jobAsJson = replace(jobAsJson,"
                + " 'io.jobscale.server.testing.TestJobs', 'com.example.billing.InvoiceJobs') RETURNING 1)"
                + " SELECT count(*) FROM u");
        JobStates states = new JobStates(database);
        try (JobscaleWorker worker = JobscaleWorker.start(database, settings("stock/1"), null)) {
            await().atMost(Duration.ofMinutes(1)).until(() -> "SCHEDULED".equals(states.state(id)));
        }
        assertThat(states.historyCount(id, "FAILED")).isZero();
        assertThat(SqlQueries.single(database, "SELECT jobAsJson::jsonb -> 'jobHistory' -> -1 ->> 'reason'"
                + " FROM jobrunr_jobs WHERE id = '" + id + "'"))
                .startsWith("Not runnable on stock/1").contains("com.example.billing.InvoiceJobs").contains("1 of 5");
        assertThat(TestJobs.events(database, "done")).isEmpty();
    }

    private static WorkerSettings settings(String name) {
        return new WorkerSettings(4, Duration.ofSeconds(5), Duration.ofSeconds(1), name);
    }
}
