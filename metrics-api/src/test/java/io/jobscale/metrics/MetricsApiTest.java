package io.jobscale.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.MutableClock;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.metrics.http.MetricsRoutes;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every field of every endpoint against real PostgreSQL rows, with the clock under the test's control. */
class MetricsApiTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DatabaseSettings database;
    private static HikariDataSource dataSource;
    private static WebServer server;
    private static final MutableClock clock = new MutableClock(NOW);
    private static JobRows rows;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        database = TestDatabase.fresh("metrics_api");
        dataSource = DataSources.create(database, "metrics-test");
        rows = new JobRows(database);
        server = WebServer.start(0, WebAuthSettings.NONE,
                List.of(new MetricsRoutes(new JobMetrics(dataSource, clock))));
    }

    @AfterAll
    static void stop() {
        server.stop();
        dataSource.close();
    }

    @BeforeEach
    void empty() throws Exception {
        rows.clear();
        clock.set(NOW);
    }

    @Test
    void zeroStateAnswersZeros() throws Exception {
        assertJson("/api/metrics/workers", "{\"usage\":0.0,\"totalWorkers\":0,\"occupiedWorkers\":0}");
        assertJson("/api/metrics/jobs/enqueued", "{\"latency\":0,\"count\":0}");
        assertJson("/api/metrics/jobs/scheduled", "{\"count\":0}");
    }

    @Test
    void workersCountOnlyLiveServersAndTheJobsTheyHold() throws Exception {
        UUID live = UUID.randomUUID();
        UUID liveIdle = UUID.randomUUID();
        UUID stale = UUID.randomUUID();
        UUID paused = UUID.randomUUID();
        rows.server(live, "pod-a/1", 4, 2, 5, NOW.minusSeconds(3), true);
        rows.server(liveIdle, "pod-b/1", 4, 0, 5, NOW.minusSeconds(19), true);     // within 4 x 5 s
        rows.server(stale, "pod-c/1", 8, 5, 5, NOW.minusSeconds(21), true);        // missed 4 heartbeats: dead
        rows.server(paused, "pod-d/1", 8, 3, 5, NOW.minusSeconds(1), false);       // not running

        assertJson("/api/metrics/workers", "{\"usage\":0.25,\"totalWorkers\":8,\"occupiedWorkers\":2}");

        clock.advance(Duration.ofSeconds(2));   // now pod-b has missed 4 heartbeats too (21 s), pod-a not (5 s)
        assertJson("/api/metrics/workers", "{\"usage\":0.5,\"totalWorkers\":4,\"occupiedWorkers\":2}");
    }

    @Test
    void enqueuedLatencyIsMeasuredFromTheOldestEnqueuedJob() throws Exception {
        rows.job("ENQUEUED", 1, NOW.minusSeconds(500), null, null);
        rows.job("ENQUEUED", 1, NOW.minusSeconds(20), null, null);
        rows.job("ENQUEUED", 0, NOW.minusMillis(42_900), null, null);
        rows.job("SCHEDULED", 1, NOW.minusSeconds(9_000), NOW.plusSeconds(30), null);   // not enqueued: ignored
        rows.job("SUCCEEDED", 1, NOW.minusSeconds(9_000), null, null);

        assertJson("/api/metrics/jobs/enqueued", "{\"latency\":500,\"count\":3}");
        assertJson("/api/metrics/jobs/enqueued?priority=0", "{\"latency\":42,\"count\":1}");
        assertJson("/api/metrics/jobs/enqueued?priority=1", "{\"latency\":500,\"count\":2}");
        assertJson("/api/metrics/jobs/enqueued?priority=7", "{\"latency\":0,\"count\":0}");

        clock.advance(Duration.ofSeconds(100));
        assertJson("/api/metrics/jobs/enqueued", "{\"latency\":600,\"count\":3}");
    }

    @Test
    void scheduledCountsJobsDueWithinTheWindowOverdueIncluded() throws Exception {
        rows.job("SCHEDULED", 1, NOW, NOW.minusSeconds(30), null);        // overdue
        rows.job("SCHEDULED", 1, NOW, NOW.plusSeconds(60), null);         // exactly at the default window's end
        rows.job("SCHEDULED", 2, NOW, NOW.plusSeconds(90), null);
        rows.job("SCHEDULED", 1, NOW, NOW.plusSeconds(3_600), null);
        rows.job("ENQUEUED", 1, NOW, null, null);

        assertJson("/api/metrics/jobs/scheduled", "{\"count\":2}");
        assertJson("/api/metrics/jobs/scheduled?scheduledIn=PT2M", "{\"count\":3}");
        assertJson("/api/metrics/jobs/scheduled?scheduledIn=PT2M&priority=2", "{\"count\":1}");
        assertJson("/api/metrics/jobs/scheduled?scheduledIn=PT0S", "{\"count\":1}");
        assertJson("/api/metrics/jobs/scheduled?scheduledIn=P1D&priority=1", "{\"count\":3}");
    }

    @Test
    void prometheusExportsTheSameValues() throws Exception {
        rows.server(UUID.randomUUID(), "pod-a/1", 4, 1, 5, NOW, true);
        rows.job("ENQUEUED", 3, NOW.minusSeconds(77), null, null);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("jobscale_workers 4.0")
                .contains("jobscale_workers_occupied 1.0")
                .contains("jobscale_workers_usage_ratio 0.25")
                .contains("jobscale_jobs_enqueued{priority=\"3\"} 1.0")
                .contains("jobscale_jobs_enqueued_latency_seconds{priority=\"3\"} 77.0")
                .contains("jobscale_jobs_enqueued{priority=\"0\"} 0.0");
    }

    @Test
    void answersAreJsonAndUnknownPathsAJson404() throws Exception {
        HttpResponse<String> ok = get("/api/metrics/workers");
        assertThat(ok.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        assertThat(ok.headers().firstValue("Server-Timing").orElse("")).matches("app;dur=\\d+\\.\\d{3}");
        HttpResponse<String> missing = get("/api/metrics/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("/api/metrics/nothing");
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    private void assertJson(String path, String expected) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        JsonNode actual = JSON.readTree(response.body());
        assertThat(actual).as(path).isEqualTo(JSON.readTree(expected));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
