package io.jobscale.autoscaler.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import org.jobrunr.jobs.context.JobContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WakeUpAndLeaderTest {

    private static String config(String name, int pollingInterval) {
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: %s}
                spec:
                  scaleTargetRef: {name: %s-workers}
                  pollingInterval: %d
                  maxReplicaCount: 2
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "10"}
                """.formatted(name, name, pollingInterval);
    }

    @Test
    void oneEnqueueWakesTheAutoscalerWithinTwoSecondsDespiteA30SecondPollingInterval() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("autoscaler_wake_up");
        TestJobs.useDatabase(database);
        try (HikariDataSource dataSource = DataSources.create(database, "wake-up");
             JobscaleClient client = new JobscaleClient(new JobscaleStorageProvider(dataSource));
             LocalAutoscaling local = new LocalAutoscaling(database, dataSource, config("wake", 30), Map.of("JOBSCALE_WORKERS", "1"))) {
            local.service.start();
            await().atMost(Duration.ofSeconds(10)).until(local.service::isLeader);
            Thread.sleep(1_500);   // the first (idle) poll is done; the next is 30 s away
            assertThat(local.events.recent("wake", Instant.EPOCH, 10)).isEmpty();

            Instant enqueuedAt = Instant.now();
            client.enqueue(() -> TestJobs.sleep(10, JobContext.Null));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !local.events.recent("wake", Instant.EPOCH, 10).isEmpty());
            ScalingEvent event = local.events.recent("wake", Instant.EPOCH, 10).get(0);

            assertThat(event.fromReplicas()).isZero();
            assertThat(event.toReplicas()).isEqualTo(1);
            // Well before the next poll (30 s away): the wake-up decided, whatever the machine's load. How fast it is
            // (about 1 s) is a figure for the benchmarks and the logs, not a timed assertion.
            assertThat(Duration.between(enqueuedAt, event.occurredAt())).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void onlyTheLeaderActsAndAnotherTakesOverWhenItDies() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("autoscaler_leader");
        TestJobs.useDatabase(database);
        int pollingInterval = 2;
        try (HikariDataSource dataSource = DataSources.create(database, "leader");
             JobscaleClient client = new JobscaleClient(new JobscaleStorageProvider(dataSource))) {
            LocalAutoscaling first = new LocalAutoscaling(database, dataSource, config("lead", pollingInterval), Map.of("JOBSCALE_WORKERS", "1"));
            LocalAutoscaling second = new LocalAutoscaling(database, dataSource, config("lead", pollingInterval), Map.of("JOBSCALE_WORKERS", "1"));
            try {
                first.service.start();
                await().atMost(Duration.ofSeconds(10)).until(first.service::isLeader);
                second.service.start();
                for (int i = 0; i < 3; i++) client.enqueue(() -> TestJobs.sleep(60_000, JobContext.Null));
                await().atMost(Duration.ofSeconds(10)).until(() -> !first.events.recent("lead", Instant.EPOCH, 10).isEmpty());
                Thread.sleep(2L * pollingInterval * 1000);
                assertThat(second.service.isLeader()).isFalse();
                assertThat(second.autoscaler.status()).as("the follower never polled").isEmpty();

                Instant killedAt = Instant.now();
                first.service.close();   // the leader dies: its session ends and the advisory lock is released
                await().atMost(Duration.ofSeconds(2L * pollingInterval)).pollInterval(Duration.ofMillis(100)).until(second.service::isLeader);
                await().atMost(Duration.ofSeconds(2L * pollingInterval)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !second.autoscaler.status().isEmpty());
                assertThat(Duration.between(killedAt, Instant.now())).isLessThanOrEqualTo(Duration.ofSeconds(2L * pollingInterval));
                List<ScalingEvent> events = second.events.recent("lead", killedAt, 10);
                assertThat(events).as("the new leader starts the workers the dead one's processes were").isNotEmpty();
            } finally {
                first.close();
                second.close();
            }
        }
    }
}
