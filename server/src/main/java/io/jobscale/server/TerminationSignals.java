package io.jobscale.server;

import io.jobscale.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs a graceful stop on SIGTERM (what Kubernetes and the local autoscaler send) and SIGINT (Ctrl-C), then exits
 * with code 0 — or {@value #STOP_INCOMPLETE} when the stop could not hand back every job (the database stayed
 * unreachable), so the failure shows in the pod's status and not only in its log. A JVM shutdown hook cannot do this:
 * after a signal the JVM exits with 143 whatever the hooks do, and a Kubernetes Job would count that as a failure.
 *
 * <p>With {@value #PARENT_PID} set (the local autoscaler sets it on the workers it starts), the same stop also runs
 * when that process exits: a web process that is killed outright sends no SIGTERM, and its workers must not run on
 * unsupervised, invisible to the autoscaler that replaces them.
 */
public final class TerminationSignals {

    /** Process id whose exit stops this process gracefully; unset by default. */
    public static final String PARENT_PID = "JOBSCALE_PARENT_PID";

    /** Exit code of a stop that could not hand back every job. */
    public static final int STOP_INCOMPLETE = 3;

    private static final Logger LOG = LoggerFactory.getLogger(TerminationSignals.class);

    private TerminationSignals() {
    }

    /** {@code gracefulStop} returns false when it could not finish (jobs not handed back). */
    public static void onTermination(Settings settings, BooleanSupplier gracefulStop) {
        Runnable stopAndExit = () -> new Thread(() -> {
            int exitCode = STOP_INCOMPLETE;
            try {
                if (gracefulStop.getAsBoolean()) exitCode = 0;
            } catch (Throwable e) {
                LOG.error("Graceful stop failed", e);
            } finally {
                if (exitCode != 0) LOG.error("Exiting with code {}: the stop did not complete", exitCode);
                System.exit(exitCode);
            }
        }, "jobscale-graceful-stop").start();
        Signal.handle(new Signal("TERM"), signal -> stopAndExit.run());
        Signal.handle(new Signal("INT"), signal -> stopAndExit.run());
        parentPid(settings).ifPresent(pid -> {
            Optional<ProcessHandle> parent = ProcessHandle.of(pid);
            if (parent.isEmpty()) {
                LOG.warn("Parent process {} is already gone; stopping", pid);
                stopAndExit.run();
                return;
            }
            parent.get().onExit().thenRun(() -> {
                LOG.warn("Parent process {} exited; stopping gracefully", pid);
                stopAndExit.run();
            });
        });
    }

    static Optional<Long> parentPid(Settings settings) {
        if (settings.optional(PARENT_PID).isEmpty()) return Optional.empty();
        return Optional.of((long) settings.integer(PARENT_PID, 0, 1, Integer.MAX_VALUE));   // Linux pids are ints
    }
}
