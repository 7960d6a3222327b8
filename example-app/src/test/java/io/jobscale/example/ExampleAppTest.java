package io.jobscale.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExampleAppTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DatabaseSettings database;
    private static JobscaleClient client;
    private static ExampleApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        database = TestDatabase.fresh("example_app");
        client = JobscaleClient.create(database);
        app = new ExampleApp(client, Clock.fixed(NOW, ZoneOffset.UTC)).start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop();
        client.close();
    }

    @Test
    void schedulesCountJobsToRunAfterRunInAtThePriorityGiven() throws Exception {
        HttpResponse<String> response =
                get("/schedule-example-jobs?count=40&runIn=PT2M&priority=0&executionTimeMs=5000&name=Burst");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("scheduled").asInt()).isEqualTo(40);
        assertThat(body.get("runAt").asText()).isEqualTo("2026-11-24T10:02:00Z");
        assertThat(query("SELECT count(*) FROM jobrunr_jobs WHERE state = 'SCHEDULED' AND priority = 0"
                + " AND scheduledAt = timestamp '2026-11-24 10:02:00' AND jobAsJson LIKE '%\"Burst %'")).isEqualTo(40);
    }

    @Test
    void withoutRunInJobsAreEnqueuedAtOnceWithTheGuidesDefaults() throws Exception {
        HttpResponse<String> response = get("/schedule-example-jobs?name=Defaults");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("enqueued").asInt()).isEqualTo(100);
        assertThat(query("SELECT count(*) FROM jobrunr_jobs WHERE state = 'ENQUEUED' AND priority = 1"
                + " AND jobAsJson LIKE '%Defaults 1 (15000 ms)%'")).isEqualTo(1);
    }

    @Test
    void failuresMakeEachJobThrowThatManyTimesThenSucceedOnItsRetries() throws Exception {
        HttpResponse<String> response = get("/schedule-example-jobs?count=1&name=Flaky&executionTimeMs=0&failures=2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(query("SELECT count(*) FROM jobrunr_jobs WHERE jobAsJson LIKE '%\"Flaky 1 (0 ms)%'"
                + " AND jobAsJson LIKE '%\"amountOfRetries\":2%'")).isEqualTo(1);
        ExampleJobService service = new ExampleJobService();
        assertThatThrownBy(() -> service.doWork("Flaky 1", 0, 2, context(0))).hasMessageContaining("attempt 1 of 2");
        assertThatThrownBy(() -> service.doWork("Flaky 1", 0, 2, context(1))).hasMessageContaining("attempt 2 of 2");
        service.doWork("Flaky 1", 0, 2, context(2));
        service.doWork("Steady 1", 0);   // enqueued without a context: never fails
    }

    /** A job context whose job has failed {@code failures} times. */
    private static JobContext context(int failures) {
        return new JobContext() {
            @Override
            public int amountOfFailures() {
                return failures;
            }
        };
    }

    @ParameterizedTest
    @CsvSource({
            "count=abc, count", "count=0, count", "count=10001, count", "runIn=2M, runIn", "runIn=-PT1S, runIn",
            "runIn=P9999D, runIn", "priority=10, priority", "priority=x, priority",
            "executionTimeMs=-1, executionTimeMs",
            "count=1&count=2, count", "colour=red, colour", "name=, name", "failures=11, failures",
            "failures=-1, failures"})
    void badParametersAreA400NamingTheParameter(String query, String parameter) throws Exception {
        HttpResponse<String> response = get("/schedule-example-jobs?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("error").asText()).isNotBlank();
    }

    @Test
    void unknownPathIsAJson404() throws Exception {
        HttpResponse<String> response = get("/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("/nope");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
