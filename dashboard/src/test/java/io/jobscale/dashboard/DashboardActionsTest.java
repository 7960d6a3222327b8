package io.jobscale.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.settings.Settings;
import io.jobscale.web.WebAuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's actions that change jobs: requeue, delete, bulk on failed jobs, recurring trigger and delete; CSRF. */
class DashboardActionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DashboardFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fixture = new DashboardFixture("dashboard_actions", WebAuthSettings.from(Settings.of(Map.of(
                "JOBSCALE_AUTH_MODE", "basic", "JOBSCALE_AUTH_USERNAME", "ops", "JOBSCALE_AUTH_PASSWORD", "pw"))));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void destructiveActionsNeedTheCsrfToken() throws Exception {
        String id = fixture.enqueued.get(4).toString();
        assertThat(send("DELETE", "/api/dashboard/jobs/" + id, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/dashboard/jobs/" + id, "wrong").statusCode()).isEqualTo(403);
        HttpResponse<String> deleted = send("DELETE", "/api/dashboard/jobs/" + id, "token");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json(get("/api/dashboard/jobs/" + id)).get("state").asText()).isEqualTo("DELETED");
        HttpResponse<String> requeued = send("POST", "/api/dashboard/jobs/" + id + "/requeue", "token");
        assertThat(requeued.statusCode()).isEqualTo(200);
        assertThat(json(get("/api/dashboard/jobs/" + id)).get("state").asText()).isEqualTo("ENQUEUED");
        assertThat(json(send("POST", "/api/dashboard/jobs/" + id + "/requeue", "token")).get("parameter").asText()).isEqualTo("id");
        assertThat(json(send("POST", "/api/dashboard/failed/requeue", "token")).get("parameter").asText()).isEqualTo("confirm");
    }

    @Test
    void bulkActionsOnAllFailedJobs() throws Exception {
        assertThat(json(send("POST", "/api/dashboard/failed/requeue?confirm=true", "token")).get("requeued").asInt()).isEqualTo(1);
        assertThat(json(get("/api/dashboard/jobs/" + fixture.failedJob)).get("state").asText()).isEqualTo("ENQUEUED");
        assertThat(json(send("POST", "/api/dashboard/failed/delete?confirm=true", "token")).get("deleted").asInt()).isZero();
        assertThat(json(send("POST", "/api/dashboard/failed/delete", "token")).get("parameter").asText()).isEqualTo("confirm");
    }

    @Test
    void recurringJobTriggerAndDelete() throws Exception {
        String jobId = json(send("POST", "/api/dashboard/recurring-jobs/daily-digest/trigger", "token")).get("jobId").asText();
        assertThat(json(get("/api/dashboard/jobs/" + jobId)).get("state").asText()).isEqualTo("ENQUEUED");
        assertThat(json(send("DELETE", "/api/dashboard/recurring-jobs/daily-digest", "token")).get("deleted").asBoolean()).isTrue();
        assertThat(json(get("/api/dashboard/recurring-jobs"))).isEmpty();
        assertThat(send("DELETE", "/api/dashboard/recurring-jobs/daily-digest", "token").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String csrf) throws Exception {
        HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.noBody());
        if (csrf != null) request.header("Cookie", "jobscale_csrf=token").header("X-CSRF-Token", csrf);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(fixture.url(path))).header("Authorization", "Basic b3BzOnB3");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
