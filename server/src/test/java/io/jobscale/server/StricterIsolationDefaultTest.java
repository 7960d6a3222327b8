package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database whose default isolation is REPEATABLE READ: jobscale's connections pin READ COMMITTED, so concurrent
 * enqueues (which update the enqueued-count rows) and claims meet without serialization failures.
 */
class StricterIsolationDefaultTest {

    private static final int WRITERS = 4;
    private static final int JOBS_PER_WRITER = 50;

    @Test
    void concurrentEnqueueAndClaimUnderARepeatableReadDefaultNeverFail() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_repeatable_read");
        TestJobs.useDatabase(database);
        execute(database, "ALTER DATABASE " + database.databaseName()
                + " SET default_transaction_isolation = 'repeatable read'");
        assertThat(isolation(DriverManager.getConnection(database.url(), database.user(), database.password())))
                .as("the database default a plain connection gets").isEqualTo("repeatable read");

        try (HikariDataSource dataSource = DataSources.create(database, "rr-worker")) {
            assertThat(isolation(dataSource.getConnection())).as("jobscale's pool").isEqualTo("read committed");
            Worker worker = Worker.start(new WorkerSettings(4, Duration.ofSeconds(5), Duration.ofSeconds(1), "rr/1"),
                    new JobscaleStorageProvider(dataSource), Worker.Mode.WORKER, Clock.systemUTC());
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            try (JobscaleClient client = JobscaleClient.create(database)) {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String tag = "writer-" + w;
                    done.add(writers.submit(() -> {
                        for (int i = 0; i < JOBS_PER_WRITER; i++) client.enqueue(() -> TestJobs.record(tag));
                    }));
                }
                for (Future<?> f : done) f.get();   // an enqueue that failed fails the test here
                await().atMost(Duration.ofMinutes(3))
                        .until(() -> TestJobs.events(database, "done").size() == WRITERS * JOBS_PER_WRITER);
            } finally {
                writers.shutdownNow();
                worker.stopGracefully();
            }
        }
        assertThat(SqlQueries.single(database, "SELECT count(*) FROM jobrunr_jobs WHERE state <> 'SUCCEEDED'"))
                .isEqualTo("0");
        assertThat(SqlQueries.single(database, "SELECT coalesce(sum(count), 0) FROM jobscale_enqueued_counts"))
                .as("enqueued counters exact").isEqualTo("0");
    }

    private static String isolation(Connection connection) throws SQLException {
        try (connection; Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SHOW transaction_isolation")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(DatabaseSettings database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
