package io.jobscale.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.settings.Settings;
import io.jobscale.web.WebAuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's actions that change jobs: requeue, delete, bulk on failed jobs, recurring trigger, pause, resume and delete; CSRF. */
class DashboardActionsTest {

    private static DashboardFixture fixture;
    private static DashboardClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fixture = new DashboardFixture("dashboard_actions", WebAuthSettings.from(Settings.of(Map.of(
                "JOBSCALE_AUTH_MODE", "basic", "JOBSCALE_AUTH_USERNAME", "ops", "JOBSCALE_AUTH_PASSWORD", "pw"))));
        api = new DashboardClient(fixture);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void destructiveActionsNeedTheCsrfToken() throws Exception {
        String id = fixture.enqueued.get(4).toString();
        assertThat(api.send("DELETE", "/api/dashboard/jobs/" + id, null).statusCode()).isEqualTo(403);
        assertThat(api.send("DELETE", "/api/dashboard/jobs/" + id, "wrong").statusCode()).isEqualTo(403);
        HttpResponse<String> deleted = api.send("DELETE", "/api/dashboard/jobs/" + id, "token");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs/" + id)).get("state").asText()).isEqualTo("DELETED");
        HttpResponse<String> requeued = api.send("POST", "/api/dashboard/jobs/" + id + "/requeue", "token");
        assertThat(requeued.statusCode()).isEqualTo(200);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs/" + id)).get("state").asText()).isEqualTo("ENQUEUED");
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/jobs/" + id + "/requeue", "token")).get("parameter").asText()).isEqualTo("id");
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/failed/requeue", "token")).get("parameter").asText()).isEqualTo("confirm");
    }

    @Test
    void bulkActionsOnAllFailedJobs() throws Exception {
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/failed/requeue?confirm=true", "token")).get("requeued").asInt()).isEqualTo(1);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs/" + fixture.failedJob)).get("state").asText()).isEqualTo("ENQUEUED");
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/failed/delete?confirm=true", "token")).get("deleted").asInt()).isZero();
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/failed/delete", "token")).get("parameter").asText()).isEqualTo("confirm");
    }

    @Test
    void bulkActionsOnASelection() throws Exception {
        String ids = "{\"ids\": [\"" + fixture.enqueued.get(0) + "\", \"" + fixture.enqueued.get(1) + "\"]}";
        String first = "{\"ids\": [\"" + fixture.enqueued.get(0) + "\"]}";
        assertThat(api.send("POST", "/api/dashboard/jobs/delete", null, ids).statusCode()).as("CSRF").isEqualTo(403);
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/jobs/delete", "token", ids)).get("deleted").asInt()).isEqualTo(2);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs/" + fixture.enqueued.get(1))).get("state").asText()).isEqualTo("DELETED");
        JsonNode again = DashboardClient.json(api.send("POST", "/api/dashboard/jobs/delete", "token", first));
        assertThat(again.get("deleted").asInt()).isZero();
        assertThat(again.get("skipped")).hasSize(1);
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/jobs/requeue", "token", ids)).get("requeued").asInt()).isEqualTo(2);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs/" + fixture.enqueued.get(0))).get("state").asText()).isEqualTo("ENQUEUED");
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/jobs/requeue", "token", first)).get("skipped")).hasSize(1);

        for (String bad : new String[] {"not json", "{}", "{\"ids\": []}", "{\"ids\": [\"nope\"]}"}) {
            HttpResponse<String> response = api.send("POST", "/api/dashboard/jobs/requeue", "token", bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(DashboardClient.json(response).get("parameter").asText()).isEqualTo("ids");
        }
    }

    @Test
    void recurringJobPauseAndResume() throws Exception {
        fixture.client.scheduleRecurrently("hourly-cleanup", "0 * * * *", () -> TestJobs.record("cleanup"));
        try {
            String pause = "/api/dashboard/recurring-jobs/hourly-cleanup/pause";
            assertThat(api.send("POST", pause, null).statusCode()).as("CSRF").isEqualTo(403);
            assertThat(api.send("POST", "/api/dashboard/recurring-jobs/nope/pause", "token").statusCode()).isEqualTo(404);
            assertThat(api.send("POST", "/api/dashboard/recurring-jobs/nope/resume", "token").statusCode()).isEqualTo(404);

            JsonNode paused = DashboardClient.json(api.send("POST", pause, "token"));
            assertThat(paused.get("paused").asBoolean()).isTrue();
            assertThat(api.send("POST", pause, "token").statusCode()).as("pausing twice").isEqualTo(200);
            JsonNode row = recurringRow("hourly-cleanup");
            assertThat(row.get("paused").asBoolean()).isTrue();
            assertThat(Instant.parse(row.get("pausedAt").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(row.get("nextRuns")).isEmpty();
            assertThat(row.get("nextRun").isNull()).isTrue();
            // while paused it can still be run by hand
            String jobId = DashboardClient.json(api.send("POST", "/api/dashboard/recurring-jobs/hourly-cleanup/trigger", "token")).get("jobId").asText();
            assertThat(DashboardClient.json(api.get("/api/dashboard/jobs/" + jobId)).get("state").asText()).isEqualTo("ENQUEUED");

            JsonNode resumed = DashboardClient.json(api.send("POST", "/api/dashboard/recurring-jobs/hourly-cleanup/resume", "token"));
            assertThat(resumed.get("paused").asBoolean()).isFalse();
            row = recurringRow("hourly-cleanup");
            assertThat(row.get("paused").asBoolean()).isFalse();
            assertThat(row.get("nextRuns")).hasSize(3);
        } finally {
            fixture.client.deleteRecurringJob("hourly-cleanup");
        }
    }

    private static JsonNode recurringRow(String id) throws Exception {
        for (JsonNode row : DashboardClient.json(api.get("/api/dashboard/recurring-jobs"))) {
            if (row.get("id").asText().equals(id)) return row;
        }
        throw new AssertionError("no recurring job " + id + " listed");
    }

    @Test
    void recurringJobTriggerAndDelete() throws Exception {
        String jobId = DashboardClient.json(api.send("POST", "/api/dashboard/recurring-jobs/daily-digest/trigger", "token")).get("jobId").asText();
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs/" + jobId)).get("state").asText()).isEqualTo("ENQUEUED");
        JsonNode lastRun = DashboardClient.json(api.get("/api/dashboard/recurring-jobs")).get(0).get("lastRun");
        assertThat(lastRun.get("jobId").asText()).isEqualTo(jobId);
        assertThat(lastRun.get("state").asText()).isIn("ENQUEUED", "PROCESSING", "SUCCEEDED", "FAILED");
        assertThat(lastRun.get("createdAt").asText()).isNotBlank();
        assertThat(DashboardClient.json(api.send("DELETE", "/api/dashboard/recurring-jobs/daily-digest", "token")).get("deleted").asBoolean()).isTrue();
        assertThat(DashboardClient.json(api.get("/api/dashboard/recurring-jobs"))).isEmpty();
        assertThat(api.send("DELETE", "/api/dashboard/recurring-jobs/daily-digest", "token").statusCode()).isEqualTo(404);
    }
}
