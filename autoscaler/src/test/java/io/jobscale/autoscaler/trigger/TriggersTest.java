package io.jobscale.autoscaler.trigger;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.http.MetricsRoutes;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebRoutes;
import io.jobscale.web.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each trigger type against the real thing: our metrics API over HTTP, the local Redis, the local PostgreSQL. */
class TriggersTest {

    private static DatabaseSettings database;
    private static HikariDataSource dataSource;
    private static WebServer server;
    private static Triggers triggers;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.fresh("autoscaler_triggers");
        dataSource = DataSources.create(database, "triggers");
        JobMetrics metrics = new JobMetrics(dataSource, Clock.systemUTC());
        WebRoutes odd = config -> {
            config.routes.get("/odd/quantity", ctx -> ctx.json(Map.of("items", List.of(Map.of("value", "500m")))));
            config.routes.get("/odd/text", ctx -> ctx.json(Map.of("value", "many")));
            config.routes.get("/odd/slow", ctx -> {
                Thread.sleep(1_500);
                ctx.json(Map.of("value", 1));
            });
        };
        server = WebServer.start(0, WebAuthSettings.from(io.jobscale.settings.Settings.of(Map.of("JOBSCALE_AUTH_MODE", "bearer", "JOBSCALE_AUTH_TOKEN", "s3cret"))),
                List.of(new MetricsRoutes(metrics), odd));
        triggers = new Triggers(metrics, Map.of("TEST_PG", database.url() + "?user=" + database.user()));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                s.execute("INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt)"
                        + " VALUES ('" + UUID.randomUUID() + "', 1, '{\"labels\":[\"priority:2\"]}', 's', 'ENQUEUED', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')");
            }
        }
    }

    @AfterAll
    static void stop() {
        server.stop();
        dataSource.close();
    }

    private static TriggerSpec spec(String type, Map<String, String> metadata, Map<String, String> auth) {
        return new TriggerSpec(type, null, MetricType.AVERAGE_VALUE, metadata, auth);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void jobscaleReadsTheMetricsInProcess() throws Exception {
        Trigger count = triggers.create(spec("jobscale", Map.of("metric", "enqueued-count", "priority", "2", "targetValue", "1", "activationTargetValue", "2"), Map.of()));
        assertThat(count.read()).isEqualTo(new TriggerReading(3, true));
        assertThat(count.metricName()).isEqualTo("enqueued-count[priority=2]");
        Trigger other = triggers.create(spec("jobscale", Map.of("metric", "enqueued-count", "priority", "5", "targetValue", "1"), Map.of()));
        assertThat(other.read()).isEqualTo(new TriggerReading(0, false));
    }

    @Test
    void metricsApiReadsOurEndpointWithBearerAuth() throws Exception {
        Trigger trigger = triggers.create(spec("metrics-api", Map.of("url", url("/api/metrics/jobs/enqueued"), "valueLocation", "count",
                "targetValue", "5", "authMode", "bearer"), Map.of("token", "s3cret")));
        assertThat(trigger.read()).isEqualTo(new TriggerReading(3, true));
    }

    @Test
    void metricsApiErrors() {
        Trigger wrongToken = triggers.create(spec("metrics-api", Map.of("url", url("/api/metrics/jobs/enqueued"), "valueLocation", "count",
                "targetValue", "5", "authMode", "bearer"), Map.of("token", "nope")));
        assertThatThrownBy(wrongToken::read).isInstanceOf(TriggerException.class).hasMessageContaining("401");
        Trigger missingPath = triggers.create(spec("metrics-api", Map.of("url", url("/api/metrics/jobs/enqueued"), "valueLocation", "nope.deeper",
                "targetValue", "5", "authMode", "bearer"), Map.of("token", "s3cret")));
        assertThatThrownBy(missingPath::read).hasMessageContaining("valueLocation 'nope.deeper' not found");
        Trigger text = triggers.create(spec("metrics-api", Map.of("url", url("/odd/text"), "valueLocation", "value", "targetValue", "5",
                "authMode", "bearer"), Map.of("token", "s3cret")));
        assertThatThrownBy(text::read).hasMessageContaining("not a number or quantity");
        Trigger slow = triggers.create(spec("metrics-api", Map.of("url", url("/odd/slow"), "valueLocation", "value", "targetValue", "5",
                "authMode", "bearer", "timeout", "300"), Map.of("token", "s3cret")));
        assertThatThrownBy(slow::read).isInstanceOf(TriggerException.class);
        assertThatThrownBy(() -> triggers.create(spec("metrics-api", Map.of("url", url("/x"), "valueLocation", "v", "targetValue", "5", "format", "xml"), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metadata.format");
    }

    @Test
    void metricsApiAcceptsQuantitiesAndArrayPaths() throws Exception {
        Trigger trigger = triggers.create(spec("metrics-api", Map.of("url", url("/odd/quantity"), "valueLocation", "items.0.value",
                "targetValue", "1", "authMode", "bearer"), Map.of("token", "s3cret")));
        assertThat(trigger.read().value()).isEqualTo(0.5);
        assertThat(Quantity.parse("2k")).isEqualTo(2000);
        assertThat(Quantity.parse("1Ki")).isEqualTo(1024);
        assertThat(Quantity.parse("10")).isEqualTo(10);
    }

    @Test
    void redisListLengthFromTheLocalRedis() throws Exception {
        String list = "jobscale-test-" + UUID.randomUUID();
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            jedis.rpush(list, "a", "b", "c", "d");
            Trigger trigger = triggers.create(spec("redis", Map.of("address", "127.0.0.1:6379", "listName", list, "listLength", "2",
                    "activationListLength", "4"), Map.of()));
            assertThat(trigger.read()).isEqualTo(new TriggerReading(4, false));
            jedis.rpush(list, "e");
            assertThat(trigger.read()).isEqualTo(new TriggerReading(5, true));
        } finally {
            try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
                jedis.del(list);
            }
        }
        Trigger unreachable = triggers.create(spec("redis", Map.of("address", "127.0.0.1:1", "listName", "x"), Map.of()));
        assertThatThrownBy(unreachable::read).isInstanceOf(TriggerException.class);
    }

    @Test
    void postgresqlQueryFromTheLocalDatabaseReadOnly() throws Exception {
        Trigger trigger = triggers.create(spec("postgresql", Map.of("connectionFromEnv", "TEST_PG",
                "query", "SELECT count(*) FROM jobrunr_jobs WHERE state = 'ENQUEUED'", "targetQueryValue", "2"), Map.of()));
        assertThat(trigger.read()).isEqualTo(new TriggerReading(3, true));
        Trigger writer = triggers.create(spec("postgresql", Map.of("connectionFromEnv", "TEST_PG",
                "query", "DELETE FROM jobrunr_jobs RETURNING 1", "targetQueryValue", "2"), Map.of()));
        assertThatThrownBy(writer::read).hasMessageContaining("read-only");
        assertThatThrownBy(() -> triggers.create(spec("postgresql", Map.of("connectionFromEnv", "NOT_SET", "query", "SELECT 1",
                "targetQueryValue", "1"), Map.of()))).hasMessageContaining("NOT_SET");
    }

    @Test
    void unknownTypeAndBadMetadataNameTheField() {
        assertThatThrownBy(() -> triggers.create(spec("kafka", Map.of(), Map.of()))).hasMessageContaining("kafka");
        assertThatThrownBy(() -> triggers.create(spec("jobscale", Map.of("metric", "queue-size", "targetValue", "1"), Map.of())))
                .hasMessageContaining("metadata.metric");
        assertThatThrownBy(() -> triggers.create(spec("jobscale", Map.of("metric", "enqueued-count", "targetValue", "lots"), Map.of())))
                .hasMessageContaining("metadata.targetValue");
    }
}
