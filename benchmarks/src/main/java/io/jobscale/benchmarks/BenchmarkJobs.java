package io.jobscale.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/** Jobs the benchmarks run: they cost nothing, so what is measured is the job server itself. */
public final class BenchmarkJobs {

    private static final AtomicLong RUNS = new AtomicLong();

    private BenchmarkJobs() {
    }

    public static void noop(int index) {
        // Nothing but a count, so that a benchmark can wait for its jobs without asking the database.
        RUNS.incrementAndGet();
    }

    /** How many jobs have run in this JVM so far. */
    static long runs() {
        return RUNS.get();
    }

    /**
     * Waits until {@link #runs()} reaches {@code target}, then until {@code allCommitted} holds: a round is done when
     * every job's end is committed, not when the last one ran. A benchmark waits on the count first and asks the
     * database only for the last few saves: polling the jobs table all along took up to a third of PostgreSQL's time
     * in a round, time the workers being measured did not get.
     */
    static void awaitDone(long target, Check allCommitted) throws Exception {
        while (RUNS.get() < target) Thread.sleep(5);
        while (!allCommitted.holds()) Thread.sleep(5);
    }

    /** A condition read from the database. */
    interface Check {
        boolean holds() throws Exception;
    }
}
