package io.jobscale.cli;

import io.jobscale.cli.worker.WorkerHttpSettings;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.FreePorts;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.example.ExampleJobService;
import io.jobscale.server.JobscaleClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code JOBSCALE_WORKER_HTTP_PORT}: a real worker started by the launcher serves its probes and metrics. */
class WorkerHttpIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aWorkerServesHealthAndMetricsWithItsJobsAndJvm() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("cli_worker_http");
        int port = FreePorts.unused();
        Path output = Files.createTempFile("jobscale-worker-http", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of("..", "bin", "jobscale").toString(), "worker")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("JOBSCALE_"));
        builder.environment().put("JOBSCALE_SKIP_BUILD", "true");
        builder.environment().put("JOBSCALE_DB_URL", database.url());
        builder.environment().put("JOBSCALE_DB_USER", database.user());
        if (database.password() != null) builder.environment().put("JOBSCALE_DB_PASSWORD", database.password());
        builder.environment().put("JOBSCALE_WORKERS", "2");
        builder.environment().put(WorkerHttpSettings.PORT, Integer.toString(port));
        Process worker = builder.start();
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> status(port, "/health/ready") == 200);
            UUID id;
            try (JobscaleClient client = JobscaleClient.create(database)) {
                id = client.enqueue(() -> new ExampleJobService().doWork("worker-http", 100));
            }
            String metrics = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(port, "/metrics").body(),
                            body -> body.contains("jobscale_worker_jobs_total{outcome=\"succeeded\"} 1.0"));

            assertThat(get(port, "/health/live").body()).contains("\"UP\"");
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            assertThat(get(port, "/metrics").headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics).contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads ")
                    .contains("hikaricp_connections_active{").contains("jobscale_worker_busy ")
                    .containsPattern("jobscale_worker_job_duration_seconds_bucket\\{outcome=\"succeeded\",le=");
            assertThat(id).isNotNull();
        } finally {
            worker.destroy();   // SIGTERM: the graceful stop
            if (!worker.waitFor(60, TimeUnit.SECONDS)) worker.destroyForcibly().waitFor();
        }
        assertThat(worker.exitValue()).as(Files.readString(output)).isZero();
    }

    private int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (Exception e) {
            return -1;   // not listening yet
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
