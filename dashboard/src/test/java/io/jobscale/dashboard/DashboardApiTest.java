package io.jobscale.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.autoscaler.runtime.ScalingEventLog;
import io.jobscale.server.JobOptions;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.settings.Settings;
import io.jobscale.web.WebAuthSettings;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.context.JobDashboardLogger;
import org.jobrunr.jobs.context.JobDashboardProgressBar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/** Every dashboard endpoint against seeded jobs: answers, bad ids, bad parameters, CSRF and authentication. */
class DashboardApiTest {
    // Read-only tests; the actions that change jobs are in DashboardActionsTest, on their own database.

    private static DashboardFixture fixture;
    private static DashboardClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fixture = new DashboardFixture("dashboard_api", WebAuthSettings.from(Settings.of(Map.of(
                "JOBSCALE_AUTH_MODE", "basic", "JOBSCALE_AUTH_USERNAME", "ops", "JOBSCALE_AUTH_PASSWORD", "pw"))));
        api = new DashboardClient(fixture);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void overviewCountsEveryState() throws Exception {
        JsonNode overview = DashboardClient.json(api.get("/api/dashboard/overview"));
        assertThat(overview.at("/counts/ENQUEUED").asInt()).isEqualTo(5);
        assertThat(overview.at("/counts/SCHEDULED").asInt()).isEqualTo(1);
        assertThat(overview.at("/counts/SUCCEEDED").asInt()).isEqualTo(1);
        assertThat(overview.at("/counts/FAILED").asInt()).isEqualTo(1);
        assertThat(overview.get("enqueuedByPriority")).hasSize(3);
    }

    @Test
    void detailShowsTheRunningAttemptsProgressAndLogLines() throws Exception {
        UUID id = fixture.client.enqueue(JobOptions.defaults().withName("Import customers"), () -> TestJobs.record("i"));
        Job job = fixture.startProcessing(id);
        new JobDashboardProgressBar(job, 10L).setProgress(4);
        new JobDashboardLogger(job).info("read 4 of 10 files");
        fixture.storage.save(job);

        JsonNode detail;
        try {
            detail = DashboardClient.json(api.get("/api/dashboard/jobs/" + id));
        } finally {
            fixture.storage.deletePermanently(id);   // the other tests count the fixture's jobs
        }

        assertThat(detail.get("state").asText()).isEqualTo("PROCESSING");
        assertThat(detail.at("/progress/percent").asInt()).isEqualTo(40);
        assertThat(detail.at("/progress/total").asLong()).isEqualTo(10);
        assertThat(detail.at("/log/0/level").asText()).isEqualTo("INFO");
        assertThat(detail.at("/log/0/message").asText()).isEqualTo("read 4 of 10 files");
        assertThat(detail.at("/log/0/at").asText()).isNotBlank();
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs/" + fixture.failedJob)).get("progress").isNull())
                .isTrue();
    }

    @Test
    void throughputHasEveryMinuteOfTheHour() throws Exception {
        JsonNode throughput = DashboardClient.json(api.get("/api/dashboard/overview")).get("throughput");
        assertThat(throughput.size()).isEqualTo(61);
        for (int i = 1; i < throughput.size(); i++) {
            Instant previous = Instant.parse(throughput.get(i - 1).get("minute").asText());
            assertThat(Instant.parse(throughput.get(i).get("minute").asText())).isEqualTo(previous.plusSeconds(60));
        }
        long succeeded = 0;
        long failed = 0;
        for (JsonNode minute : throughput) {
            succeeded += minute.get("succeeded").asLong();
            failed += minute.get("failed").asLong();
        }
        assertThat(succeeded).isEqualTo(1);
        assertThat(failed).isEqualTo(1);
    }

