package io.jobscale.autoscaler.actuator.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Starts jobscale child processes (workers, run-one) with a given command and environment; each writes its output to
 * its own file under the log directory, so a person can read what a worker did after it is gone. The directory is
 * kept bounded ({@link LogFiles}).
 */
public class ProcessLauncher {

    private final List<String> command;
    private final Map<String, String> environment;
    private final Predicate<String> withheld;
    private final LogFiles logFiles;

    /** A launcher whose children inherit this process's whole environment. */
    public ProcessLauncher(List<String> command, Map<String, String> environment, Path logDirectory) {
        this(command, environment, name -> false, logDirectory);
    }

    /**
     * @param command      e.g. {@code [java, -cp, <classpath>, io.jobscale.server.WorkerMain]}
     * @param environment  added to this process's environment (JOBSCALE_DB_URL, JOBSCALE_WORKERS, ...)
     * @param withheld     names of this process's own variables the children must not inherit (credentials)
     * @param logDirectory where {@code <name>.log} files go (created when missing)
     */
    public ProcessLauncher(List<String> command, Map<String, String> environment, Predicate<String> withheld,
                           Path logDirectory) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.withheld = withheld;
        this.logFiles = new LogFiles(logDirectory, Clock.systemUTC());
    }

    public Process start(String name, Map<String, String> extraEnvironment, String... arguments) throws IOException {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(full);
        builder.environment().keySet().removeIf(withheld);
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        File log = logFiles.prepare(name).toFile();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        return builder.start();
    }
}
