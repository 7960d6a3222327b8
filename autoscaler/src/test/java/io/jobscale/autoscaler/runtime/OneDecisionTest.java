package io.jobscale.autoscaler.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.autoscaler.actuator.JobActuator;
import io.jobscale.autoscaler.actuator.JobCounts;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.explain.Explain;
import io.jobscale.autoscaler.simulate.Simulation;
import io.jobscale.autoscaler.simulate.Trace;
import io.jobscale.autoscaler.trigger.Triggers;
import io.jobscale.db.store.QueuedJob;
import io.jobscale.db.store.QueuedJobs;
import io.jobscale.db.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime loop, {@code explain} and {@code simulate} give the same answer for the same inputs (config, trigger
 * readings, current replicas or Jobs, time), including when a bound bites: every bound lives in the decider, and the
 * runtime applies and records exactly what it decided (docs/autoscaler.md, "One decision").
 */
class OneDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 18 queued jobs, target 1 per replica, 2 replicas: the HPA wants 18, the rate limits allow 4, max is 3. */
    @Test
    void aScaledObjectHeldAtMaxReplicaCount() throws Exception {
        String yaml = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: workers}
                spec:
                  scaleTargetRef: {name: workers}
                  pollingInterval: 5
                  minReplicaCount: 2
                  maxReplicaCount: 3
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "1"}
                """;
        AutoscalerConfig config = new AutoscalerConfigParser(Map.of()).parse(yaml);

        FakeReplicaActuator target = new FakeReplicaActuator();
        target.set("workers", 2);
        FakeTriggers triggers = new FakeTriggers();
        triggers.set("enqueued-count", 18);
        InMemoryEventLog events = new InMemoryEventLog();
        new Autoscaler(config, triggers, target, null, null, events, new MutableClock(NOW)).poll(NOW, false);
        assertThat(target.scaleCalls).containsExactly(3);
        assertThat(events.events).singleElement().satisfies(e -> assertThat(e.toReplicas()).isEqualTo(3));

        JsonNode explained = explain(config, """
                {"workers": {"currentReplicas": 2, "triggers": [{"value": 18}]}}""").get("workers");
        assertThat(explained.get("desiredReplicas").asInt()).isEqualTo(3);
        assertThat(explained.get("reason").asText()).isEqualTo(events.events.get(0).reason());

        // simulate: 20 long jobs at t=0 and one worker per pod; the first poll activates 0→2, both pods take a job,
        // so the poll at t=5 sees 2 replicas and 18 queued jobs — the inputs above.
        Simulation simulation = new Simulation(config.scaledObjects().get(0), 1, Duration.ZERO);
        assertThat(simulation.run(new Trace(List.of(new Trace.Batch(0, 20, 3_600_000, 0, 0)))).maxReplicas())
                .isEqualTo(3);
    }

    /** paused-replicas above maxReplicaCount: held at the maximum by the decider, everywhere. */
    @Test
    void pausedReplicasHeldAtMaxReplicaCount() throws Exception {
        AutoscalerConfig config = new AutoscalerConfigParser(Map.of()).parse("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: workers
                  annotations: {autoscaling.keda.sh/paused-replicas: "5"}
                spec:
                  scaleTargetRef: {name: workers}
                  maxReplicaCount: 3
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "1"}
                """);
        FakeReplicaActuator target = new FakeReplicaActuator();
        InMemoryEventLog events = new InMemoryEventLog();
        new Autoscaler(config, new FakeTriggers(), target, null, null, events, new MutableClock(NOW)).poll(NOW, false);
        assertThat(target.scaleCalls).containsExactly(3);
        JsonNode explained = explain(config, """
                {"workers": {"currentReplicas": 0, "triggers": [{"value": 0}]}}""").get("workers");
        assertThat(explained.get("desiredReplicas").asInt()).isEqualTo(3);
        assertThat(events.events).singleElement().satisfies(e -> assertThat(e.reason())
                .isEqualTo(explained.get("reason").asText()).endsWith("held at maxReplicaCount 3"));
        Simulation simulation = new Simulation(config.scaledObjects().get(0), 1, Duration.ZERO);
        assertThat(simulation.run(new Trace(List.of(new Trace.Batch(0, 1, 1_000, 0, 0)))).maxReplicas())
                .isEqualTo(3);
    }

    /** Paused with more replicas than maxReplicaCount: nothing is done, by the runtime either (it used to clamp). */
    @Test
    void pausedAboveMaxReplicaCountIsLeftAlone() throws Exception {
        AutoscalerConfig config = new AutoscalerConfigParser(Map.of()).parse("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: workers
                  annotations: {autoscaling.keda.sh/paused: "true"}
                spec:
                  scaleTargetRef: {name: workers}
                  maxReplicaCount: 3
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "1"}
                """);
        FakeReplicaActuator target = new FakeReplicaActuator();
        target.set("workers", 5);
        new Autoscaler(config, new FakeTriggers(), target, null, null, new InMemoryEventLog(), new MutableClock(NOW))
                .poll(NOW, false);
        assertThat(target.scaleCalls).isEmpty();
        assertThat(explain(config, """
                {"workers": {"currentReplicas": 5, "triggers": [{"value": 0}]}}""").get("workers")
                .get("desiredReplicas").asInt()).isEqualTo(5);
    }

    /** max 10, min 1 (KEDA's effective maximum 9), 50 queued, 1 running. */
    @Test
    void aScaledJobHeldAtItsEffectiveMaximum() throws Exception {
        String yaml = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledJob
                metadata: {name: runner}
                spec:
                  jobTargetRef: {template: {spec: {containers: [{name: run-one, image: jobscale}]}}}
                  minReplicaCount: 1
                  maxReplicaCount: 10
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "1"}
                """;
        AutoscalerConfig config = new AutoscalerConfigParser(Map.of()).parse(yaml);

        FakeTriggers triggers = new FakeTriggers();
        triggers.set("enqueued-count", 50);
        FakeJobs jobs = new FakeJobs(1);
        InMemoryEventLog events = new InMemoryEventLog();
        new Autoscaler(config, triggers, null, jobs, new AllQueued(), events, new MutableClock(NOW)).poll(NOW, false);

        JsonNode explained = explain(config, """
                {"runner": {"runningJobs": 1, "pendingJobs": 0, "triggers": [{"value": 50}]}}""").get("runner");
        int toCreate = explained.get("jobsToCreate").asInt();
        assertThat(toCreate).isBetween(1, 9);
        assertThat(jobs.launched).isEqualTo(toCreate);
        assertThat(events.events).singleElement().satisfies(e -> {
            assertThat(e.toReplicas()).isEqualTo(1 + toCreate);
            assertThat(e.reason()).isEqualTo(explained.get("reason").asText());
        });
        // simulate replays ScaledObjects only (docs/autoscaler.md): there is no third answer for a ScaledJob.
    }

    private static JsonNode explain(AutoscalerConfig config, String readings) throws Exception {
        return JSON.readTree(Explain.answer(config, Explain.fromReadings(config, JSON.readTree(readings),
                new Triggers(null, Map.of())::create), NOW));
    }

    /** Jobs that run as long as the test: {@code running} at first, plus every one launched. */
    private static final class FakeJobs implements JobActuator {

        private final int running;
        int launched;

        FakeJobs(int running) {
            this.running = running;
        }

        @Override
        public JobCounts count(String scaledJobName) {
            return new JobCounts(running + launched, 0);
        }

        @Override
        public Set<String> jobIdsInFlight(String scaledJobName) {
            return Set.of();
        }

        @Override
        public int launch(String scaledJobName, JsonNode jobTargetRef, List<QueuedJob> jobs) {
            launched += jobs.size();
            return jobs.size();
        }

        @Override
        public void pruneHistory(String scaledJobName, int successfulJobsHistoryLimit, int failedJobsHistoryLimit) {
        }
    }

    /** As many queued jobs as asked for. */
    private static final class AllQueued extends QueuedJobs {

        AllQueued() {
            super(null);
        }

        @Override
        public List<QueuedJob> next(int count, Set<String> exclude) {
            return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> new QueuedJob("job-" + i, 1)).toList());
        }
    }
}
