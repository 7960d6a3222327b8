package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each heartbeat publishes how many of the server's workers are busy, which jobrunr keeps only in memory. */
class PublishedOccupancyTest {

    @Test
    void heartbeatPublishesOccupiedWorkersAndTheStopClearsTheServer() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_occupancy");
        TestJobs.useDatabase(database);
        try (JobscaleClient client = JobscaleClient.create(database);
             HikariDataSource dataSource = DataSources.create(database, "occupancy")) {
            for (int i = 0; i < 2; i++) client.enqueue(() -> TestJobs.sleep(30_000, JobContext.Null));
            Worker worker = Worker.start(new WorkerSettings(3, Duration.ofSeconds(5), Duration.ZERO, "host-a/42"),
                    new JobscaleStorageProvider(dataSource), Worker.Mode.WORKER, Clock.systemUTC());
            try {
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        "3 2 host-a/42".equals(SqlQueries.single(database, "SELECT workerPoolSize || ' ' || occupiedWorkers || ' ' || name"
                                + " FROM jobrunr_backgroundjobservers")));
            } finally {
                worker.stopGracefully();
            }
            assertThat(SqlQueries.single(database, "SELECT count(*) FROM jobrunr_backgroundjobservers")).isEqualTo("0");
            assertThat(SqlQueries.single(database, "SELECT count(*) FROM jobrunr_jobs WHERE state = 'ENQUEUED'")).isEqualTo("2");
        }
    }
}
