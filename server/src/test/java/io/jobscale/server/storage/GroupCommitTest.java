package io.jobscale.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobOptions;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.lambdas.JobLambda;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobrunr.jobs.states.StateName.DELETED;
import static org.jobrunr.jobs.states.StateName.ENQUEUED;

class GroupCommitTest {

    @Test
    void manyWorkerThreadsFinishingTogetherLoseNothingAndRunNothingTwice() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_group_commit_workers");
        TestJobs.useDatabase(database);
        int jobs = 600;
        try (HikariDataSource dataSource = DataSources.create(database, "test-group-commit")) {
            JobscaleStorageProvider storage = new JobscaleStorageProvider(dataSource);
            List<JobLambda> lambdas = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                String tag = Integer.toString(i);
                lambdas.add(() -> TestJobs.record(tag));
            }
            new JobscaleClient(storage).enqueueAll(JobOptions.defaults(), lambdas);
            Worker worker = Worker.start(new WorkerSettings(16, Duration.ofSeconds(5), Duration.ofSeconds(1),
                    "test/group"), storage,
                    Worker.Mode.WORKER, Clock.systemUTC());
            try {
                await().atMost(Duration.ofMinutes(3)).until(() -> count(dataSource,
                        "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'") == jobs);
            } finally {
                worker.stopGracefully();
            }
            assertThat(TestJobs.events(database, "done")).hasSize(jobs).doesNotHaveDuplicates();
            // Each job's history is complete and in order: enqueued, processing, succeeded.
            assertThat(count(dataSource,
                    "SELECT count(*) FROM jobrunr_jobs j WHERE jsonb_array_length(j.jobAsJson::jsonb -> 'jobHistory') = 3"
                    + " AND j.jobAsJson::jsonb -> 'jobHistory' -> 1 ->> 'state' = 'PROCESSING'"
                    + " AND j.jobAsJson::jsonb -> 'jobHistory' -> 2 ->> 'state' = 'SUCCEEDED'")).isEqualTo(jobs);
        }
    }

    @Test
    void aJobChangedMeanwhileFailsAloneAndTheOthersAreSaved() {
        DatabaseSettings database = TestDatabase.fresh("server_group_commit_conflict");
        TestJobs.useDatabase(database);
        try (HikariDataSource dataSource = DataSources.create(database, "test-group-commit")) {
            JobscaleStorageProvider storage = new JobscaleStorageProvider(dataSource);
            List<UUID> ids = new JobscaleClient(storage).enqueueAll(JobOptions.defaults(),
                    List.of(() -> TestJobs.record("a"), () -> TestJobs.record("b"), () -> TestJobs.record("c")));
            List<Job> loaded = ids.stream().map(storage::getJobById).toList();
            Job otherCopyOfB = storage.getJobById(ids.get(1));
            otherCopyOfB.delete("deleted from the dashboard meanwhile");
            storage.save(otherCopyOfB);
            loaded.forEach(job -> job.delete("deleted by the test"));

            Map<Job, RuntimeException> failures = storage.groupCommit().write(loaded);

            assertThat(failures).containsOnlyKeys(loaded.get(1));
            assertThat(failures.get(loaded.get(1))).isInstanceOf(ConcurrentJobModificationException.class);
            for (int i : new int[]{0, 2}) {
                Job stored = storage.getJobById(ids.get(i));
                assertThat(stored.getState()).isEqualTo(DELETED);
                assertThat(stored.getVersion()).isEqualTo(loaded.get(i).getVersion());
            }
            assertThat(storage.getJobById(ids.get(1)).getJobStates()).extracting(s -> s.getName())
                    .containsExactly(ENQUEUED, DELETED);
        }
    }

    private static long count(HikariDataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
