package io.jobscale.cli;

import io.jobscale.db.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsEveryCommandAndExitsZero() throws Exception {
        assertThat(run("--help")).isZero();
        for (String command : Main.COMMANDS.keySet()) assertThat(text(out)).contains("  " + command + " ");
    }

    @Test
    void noCommandPrintsUsageAndExitsTwo() throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(text(out)).contains("Usage: jobscale <command>");
    }

    @Test
    void unknownCommandPrintsUsageAndExitsTwo() throws Exception {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(text(err)).contains("unknown command 'frobnicate'").contains("Usage: jobscale <command>");
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String command : Main.COMMANDS.keySet()) {
            out.reset();
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(text(out)).as(command).contains("Usage: jobscale " + command);
        }
    }

    @Test
    void unknownSettingStopsTheStartNamingTheKey() throws Exception {
        System.setProperty("JOBSCALE_WORKRES", "4");
        try {
            assertThat(run("migrate")).isEqualTo(2);
            assertThat(text(err)).contains("JOBSCALE_WORKRES").contains("is not a jobscale setting");
        } finally {
            System.clearProperty("JOBSCALE_WORKRES");
        }
    }

    @Test
    void aLogFormatWithoutAnAppenderStopsTheStartInOneLine() throws Exception {
        System.setProperty(LogFormat.KEY, "xml");
        try {
            assertThat(run("migrate")).isEqualTo(2);
            assertThat(text(err).strip()).isEqualTo("jobscale: Invalid setting JOBSCALE_LOG_FORMAT=xml: must be one of"
                    + " [text, json]");
        } finally {
            System.clearProperty(LogFormat.KEY);
        }
    }

    @Test
    void webRefusesABrokenAutoscalerConfigInOneLine(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("broken.yaml"), """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: workers}
                spec:
                  scaleTargetRef: {name: jobscale-worker}
                  maxReplicaCount: many
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, value: "5"}
                """);
        System.setProperty("JOBSCALE_AUTOSCALER_CONFIG", config.toString());
        try {
            assertThat(run("web")).isEqualTo(2);
            assertThat(text(err)).contains("broken.yaml").contains("maxReplicaCount").contains("line 6")
                    .doesNotContain("Exception").hasLineCount(1);
        } finally {
            System.clearProperty("JOBSCALE_AUTOSCALER_CONFIG");
        }
    }

    @Test
    void webRefusesABadDrainTimeoutInOneLine(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("drain.yaml"), """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: workers
                  annotations: {autoscaling.jobscale.io/drain-timeout: soon}
                spec:
                  scaleTargetRef: {name: jobscale-worker}
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "5"}
                """);
        System.setProperty("JOBSCALE_AUTOSCALER_CONFIG", config.toString());
        try {
            assertThat(run("web")).isEqualTo(2);
            assertThat(text(err)).contains("drain.yaml").contains("autoscaling.jobscale.io/drain-timeout")
                    .contains("\"soon\" is not a duration").doesNotContain("Exception").hasLineCount(1);
        } finally {
            System.clearProperty("JOBSCALE_AUTOSCALER_CONFIG");
        }
    }

    @Test
    void unexpectedArgumentIsAUsageError() throws Exception {
        assertThat(run("migrate", "--force")).isEqualTo(2);
        assertThat(text(err)).contains("Usage: jobscale migrate");
    }

    @Test
    void everyDatabaseCommandGivesOneLineAndExitOneWhenTheServerIsDown() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + FreePorts.unused() + "/jobscale";
        System.setProperty("JOBSCALE_DB_URL", url);
        try {
            for (Command command : Main.COMMANDS.values()) {
                if (!command.usesDatabase()) continue;
                err.reset();
                assertThat(run(command.name())).as(command.name()).isEqualTo(1);
                assertThat(text(err)).as(command.name())
                        .startsWith("jobscale: Cannot connect to " + url + " as postgres: ")
                        .contains("nothing answers there").hasLineCount(1);
            }
        } finally {
            System.clearProperty("JOBSCALE_DB_URL");
        }
    }


    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
