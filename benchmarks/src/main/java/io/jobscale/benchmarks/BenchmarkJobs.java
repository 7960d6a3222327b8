package io.jobscale.benchmarks;

/** Jobs the benchmarks run: they cost nothing, so what is measured is the job server itself. */
public final class BenchmarkJobs {

    private BenchmarkJobs() {
    }

    public static void noop(int index) {
        // Deliberately empty.
    }
}
