package io.jobscale.dashboard;

import io.jobscale.db.store.AutoscalerSamples;
import io.jobscale.server.JobOptions;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.web.WebAuthSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jobscale.autoscaler.runtime.ScaledObjectStatus;
import io.jobscale.autoscaler.runtime.ScalingEvent;
import io.jobscale.autoscaler.runtime.ScalingEventLog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} of a web process after jobs ran: transitions, a duration histogram, queue latency, JVM, pool, HTTP. */
class PrometheusEndpointTest {

    private static DashboardFixture fixture;
    private static DashboardClient api;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DashboardFixture("dashboard_prometheus", WebAuthSettings.NONE);
        api = new DashboardClient(fixture);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void fiveJobsShowUpAsTransitionsAndInTheDurationHistogram() throws Exception {
        for (int i = 0; i < 5; i++) {
            UUID id = fixture.client.enqueue(JobOptions.priority(1).withName("Resize image " + i), () -> TestJobs.record("resized"));
            fixture.finish(id, null);
        }
        api.get("/api/dashboard/overview");
        // Transitions are counted once they are a few seconds old (a worker's commit may trail its timestamp).
        String metrics = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.get("/metrics").body(), body -> value(body, "jobscale_job_transitions_total{job=\"TestJobs.record\",state=\"succeeded\"}") >= 5);

        assertThat(metrics).contains("# TYPE jobscale_job_transitions_total counter");
        assertThat(value(metrics, "jobscale_job_transitions_total{job=\"TestJobs.record\",state=\"processing\"}")).isGreaterThanOrEqualTo(5);
        assertThat(value(metrics, "jobscale_job_transitions_total{job=\"TestJobs.record\",state=\"enqueued\"}")).isGreaterThanOrEqualTo(5);
        assertThat(metrics).contains("# TYPE jobscale_job_duration_seconds histogram")
                .containsPattern("jobscale_job_duration_seconds_bucket\\{outcome=\"succeeded\",le=\"[0-9.]+\"}");
        assertThat(value(metrics, "jobscale_job_duration_seconds_count{outcome=\"succeeded\"}")).isGreaterThanOrEqualTo(5);
        assertThat(value(metrics, "jobscale_job_queue_latency_seconds_count{priority=\"1\"}")).isGreaterThanOrEqualTo(5);

        assertThat(metrics).contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads").contains("process_uptime_seconds");
        assertThat(metrics).contains("hikaricp_connections_active{");
        assertThat(value(metrics, "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/dashboard/overview\"}"))
                .isGreaterThanOrEqualTo(1);
        // Counted once each, however many scrapes see the job: the seeded jobs predate the server, so exactly five.
        Thread.sleep(6_000);
        String later = api.get("/metrics").body();
        assertThat(value(later, "jobscale_job_transitions_total{job=\"TestJobs.record\",state=\"succeeded\"}")).isEqualTo(5);
        assertThat(value(later, "jobscale_job_duration_seconds_count{outcome=\"succeeded\"}")).isEqualTo(5);
        assertThat(metrics).contains("jobscale_workers_usage_ratio ").contains("jobscale_jobs_enqueued_latency_seconds{priority=\"0\"}");
    }

    @Test
    void autoscalerDecisionsAreCountedAndTheLastOneIsAGauge() throws Exception {
        // The fixture's autoscaler scaled demo-workers 0 -> 1 before the server started: the gauge starts there.
        assertThat(value(api.get("/metrics").body(), "jobscale_autoscaler_desired_replicas{scaled_object=\"demo-workers\"}")).isEqualTo(1);
        new ScalingEventLog(fixture.dataSource).record(new ScalingEvent(0, Instant.now(), "demo-workers", "ScaledObject", 1, 3, null, true,
                List.of(), "enqueued-count 6 / 2: scaled up"));
        // A drain's start is logged with from = to: it changed nothing, so it is no decision to count.
        new ScalingEventLog(fixture.dataSource).record(new ScalingEvent(0, Instant.now(), "demo-workers",
                "ScaledObject", 3, 3, null, true, List.of(), "drain started: pod-a (timeout 300s) before scaling 3→2"));
        String metrics = api.get("/metrics").body();
        assertThat(value(metrics, "jobscale_autoscaler_desired_replicas{scaled_object=\"demo-workers\"}")).isEqualTo(3);
        assertThat(value(metrics, "jobscale_autoscaler_decisions_total{kind=\"ScaledObject\",scaled_object=\"demo-workers\"}")).isEqualTo(1);
    }

    @Test
    void triggerValuesAndTargetsAreGaugesFromTheNewestSampleWhileItIsRecent() throws Exception {
        ScalingEventLog log = new ScalingEventLog(fixture.dataSource);
        Instant now = Instant.now();
        log.sample(List.of(status("sampled-workers", 2, 9.0)), now.minus(AutoscalerSamples.INTERVAL));
        log.sample(List.of(status("sampled-workers", 3, 7.0)), now);
        log.sample(List.of(status("stale-workers", 1, 1.0)), now.minus(Duration.ofMinutes(5)));

        String metrics = api.get("/metrics").body();
        String sampled = "{metric=\"enqueued-count\",scaled_object=\"sampled-workers\",trigger=\"0\"}";
        assertThat(value(metrics, "jobscale_autoscaler_trigger_value" + sampled)).isEqualTo(7);
        assertThat(value(metrics, "jobscale_autoscaler_trigger_target" + sampled)).isEqualTo(2);
        assertThat(value(metrics, "jobscale_autoscaler_current_replicas{scaled_object=\"sampled-workers\"}"))
                .isEqualTo(3);
        assertThat(metrics).doesNotContain("stale-workers");
    }

    private static ScaledObjectStatus status(String name, int replicas, double enqueued) {
        return new ScaledObjectStatus(name, "ScaledObject", "Deployment/" + name, 0, 10, 15, replicas, replicas, true,
                Instant.now(), "test", List.of(new ScalingEvent.Reading("enqueued-count", enqueued, 2, true, null)),
                null, List.of());
    }

    /** The sample's value, 0 when the series is not there. */
    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
