package io.jobscale.server.testing;

import io.jobscale.db.DatabaseSettings;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a jobscale process (worker, run-one, …) as a real child JVM with the test's classpath, so end-to-end tests
 * exercise signals, exit codes and crashes for real. Output goes to {@code target/process-logs/<name>.log}.
 */
public final class JavaProcess {

    private JavaProcess() {
    }

    public static Process start(String name, DatabaseSettings database, Map<String, String> env, String mainClass,
                                String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JOBSCALE_DB_URL", database.url());
        builder.environment().put("JOBSCALE_DB_USER", database.user());
        builder.environment().put("JOBSCALE_DB_PASSWORD", database.password());
        builder.environment().putAll(env);
        try {
            Path logs = Files.createDirectories(Path.of("target", "process-logs"));
            File log = logs.resolve(name + ".log").toFile();
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + mainClass, e);
        }
    }
}
