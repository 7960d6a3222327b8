package io.jobscale.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.db.store.JobListQueries;
import io.jobscale.server.JobOptions;
import io.jobscale.server.Priority;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.settings.Settings;
import io.jobscale.web.WebAuthSettings;
import org.jobrunr.jobs.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs list's label filter, and requeue and delete of everything a filter matches, against a real database. Each
 * test seeds jobs with a label of its own, so the tests do not see each other's changes.
 */
class DashboardFilterTest {

    private static DashboardFixture fixture;
    private static DashboardClient api;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DashboardFixture("dashboard_filter", WebAuthSettings.from(Settings.of(Map.of(
                "JOBSCALE_AUTH_MODE", "basic", "JOBSCALE_AUTH_USERNAME", "ops", "JOBSCALE_AUTH_PASSWORD", "pw",
                "JOBSCALE_DASHBOARD_VIEWER_PASSWORD", "viewer-pw"))));
        api = new DashboardClient(fixture);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theListFiltersByAnExactLabelAndShowsLabels() throws Exception {
        List<UUID> failed = fixture.failedJobs(2, "Acme export", "tenant:acme");
        UUID enqueued = fixture.client.enqueue(JobOptions.priority(3).withName("Acme import").withLabels("tenant:acme"), () -> TestJobs.record("a"));
        fixture.failedJobs(1, "Globex export", "tenant:globex");

        JsonNode acme = DashboardClient.json(api.get("/api/dashboard/jobs?label=tenant:acme"));
        assertThat(acme.get("jobs")).extracting(j -> j.get("id").asText())
                .containsExactlyInAnyOrder(failed.get(0).toString(), failed.get(1).toString(), enqueued.toString());
        assertThat(acme.get("jobs")).allSatisfy(j -> assertThat(j.get("labels")).extracting(JsonNode::asText).contains("tenant:acme"));
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?label=tenant:acme&state=FAILED")).get("jobs")).hasSize(2);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?label=tenant:acme&priority=3")).get("jobs"))
                .singleElement().satisfies(j -> assertThat(j.get("labels")).extracting(JsonNode::asText).containsExactly("priority:3", "tenant:acme"));
        // exact: neither a part of a label nor another case
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?label=tenant")).get("jobs")).isEmpty();
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?label=tenant:ACME")).get("jobs")).isEmpty();
        // the priority travels as a label too
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?label=priority:3")).get("jobs")).extracting(j -> j.get("id").asText())
                .containsExactly(enqueued.toString());

        for (String bad : new String[] {"", "%20%20", "x".repeat(101)}) {
            HttpResponse<String> response = api.get("/api/dashboard/jobs?label=" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(DashboardClient.json(response).get("parameter").asText()).isEqualTo("label");
        }
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?label=" + "x".repeat(100))).get("jobs")).isEmpty();
    }

    @Test
    void requeueByFilterRequeuesExactlyTheMatchingFailedJobsInBatches() throws Exception {
        // One more than a batch, so the action takes two reads and two saves.
        List<UUID> matching = fixture.failedJobs(JobActions.BATCH + 1, "Initech report", "tenant:initech");
        UUID otherLabel = fixture.failedJobs(1, "Initrode report", "tenant:initrode").get(0);
        UUID sameLabelSucceeded = fixture.client.enqueue(JobOptions.defaults().withName("Initech ok").withLabels("tenant:initech"), () -> TestJobs.record("ok"));
        fixture.finish(sameLabelSucceeded, null);

        JsonNode result = DashboardClient.json(api.send("POST", "/api/dashboard/jobs/requeue", "token",
                "{\"filter\": {\"state\": \"failed\", \"label\": \"tenant:initech\"}, \"confirm\": true}"));
        assertThat(result.get("requeued").asInt()).isEqualTo(JobActions.BATCH + 1);
        assertThat(result.get("skipped").asInt()).isZero();
        assertThat(result.get("capped").asBoolean()).isFalse();
        assertThat(matching).allSatisfy(id -> assertThat(fixture.state(id)).isEqualTo("ENQUEUED"));
        assertThat(fixture.state(otherLabel)).isEqualTo("FAILED");
        assertThat(fixture.state(fixture.failedJob)).isEqualTo("FAILED");
        assertThat(fixture.state(sameLabelSucceeded)).isEqualTo("SUCCEEDED");

        JsonNode again = DashboardClient.json(api.send("POST", "/api/dashboard/jobs/requeue", "token",
                "{\"filter\": {\"state\": \"FAILED\", \"label\": \"tenant:initech\"}, \"confirm\": true}"));
        assertThat(again.get("requeued").asInt()).isZero();

        // Every filter at once, the priority as a JSON number: the default priority, 1, matches; another does not.
        String every = "{\"filter\": {\"label\": \"tenant:initrode\", \"priority\": %d, \"search\": \"initrode\", \"updatedWithin\": \"PT1H\"},"
                + " \"confirm\": true}";
        assertThat(DashboardClient.json(api.send("POST", "/api/dashboard/jobs/delete", "token", every.formatted(2))).get("deleted").asInt()).isZero();
        assertThat(fixture.state(otherLabel)).isEqualTo("FAILED");
        JsonNode deleted = DashboardClient.json(api.send("POST", "/api/dashboard/jobs/delete", "token", every.formatted(Priority.DEFAULT)));
        assertThat(deleted.get("deleted").asInt()).isEqualTo(1);
        assertThat(fixture.state(otherLabel)).isEqualTo("DELETED");
    }

    @Test
    void enqueuedAndProcessingJobsAreSkippedNotErrors() throws Exception {
        UUID processing = fixture.client.enqueue(JobOptions.defaults().withName("Umbrella run").withLabels("tenant:umbrella"), () -> TestJobs.record("u"));
        fixture.startProcessing(processing);
        UUID enqueued = fixture.client.enqueue(JobOptions.defaults().withName("Umbrella wait").withLabels("tenant:umbrella"), () -> TestJobs.record("u"));
        UUID failed = fixture.failedJobs(1, "Umbrella fail", "tenant:umbrella").get(0);

        HttpResponse<String> response = api.send("POST", "/api/dashboard/jobs/requeue", "token",
                "{\"filter\": {\"label\": \"tenant:umbrella\"}, \"confirm\": true}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = DashboardClient.json(response);
        assertThat(result.get("requeued").asInt()).isEqualTo(1);
        assertThat(result.get("skipped").asInt()).isEqualTo(2);
        assertThat(fixture.state(processing)).isEqualTo("PROCESSING");
        assertThat(fixture.state(enqueued)).isEqualTo("ENQUEUED");
        assertThat(fixture.state(failed)).isEqualTo("ENQUEUED");

        // A selection goes through the same batches and lists what it skipped.
        JsonNode selection = DashboardClient.json(api.send("POST", "/api/dashboard/jobs/requeue", "token",
                "{\"ids\": [\"" + processing + "\", \"" + fixture.enqueued.get(0).toString().toUpperCase() + "\"]}"));
        assertThat(selection.get("requeued").asInt()).isZero();
        assertThat(selection.get("skipped")).extracting(JsonNode::asText).containsExactly(processing.toString(), fixture.enqueued.get(0).toString());
    }

    @Test
    void aJobChangedMeanwhileIsSkippedAndTheRestOfItsBatchGoesAhead() throws Exception {
        List<UUID> jobs = fixture.failedJobs(3, "Stark sync", "tenant:stark");
        UUID changed = jobs.get(1);
        JobscaleStorageProvider racing = new JobscaleStorageProvider(fixture.dataSource) {
            @Override
            public List<Job> save(List<Job> batch) {
                // Someone else requeues one of the batch's jobs between this action's read and its save.
                Job other = fixture.storage.getJobById(changed);
                other.enqueue();
                fixture.storage.save(other);
                return super.save(batch);
            }
        };
        try {
            JobActions.Outcome outcome = new JobActions(racing, new JobListQueries(fixture.dataSource))
                    .apply(jobs.stream().map(UUID::toString).toList(), false, "FAILED");
            assertThat(outcome.done()).isEqualTo(2);
            assertThat(outcome.skipped()).containsExactly(changed.toString());
        } finally {
            racing.close();
        }
        assertThat(fixture.state(jobs.get(0))).isEqualTo("DELETED");
        assertThat(fixture.state(changed)).isEqualTo("ENQUEUED");
        assertThat(fixture.state(jobs.get(2))).isEqualTo("DELETED");
    }

    @Test
    void aBadFilterIsA400NamingTheParameterAndChangesNothing() throws Exception {
        UUID failed = fixture.failedJobs(1, "Hooli sync", "tenant:hooli").get(0);
        Map<String, String> bodies = Map.ofEntries(
                Map.entry("{\"filter\": {\"label\": \"\"}, \"confirm\": true}", "label"),
                Map.entry("{\"filter\": {\"label\": \"" + "x".repeat(101) + "\"}, \"confirm\": true}", "label"),
                Map.entry("{\"filter\": {\"label\": [\"tenant:hooli\"]}, \"confirm\": true}", "label"),
                Map.entry("{\"filter\": {\"label\": \"tenant:hooli\", \"priority\": 12}, \"confirm\": true}", "priority"),
                Map.entry("{\"filter\": {\"label\": \"tenant:hooli\", \"state\": \"RUNNING\"}, \"confirm\": true}", "state"),
                Map.entry("{\"filter\": {\"label\": \"tenant:hooli\", \"updatedWithin\": \"1h\"}, \"confirm\": true}", "updatedWithin"),
                Map.entry("{\"filter\": {\"search\": \"" + "x".repeat(201) + "\"}, \"confirm\": true}", "search"),
                Map.entry("{\"filter\": {\"label\": \"tenant:hooli\", \"limit\": 5}, \"confirm\": true}", "limit"),
                Map.entry("{\"filter\": {\"label\": \"tenant:hooli\"}}", "confirm"),
                Map.entry("{\"filter\": {\"label\": \"tenant:hooli\"}, \"confirm\": \"true\"}", "confirm"),
                Map.entry("{\"filter\": {\"state\": \"ALL\"}, \"confirm\": true}", "filter"),
                Map.entry("{\"filter\": \"tenant:hooli\", \"confirm\": true}", "filter"),
                Map.entry("{\"filter\": {\"label\": \"tenant:hooli\"}, \"ids\": [\"" + failed + "\"], \"confirm\": true}", "filter"),
                Map.entry("{\"fliter\": {\"label\": \"tenant:hooli\"}, \"confirm\": true}", "fliter"));
        for (Map.Entry<String, String> bad : bodies.entrySet()) {
            for (String action : List.of("requeue", "delete")) {
                HttpResponse<String> response = api.send("POST", "/api/dashboard/jobs/" + action, "token", bad.getKey());
                assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
                assertThat(DashboardClient.json(response).get("parameter").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
            }
        }
        assertThat(fixture.state(failed)).isEqualTo("FAILED");
    }

    @Test
    void aViewerMayNotActOnAFilter() throws Exception {
        UUID failed = fixture.failedJobs(1, "Vandelay import", "tenant:vandelay").get(0);
        HttpClient http = HttpClient.newHttpClient();
        String origin = fixture.url("");
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(fixture.url("/signin")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=viewer-pw")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(303);
        String session = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("jobscale_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(fixture.url("/api/dashboard/jobs/requeue")))
                .header("Cookie", session + "; jobscale_csrf=token").header("X-CSRF-Token", "token").header("Origin", origin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filter\": {\"label\": \"tenant:vandelay\"}, \"confirm\": true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(DashboardClient.json(refused).get("error").asText()).contains("viewer");
        assertThat(fixture.state(failed)).isEqualTo("FAILED");
        // the same session reads the list
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(fixture.url("/api/dashboard/jobs?label=tenant:vandelay")))
                .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(DashboardClient.json(list).get("jobs")).hasSize(1);
    }
}
