package io.jobscale.autoscaler.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.trigger.Trigger;
import io.jobscale.autoscaler.trigger.TriggerException;
import io.jobscale.autoscaler.trigger.Triggers;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.DedicatedConnections;
import io.jobscale.db.EnqueueNotifications;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.testing.TcpProxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead database connections of the autoscaler, made half-open by a proxy as a NAT or load balancer makes them: nothing
 * errors, the bytes just stop. The autoscaler must notice within its documented bounds.
 */
class DeadConnectionTest {

    private static DatabaseSettings database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.fresh("autoscaler_dead_connections");
    }

    private static TcpProxy proxy() throws Exception {
        URI uri = URI.create(database.url().substring("jdbc:".length()));
        return new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    private static DatabaseSettings through(TcpProxy proxy) {
        return new DatabaseSettings(database.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"),
                database.user(), database.password(), database.poolSize());
    }

    private static void notifyEnqueued() throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            s.execute("SELECT pg_notify('" + EnqueueNotifications.CHANNEL + "', '')");
        }
    }

    /** Calls await in the loop's rhythm (1 s) until a wake-up comes or {@code limit} passes; returns the time taken. */
    private static Duration untilWoken(EnqueueListener listener, Duration limit) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (listener.await(1_000)) return Duration.ofNanos(System.nanoTime() - start);
        }
        return null;
    }

    @Test
    void aHalfOpenListenConnectionIsReplacedWithinTheBound() throws Exception {
        try (TcpProxy proxy = proxy(); EnqueueListener listener = new EnqueueListener(through(proxy))) {
            assertThat(listener.await(1_000)).as("connecting counts as a wake-up").isTrue();
            notifyEnqueued();
            assertThat(untilWoken(listener, Duration.ofSeconds(5))).isNotNull();

            proxy.freeze();
            notifyEnqueued();   // lost on the dead connection
            Duration replacedAfter = untilWoken(listener, EnqueueNotifications.REPLACEMENT_BOUND.plusSeconds(10));

            assertThat(replacedAfter).as("the dead connection is noticed and replaced").isNotNull();
            LoggerFactory.getLogger(DeadConnectionTest.class).info("half-open LISTEN connection replaced after {} ms",
                    replacedAfter.toMillis());
            assertThat(replacedAfter).isLessThanOrEqualTo(EnqueueNotifications.REPLACEMENT_BOUND);
            assertThat(proxy.accepted()).isEqualTo(2);
            notifyEnqueued();
            assertThat(untilWoken(listener, Duration.ofSeconds(5))).as("the new connection hears enqueues").isNotNull();
        }
    }

    @Test
    void aLeaderWhoseConnectionDiesStopsActingAndAnotherTakesOverOnceTheSessionEnds() throws Exception {
        LoopFixture loop = new LoopFixture(AutoscalerLoopTest.CONFIG);
        try (TcpProxy proxy = proxy(); LeaderElection first = new LeaderElection(through(proxy));
             LeaderElection second = new LeaderElection(database)) {
            assertThat(first.isLeader()).isTrue();
            assertThat(second.isLeader()).isFalse();
            AutoscalerService service = loop.service(loop.autoscaler, first);
            service.step(loop.clock.instant(), true);

            proxy.freeze();   // mid-poll: the leader's connection dies while its triggers ask for workers
            loop.triggers.set("enqueued-count", 12);
            loop.autoscaler.poll(loop.clock.instant(), true, first::confirm);
            assertThat(loop.target.scaleCalls).as("leadership is confirmed before acting, and it is gone").isEmpty();
            loop.clock.advance(Duration.ofSeconds(10));
            service.step(loop.clock.instant(), true);
            assertThat(service.isLeader()).isFalse();
            assertThat(loop.target.scaleCalls).as("the next turn of its loop does not act either").isEmpty();

            assertThat(second.isLeader()).as("PostgreSQL still holds the lock for the dead session").isFalse();
            proxy.endFrozenSessions();   // what PostgreSQL's keepalive does within KEEPALIVE_BUDGET
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(second::isLeader);
        }
    }

    @Test
    void theAutoscalersConnectionsAskPostgresqlForKeepalives() throws Exception {
        try (Connection dedicated = DedicatedConnections.open(database, "keepalive-test")) {
            assertKeepalives(dedicated);
        }
        DatabaseSettings pooled = DedicatedConnections.pooled(database.withDatabase(database.databaseName()));
        assertThat(pooled.url()).contains("tcpKeepAlive=true").contains("socketTimeout=30");
        try (HikariDataSource pool = DataSources.create(pooled, "keepalive-test");
             Connection c = pool.getConnection()) {
            assertKeepalives(c);
        }
        DatabaseSettings own =
                new DatabaseSettings(database.url() + "?socketTimeout=90", database.user(), database.password(), 2);
        assertThat(DedicatedConnections.pooled(own).url()).as("the user's own value wins")
                .contains("socketTimeout=90").doesNotContain("socketTimeout=30");
    }

    @Test
    void aPostgresqlTriggerAsksForKeepalivesAndFailsOnAHalfOpenConnectionInsteadOfHanging() throws Exception {
        Triggers triggers = new Triggers(null, Map.of());
        Trigger keepalive = triggers.create(postgresql(database.url(), "SELECT current_setting('tcp_keepalives_idle')"
                + "::int * 100 + current_setting('tcp_keepalives_interval')::int * 10"
                + " + current_setting('tcp_keepalives_count')::int"));
        assertThat(keepalive.read().value()).isEqualTo(523);

        try (TcpProxy proxy = proxy()) {
            Trigger trigger = triggers.create(postgresql(through(proxy).url(), "SELECT 7 FROM pg_sleep(2)"));
            CompletableFuture<Object> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return trigger.read();
                } catch (TriggerException e) {
                    return e;
                }
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> activeTriggerQueries() > 0);
            proxy.freeze();   // the query is running: its answer never arrives
            // Without a socket timeout this read waits for ever; the bound is the documented one, with slack.
            Object outcome = read.get(SOCKET_TIMEOUT_BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOf(TriggerException.class);
            assertThat(((TriggerException) outcome).getMessage()).contains("postgresql query failed");
        }
    }

    /** The postgresql trigger's socket timeout (10 s) with generous slack for a loaded machine. */
    private static final Duration SOCKET_TIMEOUT_BOUND = Duration.ofSeconds(40);

    private static TriggerSpec postgresql(String jdbcUrl, String query) {
        String connection = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "user=" + database.user()
                + (database.password().isEmpty() ? "" : "&password=" + database.password());
        return new TriggerSpec("postgresql", null, MetricType.AVERAGE_VALUE, Map.of("query", query,
                "targetQueryValue", "1"), Map.of("connection", connection));
    }

    private static int activeTriggerQueries() throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                     + " AND application_name = 'jobscale-autoscaler-trigger' AND query LIKE '%pg_sleep%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void assertKeepalives(Connection connection) throws Exception {
        assertThat(show(connection, "tcp_keepalives_idle")).isEqualTo("5");
        assertThat(show(connection, "tcp_keepalives_interval")).isEqualTo("2");
        assertThat(show(connection, "tcp_keepalives_count")).isEqualTo("3");
        assertThat(show(connection, "tcp_user_timeout")).isEqualTo("11000");
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

}
