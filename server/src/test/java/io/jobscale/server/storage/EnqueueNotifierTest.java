package io.jobscale.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.EnqueueNotifications;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EnqueueNotifierTest {

    @Test
    void aBurstOfEnqueuesIsAFewNotifications() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_enqueue_notifier");
        TestJobs.useDatabase(database);
        int jobs = 2_000;
        try (HikariDataSource dataSource = DataSources.create(database, "test-notifier");
             Connection listening = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            try (Statement s = listening.createStatement()) {
                s.execute("LISTEN " + EnqueueNotifications.CHANNEL);
            }
            JobscaleClient client = new JobscaleClient(new JobscaleStorageProvider(dataSource));
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) client.enqueue(() -> TestJobs.record("burst"));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            int notifications = 0;
            Instant quietUntil = Instant.now().plusMillis(EnqueueNotifier.INTERVAL_MS * 5);
            while (Instant.now().isBefore(quietUntil)) {
                PGNotification[] received = listening.unwrap(PGConnection.class).getNotifications(50);
                if (received != null) notifications += received.length;
            }
            // The bucket's capacity, one per interval while the burst lasted, and the trailing one after it.
            long bound = EnqueueNotifier.BURST + elapsedMillis / EnqueueNotifier.INTERVAL_MS + 2;
            assertThat(notifications).as("notifications for %d enqueues in %d ms", jobs, elapsedMillis)
                    .isPositive().isLessThanOrEqualTo((int) bound);
        }
    }
}
