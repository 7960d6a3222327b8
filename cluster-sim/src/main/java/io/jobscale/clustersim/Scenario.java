package io.jobscale.clustersim;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** One {@code bin/cluster-sim <name>} run: sets up a cluster, drives it, and reports its figures and assertions. */
interface Scenario {

    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * @param checkout the repository root (manifests in {@code k8s/}, the launcher in {@code bin/})
     * @param runDir   where the run keeps its cluster log and pod directories
     */
    Summary run(Path checkout, Path runDir) throws Exception;

    /** Waits up to {@code timeout} for {@code condition}; fails the scenario with {@code what} when it never held. */
    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        if (!awaitQuietly(condition, timeout)) {
            throw new IllegalStateException("timed out after " + timeout + ": " + what);
        }
    }

    /** Waits up to {@code timeout} for {@code condition}, checking every second; whether it held. */
    static boolean awaitQuietly(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(1000);
        }
        return condition.getAsBoolean();
    }
}
