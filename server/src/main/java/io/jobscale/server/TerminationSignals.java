package io.jobscale.server;

import sun.misc.Signal;

/**
 * Runs a graceful stop on SIGTERM (what Kubernetes and the local autoscaler send) and SIGINT (Ctrl-C), then exits
 * with code 0. A JVM shutdown hook cannot do this: after a signal the JVM exits with 143 whatever the hooks do, and a
 * Kubernetes Job would count that as a failure.
 */
public final class TerminationSignals {

    private TerminationSignals() {
    }

    public static void onTermination(Runnable gracefulStop) {
        sun.misc.SignalHandler handler = signal -> new Thread(() -> {
            try {
                gracefulStop.run();
            } finally {
                System.exit(0);
            }
        }, "jobscale-graceful-stop").start();
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }
}
