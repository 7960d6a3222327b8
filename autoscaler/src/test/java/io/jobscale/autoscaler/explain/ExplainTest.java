package io.jobscale.autoscaler.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.trigger.Triggers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The documented readings → answer interface of {@code bin/jobscale explain}. */
class ExplainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: jobrunr-scaling}
            spec:
              scaleTargetRef: {name: workers}
              maxReplicaCount: 10
              triggers:
                - {type: metrics-api, metricType: Value, metadata: {url: "http://web:8000/api/metrics/workers", valueLocation: usage, targetValue: "0.8"}}
                - {type: metrics-api, metricType: Value, metadata: {url: "http://web:8000/api/metrics/jobs/enqueued", valueLocation: latency, targetValue: "300"}}
                - {type: metrics-api, metadata: {url: "http://web:8000/api/metrics/jobs/scheduled?scheduledIn=PT2M", valueLocation: count, targetValue: "8"}}
            ---
            apiVersion: keda.sh/v1alpha1
            kind: ScaledJob
            metadata: {name: redis-runner-job}
            spec:
              jobTargetRef: {template: {spec: {containers: [{name: run-one, image: jobscale}]}}}
              maxReplicaCount: 10
              triggers: [{type: redis, metadata: {address: "redis:6379", listName: jobs, listLength: "1"}}]
            """;

    @Test
    void answersTheDocumentedShape() throws Exception {
        AutoscalerConfig config = new AutoscalerConfigParser(Map.of()).parse(CONFIG);
        JsonNode readings = JSON.readTree("""
                {"jobrunr-scaling": {"currentReplicas": 3, "triggers": [{"value": 0.95}, {"value": 12}, {"value": 40}],
                                     "secondsSinceLastActive": 0, "consecutiveFailures": 0},
                 "redis-runner-job": {"runningJobs": 2, "pendingJobs": 1, "triggers": [{"value": 7}]}}
                """);
        Triggers triggers = new Triggers(null, Map.of());
        JsonNode answer = JSON.readTree(Explain.answer(config, Explain.fromReadings(config, readings, triggers::create), Instant.now()));

        assertThat(answer.at("/jobrunr-scaling/kind").asText()).isEqualTo("ScaledObject");
        assertThat(answer.at("/jobrunr-scaling/active").asBoolean()).isTrue();
        assertThat(answer.at("/jobrunr-scaling/desiredReplicas").asInt()).as("scheduled 40/8 = 5 beats usage ceil(0.95/0.8×3) = 4").isEqualTo(5);
        assertThat(answer.at("/jobrunr-scaling/reason").asText()).contains("3→5");
        assertThat(answer.at("/redis-runner-job/kind").asText()).isEqualTo("ScaledJob");
        assertThat(answer.at("/redis-runner-job/jobsToCreate").asInt()).as("default: 7 − 2 running").isEqualTo(5);
    }

    @Test
    void failuresAndMissingEntries() throws Exception {
        AutoscalerConfig config = new AutoscalerConfigParser(Map.of()).parse(CONFIG);
        Triggers triggers = new Triggers(null, Map.of());
        JsonNode failing = JSON.readTree("""
                {"jobrunr-scaling": {"currentReplicas": 3, "triggers": [{"error": "timeout"}, {"value": 0}, {"value": 0}], "secondsSinceLastActive": 10},
                 "redis-runner-job": {"triggers": [{"value": 0}]}}
                """);
        JsonNode answer = JSON.readTree(Explain.answer(config, Explain.fromReadings(config, failing, triggers::create), Instant.now()));
        assertThat(answer.at("/jobrunr-scaling/desiredReplicas").asInt()).as("an unreadable metric forbids scale-down").isEqualTo(3);
        assertThat(answer.at("/redis-runner-job/jobsToCreate").asInt()).isZero();
        assertThatThrownBy(() -> Explain.fromReadings(config, JSON.readTree("{}"), triggers::create)).hasMessageContaining("jobrunr-scaling");
    }

    @Test
    void explainAnswersWhatTheDeciderAppliesBoundsIncluded() throws Exception {
        AutoscalerConfig config = new AutoscalerConfigParser(Map.of()).parse(CONFIG
                .replace("metadata: {name: jobrunr-scaling}", "metadata: {name: jobrunr-scaling, annotations: {autoscaling.keda.sh/paused-replicas: \"50\"}}")
                .replace("  jobTargetRef:", "  minReplicaCount: 1\n  jobTargetRef:"));
        JsonNode readings = JSON.readTree("""
                {"jobrunr-scaling": {"currentReplicas": 3, "triggers": [{"value": 0.95}, {"value": 12}, {"value": 40}]},
                 "redis-runner-job": {"runningJobs": 1, "triggers": [{"value": 50}]}}
                """);
        JsonNode answer = JSON.readTree(Explain.answer(config, Explain.fromReadings(config, readings, new Triggers(null, Map.of())::create),
                Instant.now()));
        assertThat(answer.at("/jobrunr-scaling/desiredReplicas").asInt()).as("paused-replicas 50 held at max 10").isEqualTo(10);
        assertThat(answer.at("/redis-runner-job/jobsToCreate").asInt()).as("effective max 10 − 1 = 9").isEqualTo(9);
    }
}
