package io.jobscale.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.EnqueueNotifications;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.testing.TcpProxy;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's LISTEN connection, made half-open by a proxy as a NAT or load balancer makes it: nothing errors, the
 * notifications just stop. Without a liveness check the worker would fall back to polling for the rest of its life.
 */
class JobNotificationListenerTest {

    private static void notifyEnqueued(DatabaseSettings database) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            s.execute("SELECT pg_notify('" + EnqueueNotifications.CHANNEL + "', '')");
        }
    }

    /** Notifies until the listener reacts (a notification may come before its LISTEN); false after {@code limit}. */
    private static boolean heard(Semaphore reactions, DatabaseSettings database, Duration limit) throws Exception {
        reactions.drainPermits();
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            notifyEnqueued(database);
            if (reactions.tryAcquire(500, TimeUnit.MILLISECONDS)) return true;
        }
        return false;
    }

    @Test
    void aHalfOpenListenConnectionIsReplacedAndTheWorkerHearsEnqueuesAgain() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_listener_half_open");
        URI direct = URI.create(database.url().substring("jdbc:".length()));
        Semaphore reactions = new Semaphore(0);
        try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort());
             HikariDataSource dataSource = DataSources.create(new DatabaseSettings("jdbc:postgresql://127.0.0.1:"
                     + proxy.port() + direct.getPath(), database.user(), database.password(), 2), "listener-test");
             JobNotificationListener listener = new JobNotificationListener(dataSource, reactions::release).start()) {
            assertThat(reactions.tryAcquire(10, TimeUnit.SECONDS)).as("connecting counts as a notification").isTrue();
            assertThat(heard(reactions, database, Duration.ofSeconds(10))).isTrue();
            assertThat(applicationNames(database)).contains("jobscale-worker-listen");

            proxy.freeze();
            int connectionsBefore = proxy.accepted();
            long frozenAt = System.nanoTime();
            assertThat(reactions.tryAcquire(EnqueueNotifications.REPLACEMENT_BOUND.plusSeconds(10).toMillis(),
                    TimeUnit.MILLISECONDS)).as("the dead connection is replaced, which counts as a notification").isTrue();
            LoggerFactory.getLogger(JobNotificationListenerTest.class).info(
                    "half-open LISTEN connection of a worker replaced after {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt));
            assertThat(proxy.accepted()).as("through a new connection").isGreaterThan(connectionsBefore);
            assertThat(heard(reactions, database, Duration.ofSeconds(10))).as("the new connection hears enqueues")
                    .isTrue();
        }
    }

    private static String applicationNames(DatabaseSettings database) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(application_name, ',') FROM pg_stat_activity"
                     + " WHERE datname = current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
