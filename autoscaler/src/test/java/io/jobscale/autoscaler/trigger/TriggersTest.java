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
            config.routes.get("/odd/yaml", ctx -> ctx.result("queue:\n  depth: 7\n").contentType("application/yaml"));
            config.routes.get("/odd/xml", ctx -> ctx.result("<stats><queue><depth>8</depth></queue></stats>").contentType("application/xml"));
            config.routes.get("/odd/prometheus", ctx -> ctx.result("""
                    # HELP jobs_waiting Jobs waiting.
                    # TYPE jobs_waiting gauge
                    jobs_waiting{queue="mail"} 2
                    jobs_waiting{queue="default",zone="a"} 9 1700000000
                    """).contentType("text/plain"));
            config.routes.get("/odd/apikey", ctx -> {
                boolean ok = "k1".equals(ctx.header("X-Key")) || "k1".equals(ctx.queryParam("key"))
                        || "k1".equals(ctx.header("X-API-KEY")) || "k1".equals(ctx.queryParam("api_key"));
                ctx.status(ok ? 200 : 401).json(Map.of("value", 4));
            });
            config.routes.get("/odd/slow", ctx -> {
                Thread.sleep(1_500);
                ctx.json(Map.of("value", 1));
            });
        };
        server = WebServer.start(0, WebAuthSettings.from(io.jobscale.settings.Settings.of(Map.of("JOBSCALE_AUTH_MODE", "bearer", "JOBSCALE_AUTH_TOKEN", "s3cret"))),
                List.of(new MetricsRoutes(metrics), odd));
        triggers = new Triggers(metrics, Map.of("TEST_PG", database.url() + "?user=" + database.user(),
                "REDIS_HOST", "127.0.0.1", "REDIS_PORT", "6379", "REDIS_PASSWORD", "", "PG_PASSWORD", "",
                "PG_CONNECTION", "postgresql://" + database.user() + "@127.0.0.1:5432/" + database.url().replaceAll(".*/|\\?.*", "")
                        + "?sslmode=disable"));
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
        assertThatThrownBy(() -> triggers.create(spec("metrics-api", Map.of("url", url("/x"), "valueLocation", "v", "targetValue", "5", "format", "csv"), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metadata.format");
        assertThatThrownBy(() -> triggers.create(spec("metrics-api", Map.of("url", url("/x"), "valueLocation", "v", "targetValue", "5",
                "authMode", "oauth"), Map.of()))).hasMessageContaining("not supported by the built-in autoscaler");
    }

    @Test
    void metricsApiReadsYamlXmlAndPrometheusFormats() throws Exception {
        assertThat(read("metrics-api", bearer("/odd/yaml", "format", "yaml", "valueLocation", "queue.depth"), TOKEN)).isEqualTo(7);
        assertThat(read("metrics-api", bearer("/odd/xml", "format", "xml", "valueLocation", "queue.depth"), TOKEN)).isEqualTo(8);
        assertThat(read("metrics-api", bearer("/odd/prometheus", "format", "prometheus", "valueLocation", "jobs_waiting{queue=\"default\"}"),
                TOKEN)).isEqualTo(9);
        Trigger absent = triggers.create(spec("metrics-api", bearer("/odd/prometheus", "format", "prometheus",
                "valueLocation", "jobs_waiting{queue=\"none\"}"), TOKEN));
        assertThatThrownBy(absent::read).hasMessageContaining("not found");
    }

    @Test
    void metricsApiSendsTheApiKeyAsHeaderOrQuery() throws Exception {
        // The test server wants the bearer token too: KEDA allows apiKey together with bearer.
        Map<String, String> auth = Map.of("apiKey", "k1", "token", "s3cret");
        assertThat(read("metrics-api", apiKey("keyParamName", "X-Key"), auth)).isEqualTo(4);
        assertThat(read("metrics-api", apiKey("method", "query", "keyParamName", "key"), auth)).isEqualTo(4);
        assertThat(read("metrics-api", apiKey("method", "query", "apiKey", "k1"), TOKEN)).isEqualTo(4);
        assertThat(read("metrics-api", apiKey(), auth)).isEqualTo(4);
        Trigger wrong = triggers.create(spec("metrics-api", apiKey(), Map.of("apiKey", "k2", "token", "s3cret")));
        assertThatThrownBy(wrong::read).hasMessageContaining("401");
    }

    private static final Map<String, String> TOKEN = Map.of("token", "s3cret");

    private static Map<String, String> bearer(String path, String... more) {
        Map<String, String> metadata = new java.util.HashMap<>(Map.of("url", url(path), "targetValue", "1", "authMode", "bearer"));
        for (int i = 0; i < more.length; i += 2) metadata.put(more[i], more[i + 1]);
        return metadata;
    }

    private static Map<String, String> apiKey(String... more) {
        Map<String, String> metadata = bearer("/odd/apikey", more);
        metadata.remove("authMode");
        metadata.put("authModes", "apiKey,bearer");
        metadata.put("valueLocation", "value");
        return metadata;
    }

    private static double read(String type, Map<String, String> metadata) throws TriggerException {
        return read(type, metadata, Map.of());
    }

    private static double read(String type, Map<String, String> metadata, Map<String, String> auth) throws TriggerException {
        return triggers.create(spec(type, metadata, auth)).read().value();
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
    void redisConnectionFromTheEnvironmentWithAnEmptyPasswordAsKeda() throws Exception {
        String list = "jobscale-test-" + UUID.randomUUID();
        Map<String, String> seed = Map.of("hostFromEnv", "REDIS_HOST", "portFromEnv", "REDIS_PORT", "passwordFromEnv", "REDIS_PASSWORD",
                "listName", list, "listLength", "1", "enableTLS", "false", "databaseIndex", "0");
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            jedis.rpush(list, "a", "b", "c");
            assertThat(triggers.create(spec("redis", seed, Map.of())).read()).isEqualTo(new TriggerReading(3, true));
        } finally {
            try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
                jedis.del(list);
            }
        }
        Map<String, String> missing = new java.util.HashMap<>(seed);
        missing.put("passwordFromEnv", "REDIS_PASSWORD_UNSET");
        assertThatThrownBy(() -> triggers.create(spec("redis", missing, Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("passwordFromEnv").hasMessageContaining("REDIS_PASSWORD_UNSET");
        assertThatThrownBy(() -> triggers.create(spec("redis", Map.of("host", "127.0.0.1", "listName", "x"), Map.of())))
                .hasMessageContaining("metadata.port");
        assertThatThrownBy(() -> triggers.create(spec("redis", Map.of("address", "127.0.0.1:6379", "listName", "x", "enableTLS", "yes"), Map.of())))
                .hasMessageContaining("metadata.enableTLS");
        assertThatThrownBy(() -> triggers.create(spec("redis", Map.of("address", "127.0.0.1:6379", "listName", "x", "enableTLS", "true"),
                Map.of("tls", "enable")))).hasMessageContaining("cannot both be set");
    }

    @Test
    void redisTakesTheConnectionFromTheTriggerAuthenticationToo() throws Exception {
        Trigger trigger = triggers.create(spec("redis", Map.of("listName", "jobscale-test-absent-" + UUID.randomUUID()),
                Map.of("host", "127.0.0.1", "port", "6379")));
        assertThat(trigger.read()).isEqualTo(new TriggerReading(0, false));
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
    void postgresqlConnectsFromFieldsOrALibpqConnectionString() throws Exception {
        String dbName = database.url().replaceAll(".*/|\\?.*", "");
        assertThat(read("postgresql", Map.of("host", "127.0.0.1", "port", "5432", "userName", database.user(), "dbName", dbName,
                "sslmode", "disable", "passwordFromEnv", "PG_PASSWORD", "query", "SELECT 42", "targetQueryValue", "1"))).isEqualTo(42);
        assertThat(read("postgresql", Map.of("connectionFromEnv", "PG_CONNECTION", "query", "SELECT 43", "targetQueryValue", "1"))).isEqualTo(43);
        assertThat(read("postgresql", Map.of("query", "SELECT 44", "targetQueryValue", "1"), Map.of("connection",
                "host=127.0.0.1 port=5432 user=" + database.user() + " dbname=" + dbName + " sslmode=disable"))).isEqualTo(44);
        assertThatThrownBy(() -> triggers.create(spec("postgresql", Map.of("host", "127.0.0.1", "userName", "u", "dbName", "d", "sslmode", "disable",
                "query", "SELECT 1", "targetQueryValue", "1"), Map.of()))).hasMessageContaining("metadata.port");
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
