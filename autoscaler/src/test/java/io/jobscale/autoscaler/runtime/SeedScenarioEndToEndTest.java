package io.jobscale.autoscaler.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JobRunr autoscaling guide's scenario, with real worker processes and compressed times: 40 jobs of 10 s
 * scheduled 20 s ahead; 4 workers per process. Asserted on the job outcomes and on the recorded scaling events, only
 * in ways that hold whatever the timing on a loaded machine: not which trigger reached a count first.
 *
 * <p>A job lasts two worker heartbeats (5 s each): a worker publishes how many of its workers are busy with its
 * heartbeat, so with jobs of one heartbeat's length a server's busy spell could fall between two heartbeats and the
 * autoscaler would never see all 20 workers busy.
 */
class SeedScenarioEndToEndTest {

    private static final String CONFIG = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: seed}
            spec:
              scaleTargetRef: {name: workers}
              pollingInterval: 1
              cooldownPeriod: 8
              minReplicaCount: 0
              maxReplicaCount: 10
              advanced:
                horizontalPodAutoscalerConfig:
                  behavior:
                    scaleDown: {stabilizationWindowSeconds: 15}
              triggers:
                - type: jobscale
                  metricType: AverageValue
                  metadata: {metric: scheduled-count, scheduledIn: PT30S, targetValue: "8"}
                - type: jobscale
                  metricType: Value
                  metadata: {metric: workers-usage, targetValue: "0.8"}
                - type: jobscale
                  metricType: Value
                  metadata: {metric: enqueued-latency, targetValue: "10"}
            """;

    @Test
    void scalesUpBeforeJobsAreDueMoreWhileBusyAndBackToZero() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("autoscaler_seed_scenario");
        TestJobs.useDatabase(database);
        List<UUID> jobs = new ArrayList<>();
        Instant due;
        try (HikariDataSource dataSource = DataSources.create(database, "seed-test");
             JobscaleClient client = new JobscaleClient(new JobscaleStorageProvider(dataSource))) {
            // The coordinator the web process runs: moves the scheduled jobs to the queue when they are due.
            Worker coordinator = Worker.start(new WorkerSettings(1, Duration.ofSeconds(5), Duration.ofSeconds(5), "web/1"),
                    client.storageProvider(), Worker.Mode.COORDINATOR, Clock.systemUTC());
            LocalAutoscaling local = new LocalAutoscaling(database, dataSource, CONFIG, Map.of("JOBSCALE_WORKERS", "4"));
            try {
                due = Instant.now().plusSeconds(20);
                for (int i = 0; i < 40; i++) {
                    jobs.add(client.schedule(due, () -> TestJobs.sleep(10_000, JobContext.Null)));
                }
                local.service.start();

                // Generous limits: worker JVMs start slowly on a loaded machine; the assertions below do not
                // depend on how long it took.
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> count(dataSource, "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'") == 40);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> local.workers.current(new io.jobscale.autoscaler.actuator.ScaleTarget(null, null, "workers")).desired() == 0);
            } finally {
                local.close();
                coordinator.stopGracefully();
            }

            List<ScalingEvent> events = new ArrayList<>(local.events.recent("seed", Instant.EPOCH, 1000));
            events.sort((a, b) -> Long.compare(a.id(), b.id()));
            assertThat(events).isNotEmpty();
            int maxBeforeDue = events.stream().filter(e -> e.occurredAt().isBefore(due)).mapToInt(ScalingEvent::toReplicas).max().orElse(0);
            assertThat(maxBeforeDue).as("worker processes started before the jobs were due").isEqualTo(5);
            assertThat(events.stream().mapToInt(ScalingEvent::toReplicas).max().orElse(0)).as("more while all 20 workers are busy").isGreaterThanOrEqualTo(6);
            // Which trigger asks for more first depends on timing (usage and latency both rise once the jobs are
            // due); what holds either way is that every HPA scale-up names a trigger whose own reading was above
            // its target, and that no scale-up went past what the largest reading could ask for.
            for (ScalingEvent up : events.stream().filter(e -> e.fromReplicas() > 0 && e.toReplicas() > e.fromReplicas()).toList()) {
                assertThat(up.readings()).as("readings of %s", up.reason())
                        .anySatisfy(r -> {
                            assertThat(up.reason()).startsWith(r.metric() + " ");
                            assertThat(r.value()).isGreaterThan(r.target());
                        });
                assertThat(up.toReplicas()).as("within maxReplicaCount: %s", up.reason()).isLessThanOrEqualTo(10);
            }
            assertThat(events.get(events.size() - 1).toReplicas()).as("back to zero after the cooldown").isZero();
            assertThat(events.get(events.size() - 1).reason()).contains("cooldown");

            assertThat(count(dataSource, "SELECT count(*) FROM jobrunr_jobs j, jsonb_array_elements(j.jobAsJson::jsonb -> 'jobHistory') h"
                    + " WHERE h ->> 'state' = 'SUCCEEDED'")).as("each job succeeded exactly once").isEqualTo(40);
            assertThat(TestJobs.events(database, "success")).hasSize(40).doesNotHaveDuplicates();
        }
    }

    static long count(HikariDataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