    @Test
    void historyServesTheSamplesTheWebProcessStores() throws Exception {
        // The server samples as it starts; the seeded queue holds priorities 0, 1, 2, 0, 1.
        JsonNode history = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> DashboardClient.json(api.get("/api/dashboard/history")), h -> h.get("at").size() > 0);
        assertThat(Duration.between(Instant.parse(history.get("from").asText()), Instant.parse(history.get("to").asText())))
                .isEqualTo(Duration.ofHours(1));
        int last = history.get("at").size() - 1;
        assertThat(history.at("/enqueuedByPriority/0/" + last).asLong()).isEqualTo(2);
        assertThat(history.at("/enqueuedByPriority/1/" + last).asLong()).isEqualTo(2);
        assertThat(history.at("/enqueuedByPriority/2/" + last).asLong()).isEqualTo(1);
        assertThat(history.get("latencyByPriority").size()).isEqualTo(history.get("enqueuedByPriority").size());
        assertThat(DashboardClient.json(api.get("/api/dashboard/history?minutes=0")).get("parameter").asText()).isEqualTo("minutes");
    }

    @Test
    void oneListOfStatesAndAnAllStatesJobList() throws Exception {
        JsonNode config = DashboardClient.json(api.get("/api/dashboard/config"));
        assertThat(config.get("states")).extracting(JsonNode::asText)
                .containsExactly("AWAITING", "SCHEDULED", "ENQUEUED", "PROCESSING", "SUCCEEDED", "FAILED", "DELETED");
        assertThat(config.get("autoscalerBackend").asText()).isIn("local", "kubernetes");
        JsonNode overview = DashboardClient.json(api.get("/api/dashboard/overview"));
        config.get("states").forEach(state -> assertThat(overview.get("counts").has(state.asText())).isTrue());

        JsonNode all = DashboardClient.json(api.get("/api/dashboard/jobs"));
        assertThat(all.get("state").asText()).isEqualTo("ALL");
        assertThat(all.get("jobs")).extracting(j -> j.get("state").asText()).containsOnly("ENQUEUED", "SCHEDULED", "SUCCEEDED", "FAILED").hasSize(8);
        assertThat(all.get("jobs")).extracting(j -> j.get("updatedAt").asText()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode secondPage = DashboardClient.json(api.get("/api/dashboard/jobs?state=all&limit=3&offset=6"));
        assertThat(secondPage.get("jobs")).extracting(j -> j.get("id").asText())
                .containsExactly(all.at("/jobs/6/id").asText(), all.at("/jobs/7/id").asText());
    }

    @Test
    void jobListFiltersByPriorityAndTime() throws Exception {
        JsonNode priority2 = DashboardClient.json(api.get("/api/dashboard/jobs?state=ALL&priority=2"));
        assertThat(priority2.get("jobs")).extracting(j -> j.get("name").asText()).containsExactly("Send invoice 2");
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?updatedWithin=PT1H")).get("jobs")).hasSize(8);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?state=ENQUEUED&priority=0&search=invoice")).get("jobs")).hasSize(2);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?priority=10")).get("parameter").asText()).isEqualTo("priority");
        for (String bad : new String[] {"1h", "PT0S", "-PT1H", "P60D"}) {
            HttpResponse<String> response = api.get("/api/dashboard/jobs?updatedWithin=" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(DashboardClient.json(response).get("parameter").asText()).isEqualTo("updatedWithin");
        }
    }

    @Test
    void jobListPagesAndSearches() throws Exception {
        JsonNode page = DashboardClient.json(api.get("/api/dashboard/jobs?state=enqueued&limit=2"));
        assertThat(page.get("jobs")).hasSize(2);
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?state=ENQUEUED&limit=2&offset=4")).get("jobs")).hasSize(1);
        JsonNode search = DashboardClient.json(api.get("/api/dashboard/jobs?state=ENQUEUED&search=invoice%203"));
        assertThat(search.get("jobs")).singleElement().satisfies(j -> assertThat(j.get("name").asText()).isEqualTo("Send invoice 3"));
        String id = fixture.enqueued.get(1).toString();
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?state=ENQUEUED&search=" + id)).at("/jobs/0/id").asText()).isEqualTo(id);
    }

    @Test
    void jobDetailShowsTheStackTraceOfAFailure() throws Exception {
        JsonNode job = DashboardClient.json(api.get("/api/dashboard/jobs/" + fixture.failedJob));
        assertThat(job.get("state").asText()).isEqualTo("FAILED");
        assertThat(job.get("name").asText()).isEqualTo("Charge card");
        JsonNode failed = job.get("history").get(job.get("history").size() - 1);
        assertThat(failed.get("exceptionType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.get("stackTrace").asText()).contains("card declined: insufficient funds").contains("at io.jobscale.dashboard.DashboardFixture");
    }

    @Test
    void badIdsAndParametersAreJsonErrors() throws Exception {
        HttpResponse<String> notUuid = api.get("/api/dashboard/jobs/not-a-uuid");
        assertThat(notUuid.statusCode()).isEqualTo(404);
        assertThat(DashboardClient.json(notUuid).get("error").asText()).contains("not-a-uuid");
        assertThat(api.get("/api/dashboard/jobs/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/dashboard/recurring-jobs/nope/trigger").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/dashboard/recurring-jobs/nope/pause").statusCode()).isEqualTo(404);
        HttpResponse<String> badState = api.get("/api/dashboard/jobs?state=RUNNING");
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(DashboardClient.json(badState).get("parameter").asText()).isEqualTo("state");
        assertThat(DashboardClient.json(api.get("/api/dashboard/jobs?limit=100000")).get("parameter").asText()).isEqualTo("limit");
    }

    @Test
    void serversRecurringJobsAndAutoscaler() throws Exception {
        assertThat(DashboardClient.json(api.get("/api/dashboard/servers")).isArray()).isTrue();
        JsonNode recurring = DashboardClient.json(api.get("/api/dashboard/recurring-jobs"));
        assertThat(recurring).singleElement().satisfies(r -> {
            assertThat(r.get("id").asText()).isEqualTo("daily-digest");
            assertThat(r.get("cron").asText()).isEqualTo("0 7 * * *");
            assertThat(r.get("nextRun").asText()).isNotBlank();
            assertThat(r.get("nextRuns")).hasSize(3);
            assertThat(r.get("paused").asBoolean()).isFalse();
            assertThat(r.get("pausedAt").isNull()).isTrue();
            assertThat(r.get("nextRuns").get(0).asText()).isEqualTo(r.get("nextRun").asText());
            // "0 7 * * *": consecutive runs are one day apart
            assertThat(Duration.between(Instant.parse(r.get("nextRuns").get(0).asText()),
                    Instant.parse(r.get("nextRuns").get(1).asText()))).isEqualTo(Duration.ofDays(1));
            assertThat(r.has("lastRun")).isTrue();
        });
        JsonNode autoscaler = DashboardClient.json(api.get("/api/autoscaler"));
        assertThat(autoscaler.at("/scaledObjects/0/name").asText()).isEqualTo("demo-workers");
        assertThat(autoscaler.at("/scaledObjects/0/warnings/0").asText()).contains("terminationGracePeriodSeconds");
        assertThat(autoscaler.at("/events/0/toReplicas").asInt()).isEqualTo(1);
        // Why not scaling now: 5 enqueued want 3 replicas, the scale-up policy (1 pod a minute) allows 2.
        assertThat(autoscaler.at("/explanations/demo-workers/currentReplicas").asInt()).isEqualTo(1);
        assertThat(autoscaler.at("/explanations/demo-workers/desiredReplicas").asInt()).isEqualTo(2);
        assertThat(autoscaler.at("/explanations/demo-workers/reason").asText()).contains("wanted 3, rate limit");
        JsonNode explained = DashboardClient.json(api.get("/api/autoscaler/explain?scaledObject=demo-workers"));
        assertThat(explained).isEqualTo(autoscaler.at("/explanations/demo-workers"));
        HttpResponse<String> missing = api.get("/api/autoscaler/explain");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(DashboardClient.json(missing).get("parameter").asText()).isEqualTo("scaledObject");
        assertThat(api.get("/api/autoscaler/explain?scaledObject=nope").statusCode()).isEqualTo(404);
        assertThat(DashboardClient.json(api.get("/api/autoscaler/events?limit=5")).get(0).get("scaledObject").asText()).isEqualTo("demo-workers");
        assertThat(DashboardClient.json(api.get("/api/autoscaler/events?since=yesterday")).get("parameter").asText()).isEqualTo("since");
        new ScalingEventLog(fixture.dataSource).sample(fixture.autoscaler.status(), Instant.now());
        JsonNode samples = DashboardClient.json(api.get("/api/autoscaler/samples?scaledObject=demo-workers"));
        assertThat(samples.get(samples.size() - 1).at("/readings/0/metric").asText()).isEqualTo("enqueued-count");
        assertThat(samples.get(samples.size() - 1).at("/readings/0/target").asDouble()).isEqualTo(2);
        assertThat(DashboardClient.json(api.get("/api/autoscaler/samples?since=1h")).get("parameter").asText())
                .isEqualTo("since");
    }

    @Test
    void whatIfReplaysTheRecordedSamplesThroughBothConfigs() throws Exception {
        ScalingEventLog log = new ScalingEventLog(fixture.dataSource);
        Instant start = Instant.now().minus(Duration.ofMinutes(20));
        for (int i = 0; i < 8; i++) log.sample(fixture.autoscaler.status(), start.plus(Duration.ofSeconds(15L * i)));
        JsonNode config = DashboardClient.json(api.get("/api/autoscaler/config"));
        assertThat(config.get("yaml").asText()).isEqualTo(DashboardFixture.AUTOSCALER_CONFIG);
        assertThat(config.get("maxMinutes").asLong()).isEqualTo(Duration.ofDays(7).toMinutes());
        String edited = DashboardFixture.AUTOSCALER_CONFIG.replace("maxReplicaCount: 3", "maxReplicaCount: 1");

        assertThat(api.send("POST", "/api/autoscaler/what-if", null, body(edited, 60)).statusCode())
                .as("no CSRF token").isEqualTo(403);
        HttpResponse<String> response = api.send("POST", "/api/autoscaler/what-if", "token", body(edited, 60));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode so = DashboardClient.json(response).at("/scaledObjects/0");
        assertThat(so.get("scaledObject").asText()).isEqualTo("demo-workers");
        assertThat(so.get("samples").asInt()).isGreaterThanOrEqualTo(8);
        // 5 enqueued want 3 replicas: the live config climbs towards them, the edited one stays at 1.
        assertThat(so.at("/edited/result/replicas")).allSatisfy(p -> assertThat(p.get("replicas").asInt()).isEqualTo(1));
        assertThat(so.at("/live/result/replicas")).anySatisfy(p -> assertThat(p.get("replicas").asInt()).isGreaterThan(1));
        assertThat(so.at("/edited/result/podSeconds").asLong()).isLessThan(so.at("/live/result/podSeconds").asLong());
        assertThat(so.at("/edited/result/loadMetric").asText()).isEqualTo("enqueued-count");

        HttpResponse<String> broken = api.send("POST", "/api/autoscaler/what-if", "token",
                body(edited.replace("maxReplicaCount: 1", "maxReplicaCount: lots"), 60));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(DashboardClient.json(broken).get("parameter").asText()).isEqualTo("yaml");
        assertThat(DashboardClient.json(broken).get("error").asText()).contains("maxReplicaCount").contains("line 6");
        HttpResponse<String> tooLong = api.send("POST", "/api/autoscaler/what-if", "token", body(edited, 7 * 24 * 60 + 1));
        assertThat(DashboardClient.json(tooLong).get("parameter").asText()).isEqualTo("minutes");
    }

    private static String body(String yaml, int minutes) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("yaml", yaml, "minutes", minutes));
    }

    @Test
    void everythingButHealthNeedsTheConfiguredCredential() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(fixture.url("/api/dashboard/overview"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(fixture.url("/dashboard"))).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(fixture.url("/health"))).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }
}
