package io.jobscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.example.ExampleJobService;
import io.jobscale.server.JobscaleClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code JOBSCALE_LOG_FORMAT=json}: a real worker started by the launcher prints nothing but JSON lines. */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWorkersEveryLineIsAJsonObjectAndAJobsLinesNameTheJob() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("cli_json_logs");
        UUID id;
        try (JobscaleClient client = JobscaleClient.create(database)) {
            id = client.enqueue(() -> new ExampleJobService().doWork("json-logs", 100));
        }
        Path output = Files.createTempFile("jobscale-json-logs", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of("..", "bin", "jobscale").toString(), "worker")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("JOBSCALE_"));
        builder.environment().put("JOBSCALE_SKIP_BUILD", "true");
        builder.environment().put("JOBSCALE_DB_URL", database.url());
        builder.environment().put("JOBSCALE_DB_USER", database.user());
        if (database.password() != null) builder.environment().put("JOBSCALE_DB_PASSWORD", database.password());
        builder.environment().put("JOBSCALE_WORKERS", "1");
        builder.environment().put(LogFormat.KEY, LogFormat.JSON);
        Process worker = builder.start();
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "SUCCEEDED".equals(state(database, id)));
        } finally {
            worker.destroy();   // SIGTERM: the graceful stop logs too
            if (!worker.waitFor(60, TimeUnit.SECONDS)) worker.destroyForcibly().waitFor();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            if (line.isBlank()) continue;
            JsonNode node = JSON.readTree(line);   // throws on any line that is not JSON
            assertThat(node.isObject()).as(line).isTrue();
            lines.add(node);
        }
        assertThat(lines).as("log lines").isNotEmpty()
                .allSatisfy(line -> assertThat(line.has("level") && line.has("formattedMessage")).isTrue());
        assertThat(lines).as("the job's own lines carry its id and name")
                .filteredOn(line -> line.path("formattedMessage").asText().startsWith("json-logs"))
                .isNotEmpty()
                .allSatisfy(line -> {
                    // jobrunr puts these into the logging context (MDC) of every job it runs
                    assertThat(line.path("mdc").path("jobrunr.jobId").asText()).isEqualTo(id.toString());
                    assertThat(line.path("mdc").path("jobrunr.jobName").asText()).contains("doWork(json-logs");
                });
        assertThat(worker.exitValue()).isZero();
    }

    private static String state(DatabaseSettings database, UUID id) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement statement = connection.prepareStatement("SELECT state FROM jobrunr_jobs WHERE id = ?")) {
            statement.setString(1, id.toString());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
