package io.jobscale.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.server.JobOptions;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.settings.Settings;
import io.jobscale.web.WebAuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs list's filters against a real database. Each test seeds jobs with a label of its own. */
class DashboardFilterTest {

    private static DashboardFixture fixture;
    private static DashboardClient api;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DashboardFixture("dashboard_filter", WebAuthSettings.from(Settings.of(Map.of(
                "JOBSCALE_AUTH_MODE", "basic", "JOBSCALE_AUTH_USERNAME", "ops", "JOBSCALE_AUTH_PASSWORD", "pw"))));
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
}
