package io.jobscale.autoscaler.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drain-first scale-down end to end: the real autoscaler with the local backend, real worker processes (one job at a
 * time each) and real PostgreSQL. Both workers run a job when the decision drops from 2 to 1: the scale-down waits
 * for the drained worker's job to finish, so no job is interrupted, and then stops exactly that worker.
 */
class LocalDrainEndToEndTest {

    private static final ScaleTarget TARGET = new ScaleTarget(null, null, "drain");
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    private static String config(DatabaseSettings database, String drainTimeout) {
        Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*").matcher(database.url());
        assertThat(url.matches()).as("test database URL %s", database.url()).isTrue();
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: drain-e2e
                  annotations: {autoscaling.jobscale.io/drain-timeout: "%s"}
                spec:
                  scaleTargetRef: {name: drain}
                  pollingInterval: 1
                  maxReplicaCount: 4
                  advanced:
                    horizontalPodAutoscalerConfig:
                      behavior:
                        scaleDown: {stabilizationWindowSeconds: 0}
                  triggers:
                    - type: postgresql
                      metricType: AverageValue
                      metadata: {host: "%s", port: "%s", dbName: "%s", userName: "%s", sslmode: disable,
                                 query: "SELECT desired FROM drain_test_desired", targetQueryValue: "1"}
                """.formatted(drainTimeout, url.group(1), url.group(2), url.group(3), database.user());
    }

    @Test
    void aScaleDownWaitsForTheDrainedWorkersJobAndInterruptsNothing() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("autoscaler_local_drain");
        TestJobs.useDatabase(database);
        try (HikariDataSource dataSource = DataSources.create(database, "drain-e2e-test");
             JobscaleClient client = new JobscaleClient(new JobscaleStorageProvider(dataSource))) {
            execute(dataSource, "CREATE TABLE drain_test_desired (desired int);"
                    + " INSERT INTO drain_test_desired VALUES (2)");
            JobMetrics metrics = new JobMetrics(dataSource, Clock.systemUTC());
            LocalAutoscaling local = new LocalAutoscaling(database, dataSource, config(database, "120s"),
                    Map.of("JOBSCALE_WORKERS", "1"));
            List<UUID> jobs = new ArrayList<>();
            Instant scaledDown;
            try {
                local.service.start();
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                        .until(() -> metrics.servers().size() == 2);
                for (int i = 0; i < 2; i++) jobs.add(client.enqueue(() -> TestJobs.sleep(12_000, JobContext.Null)));
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> jobs.stream()
                        .allMatch(id -> client.storageProvider().getJobById(id).getState() == StateName.PROCESSING));

                execute(dataSource, "UPDATE drain_test_desired SET desired = 1");
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                        .until(() -> local.workers.current(TARGET).desired() == 1);
                scaledDown = Instant.now();
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> jobs.stream()
                        .allMatch(id -> client.storageProvider().getJobById(id).getState() == StateName.SUCCEEDED));
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                        .until(() -> new DrainMarks(dataSource).all().isEmpty());
            } finally {
                local.close();
            }

            assertThat(TestJobs.events(database, "start")).as("each job ran once: none interrupted").hasSize(2);
            List<ScalingEvent> events = new ArrayList<>(local.events.recent("drain-e2e", Instant.EPOCH, 100));
            events.sort(Comparator.comparingLong(ScalingEvent::id));
            ScalingEvent started = events.stream().filter(e -> e.reason().startsWith("drain started")).findFirst()
                    .orElseThrow();
            ScalingEvent down = events.stream().filter(e -> e.fromReplicas() == 2 && e.toReplicas() == 1).findFirst()
                    .orElseThrow();
            String drained = started.reason().substring("drain started: ".length()).split(" ")[0];
            assertThat(down.reason()).contains("drained " + drained + ": idle after");

            UUID drainedJob = jobs.stream().filter(id -> drained.equals(workerOf(client, id))).findFirst()
                    .orElseThrow();
            Instant drainedJobDone = client.storageProvider().getJobById(drainedJob).getJobStates().stream()
                    .filter(s -> s.getName() == StateName.SUCCEEDED).findFirst().orElseThrow().getCreatedAt();
            assertThat(down.occurredAt()).as("scaled after the drained worker's job ended").isAfter(drainedJobDone);
            assertThat(scaledDown).isAfter(drainedJobDone);
        }
    }

    @Test
    void pastTheDrainTimeoutTheBusyWorkerGoesAndItsJobIsHandedBackAndSucceedsOnce() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("autoscaler_local_drain_timeout");
        TestJobs.useDatabase(database);
        try (HikariDataSource dataSource = DataSources.create(database, "drain-timeout-test");
             JobscaleClient client = new JobscaleClient(new JobscaleStorageProvider(dataSource))) {
            execute(dataSource, "CREATE TABLE drain_test_desired (desired int);"
                    + " INSERT INTO drain_test_desired VALUES (2)");
            JobMetrics metrics = new JobMetrics(dataSource, Clock.systemUTC());
            LocalAutoscaling local = new LocalAutoscaling(database, dataSource, config(database, "12s"),
                    Map.of("JOBSCALE_WORKERS", "1", "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP", "PT1S"));
            List<UUID> jobs = new ArrayList<>();
            try {
                local.service.start();
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                        .until(() -> metrics.servers().size() == 2);
                for (int i = 0; i < 2; i++) jobs.add(client.enqueue(() -> TestJobs.sleep(25_000, JobContext.Null)));
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> jobs.stream()
                        .allMatch(id -> client.storageProvider().getJobById(id).getState() == StateName.PROCESSING));

                execute(dataSource, "UPDATE drain_test_desired SET desired = 1");
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> jobs.stream()
                        .allMatch(id -> client.storageProvider().getJobById(id).getState() == StateName.SUCCEEDED));
                assertThat(local.workers.current(TARGET).desired()).isEqualTo(1);
            } finally {
                local.close();
            }

            List<ScalingEvent> events = new ArrayList<>(local.events.recent("drain-e2e", Instant.EPOCH, 100));
            ScalingEvent down = events.stream().filter(e -> e.fromReplicas() == 2 && e.toReplicas() == 1).findFirst()
                    .orElseThrow();
            assertThat(down.reason()).containsPattern("drain of drain-\\d timed out after \\d+s with ");
            List<String> started = TestJobs.events(database, "start");
            assertThat(started).as("one job ran twice: interrupted on the drained worker, then again").hasSize(3);
            assertThat(TestJobs.events(database, "success")).as("each succeeded once").hasSize(2)
                    .doesNotHaveDuplicates();
            for (UUID id : jobs) {
                assertThat(client.storageProvider().getJobById(id).getJobStates())
                        .noneMatch(state -> state.getName() == StateName.FAILED);
            }
        }
    }

    private static String workerOf(JobscaleClient client, UUID id) {
        return client.storageProvider().getJobById(id).getJobStates().stream()
                .filter(ProcessingState.class::isInstance).map(ProcessingState.class::cast)
                .map(s -> DrainMarks.workerOf(s.getServerName())).reduce((a, b) -> b).orElse(null);
    }

    private static void execute(HikariDataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
