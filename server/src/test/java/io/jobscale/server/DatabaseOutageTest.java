package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TcpProxy;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker whose database goes away keeps no broken state: once the database is back it processes jobs again. */
class DatabaseOutageTest {

    @Test
    void workerRecoversByItselfWhenTheDatabaseReturns() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_database_outage");
        TestJobs.useDatabase(database);
        URI direct = URI.create(database.url().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort());
             HikariDataSource dataSource = DataSources.create(new DatabaseSettings(
                     "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getPath(), database.user(), database.password(), 4), "outage-worker");
             JobscaleClient client = JobscaleClient.create(database)) {
            WorkerSettings settings = new WorkerSettings(2, Duration.ofSeconds(5), Duration.ofSeconds(2), "outage/1");
            Worker worker = Worker.start(settings, new JobscaleStorageProvider(dataSource), Worker.Mode.WORKER, Clock.systemUTC());
            try {
                UUID before = client.enqueue(() -> TestJobs.sleep(10, JobContext.Null));
                await().atMost(Duration.ofSeconds(30)).until(() -> TestJobs.events(database, "success").contains(before.toString()));

                proxy.cut();
                Thread.sleep(6_000);   // more than a poll interval: heartbeats and claims fail meanwhile
                UUID during = client.enqueue(() -> TestJobs.sleep(10, JobContext.Null));
                Thread.sleep(3_000);
                assertThat(TestJobs.events(database, "success")).doesNotContain(during.toString());

                proxy.restore();
                await().atMost(Duration.ofSeconds(60)).until(() -> TestJobs.events(database, "success").contains(during.toString()));
                assertThat(worker.server().isRunning()).isTrue();
            } finally {
                worker.stopGracefully();
            }
        }
    }
}
