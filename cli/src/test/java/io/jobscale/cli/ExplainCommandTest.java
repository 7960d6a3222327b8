package io.jobscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobscale explain} as a user runs it: a KEDA file from elsewhere, live triggers, one-line errors. */
class ExplainCommandTest {

    /** A ScaledJob as KEDA users publish it: redis list, connection from the environment, custom strategy. */
    private static final String SEED_SCALED_JOB = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledJob
            metadata:
              name: taskrunner
            spec:
              jobTargetRef:
                parallelism: 1
                completions: 1
                activeDeadlineSeconds: 600
                backoffLimit: 2
                template:
                  spec:
                    containers:
                      - name: taskrunner
                        image: registry.example.com/taskrunner:latest
                        imagePullPolicy: Always
                        env:
                          - name: REDIS_HOST
                            value: redis
                    restartPolicy: Never
              pollingInterval: 10
              successfulJobsHistoryLimit: 5
              failedJobsHistoryLimit: 5
              maxReplicaCount: 25
              scalingStrategy:
                strategy: custom
                customScalingQueueLengthDeduction: 1
                customScalingRunningJobPercentage: "0.5"
              triggers:
                - type: redis
                  metadata:
                    hostFromEnv: REDIS_HOST
                    portFromEnv: REDIS_PORT
                    passwordFromEnv: REDIS_PASSWORD
                    listName: LIST_NAME
                    listLength: "1"
                    enableTLS: "false"
                    databaseIndex: "0"
            """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void seedScaledJobWithSixItemsIsActiveWithFiveJobs() throws Exception {
        String list = "jobscale-seed-" + UUID.randomUUID();
        Path config = Files.writeString(dir.resolve("seed.yaml"), SEED_SCALED_JOB.replace("LIST_NAME", list));
        Map<String, String> env = Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", "6379", "REDIS_PASSWORD", "");
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            jedis.rpush(list, "1", "2", "3", "4", "5", "6");
            assertThat(explain(env, "--config", config.toString())).as(text(err)).isZero();
        } finally {
            try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
                jedis.del(list);
            }
        }
        JsonNode answer = new ObjectMapper().readTree(text(out)).get("taskrunner");
        assertThat(answer.get("active").asBoolean()).isTrue();
        // custom: min(maxScale 6 − deduction 1 − trunc(0 running × 0.5), 25) = 5
        assertThat(answer.get("jobsToCreate").asInt()).isEqualTo(5);
        assertThat(text(err)).doesNotContain("warning");
    }

    @Test
    void aMissingVariableIsOneLineNamingItAndExitsTwo() throws Exception {
        Path config = Files.writeString(dir.resolve("seed.yaml"), SEED_SCALED_JOB.replace("LIST_NAME", "x"));
        assertThat(explain(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", "6379"), "--config", config.toString()))
                .isEqualTo(2);
        assertThat(text(err).strip()).doesNotContain("\n").doesNotContain("Exception")
                .contains(config.toString()).contains("passwordFromEnv").contains("REDIS_PASSWORD").contains("line ");
    }

    @Test
    void brokenConfigsAreOneLineWithFileLineAndFieldAndExitTwo() throws Exception {
        Path misspelt = Files.writeString(dir.resolve("bad.yaml"), SEED_SCALED_JOB.replace("LIST_NAME", "x")
                .replace("maxReplicaCount: 25", "maxReplicaCount: lots"));
        Path unsupported = Files.writeString(dir.resolve("modifiers.yaml"), SEED_SCALED_JOB.replace("LIST_NAME", "x")
                .replace("  scalingStrategy:", "  rollout: {strategy: gradual}\n  scalingStrategy:"));
        Path notYaml = Files.writeString(dir.resolve("broken.yaml"), "kind: [ScaledJob\n");
        Path trace = Files.writeString(dir.resolve("t.csv"), "0,1,1000\n");
        for (Path config : new Path[]{misspelt, unsupported, notYaml}) {
            out.reset();
            err.reset();
            assertThat(explain(SEED_ENV, "--config", config.toString())).as(config.toString()).isEqualTo(2);
            assertThat(text(err).strip()).as(config.toString()).doesNotContain("\n").doesNotContain("Exception")
                    .startsWith("explain: " + config + ": ").contains("line ");
            if (config == unsupported) {
                assertThat(text(err)).contains("spec.rollout (line 25) is not supported by the built-in autoscaler");
            }
            if (config == misspelt) {
                assertThat(text(err)).contains("spec.maxReplicaCount (line 24) must be a whole number");
            }
            err.reset();
            assertThat(new SimulateCommand().run(
                    new String[]{"--config", config.toString(), "--trace", trace.toString()},
                    Settings.of(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)))
                    .isEqualTo(2);
            assertThat(text(err).strip()).as(config.toString()).doesNotContain("\n")
                    .startsWith("simulate: " + config + ": ").contains("line ");
        }
    }

    private static final Map<String, String> SEED_ENV =
            Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", "6379", "REDIS_PASSWORD", "");

    private int explain(Map<String, String> env, String... args) throws Exception {
        return new ExplainCommand(env).run(args, Settings.of(Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
