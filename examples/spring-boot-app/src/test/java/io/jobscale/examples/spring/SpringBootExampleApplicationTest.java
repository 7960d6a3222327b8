package io.jobscale.examples.spring;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The example application, whole: a real Spring Boot context with its web server, on a real PostgreSQL. */
class SpringBootExampleApplicationTest {

    private static DatabaseSettings db;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh("spring_boot_example");
    }

    private static ConfigurableApplicationContext start(String... more) {
        return new SpringApplicationBuilder(SpringBootExampleApplication.class).run(Stream.concat(Stream.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--org.jobrunr.background-job-server.interrupt-jobs-await-duration-on-stop=1s"), Stream.of(more))
                .toArray(String[]::new));
    }

    private static String get(ConfigurableApplicationContext context, String path) throws Exception {
        String port = context.getBean(Environment.class).getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void theGuidesEndpointCreatesJobsThatRunOnTheApplicationsBeans() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            String answer = get(context, "/schedule-example-jobs?count=3&executionTimeMs=10&name=Guide");
            assertThat(answer).startsWith("200 ").contains("\"enqueued\":3");

            WorkLog workLog = context.getBean(WorkLog.class);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> workLog.finished().containsAll(List.of("Guide 1", "Guide 2", "Guide 3")));

            assertThat(get(context, "/schedule-example-jobs?count=0")).startsWith("400 ").contains("count must be");
            assertThat(get(context, "/actuator/health/jobscale")).startsWith("200 ")
                    .contains("\"status\":\"UP\"").contains("\"worker\":\"RUNNING\"");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("jobscale.jobs").tag("state", "succeeded").gauge().value()).isGreaterThan(0);
            assertThat(registry.get("jobscale.worker.threads").gauge().value()).isEqualTo(4);
        }
    }

    @Test
    void springBootsOwnFlywayOnJobscalesMigrationsStopsTheStartWithWhatToSet() {
        assertThatThrownBy(() -> start("--spring.flyway.enabled=true").close())
                .hasMessageStartingWith("Spring Boot's Flyway would run jobscale's migrations")
                .hasMessageContaining("spring.flyway.enabled=false");
        start("--spring.flyway.enabled=true", "--spring.flyway.locations=classpath:app/migration",
                "--spring.flyway.baseline-on-migrate=true").close();   // the jobscale tables are there already
    }

    @Test
    void closingTheContextHandsARunningJobBack() {
        UUID id;
        JobscaleStorageProvider storage;
        ConfigurableApplicationContext context = start();
        try {
            SampleJobService service = context.getBean(SampleJobService.class);
            id = context.getBean(JobscaleClient.class).enqueue(() -> service.doWork("Long", 600_000));
            storage = context.getBean(JobscaleStorageProvider.class);
            JobscaleStorageProvider running = storage;
            await().atMost(Duration.ofMinutes(1)).until(() -> running.getJobById(id).hasState(StateName.PROCESSING));
        } finally {
            context.close();   // what SIGTERM does in a pod
        }

        try (JobscaleClient client = JobscaleClient.create(db)) {
            Job job = client.storageProvider().getJobById(id);
            assertThat(job.getState()).isEqualTo(StateName.ENQUEUED);
            assertThat(job.getJobStates()).noneMatch(state -> state.getName() == StateName.FAILED);
        }
    }
}
