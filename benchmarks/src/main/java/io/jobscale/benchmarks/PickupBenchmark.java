package io.jobscale.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.Settings;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Pickup latency of an idle worker with its default settings (poll interval 5 s): jobs enqueued one at a time at random
 * intervals (the enqueue call's return, when the job is committed → PROCESSING; the call's own time on a row of its
 * own), and jobs scheduled at random instants (due time → PROCESSING; a negative min would be a job started early).
 * The client has its own connection pool, as an application's would; the worker runs in this JVM so that both
 * instants come from one clock. Figures are medians over the rounds of each round's percentiles.
 *
 * <p>Run: {@code bin/benchmark pickup [jobs-per-round=200] [rounds=3] [mean-interval-ms=150]}.
 */
public final class PickupBenchmark {

    private static final String[] COLUMNS = {"min", "p50", "p90", "p99", "max"};

    private PickupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long meanIntervalMillis = args.length > 2 ? Long.parseLong(args[2]) : 150;
        DatabaseSettings database = new BenchmarkDatabases().fresh("jobscale_bench_pickup");
        new Migrations(database).run();
        WorkerSettings settings = WorkerSettings.from(Settings.of(Map.of()));
        System.out.printf("Pickup benchmark: %d enqueued and %d scheduled jobs per round, %d round(s), random intervals"
                        + " (mean %d ms), idle worker with %d threads, poll interval %s, %d cores%n", jobs, jobs,
                rounds, meanIntervalMillis, settings.workers(), settings.pollInterval(),
                Runtime.getRuntime().availableProcessors());
        Random random = new Random(42);
        try (HikariDataSource workerPool = DataSources.create(database, "bench-pickup-worker");
             JobscaleClient client = JobscaleClient.create(database)) {
            JobscaleStorageProvider storage = new JobscaleStorageProvider(workerPool);
            Worker worker = Worker.start(settings, storage, Worker.Mode.WORKER, Clock.systemUTC());
            try {
                // Warm-up, not reported: JIT, connections, the worker's first polls.
                enqueued(client, storage, Math.min(jobs, 30), meanIntervalMillis, random);
                List<double[]> calls = new ArrayList<>();
                List<double[]> enqueued = new ArrayList<>();
                List<double[]> scheduled = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    double[][] enqueueRound = enqueued(client, storage, jobs, meanIntervalMillis, random);
                    calls.add(percentiles(enqueueRound[0]));
                    enqueued.add(percentiles(enqueueRound[1]));
                    scheduled.add(percentiles(scheduled(client, storage, jobs, meanIntervalMillis, random)));
                    System.out.printf("round %d   enqueued → PROCESSING ms %s   due → PROCESSING ms %s%n", round,
                            format(enqueued.get(round - 1)), format(scheduled.get(round - 1)));
                }
                System.out.printf("%nMedian of %d round(s), milliseconds:%n", rounds);
                System.out.printf("  %-30s %8s %8s %8s %8s %8s%n", "", COLUMNS[0], COLUMNS[1], COLUMNS[2],
                        COLUMNS[3], COLUMNS[4]);
                print("enqueued (commit) → PROCESSING", Medians.ofColumns(enqueued));
                print("due time → PROCESSING", Medians.ofColumns(scheduled));
                print("the enqueue call itself", Medians.ofColumns(calls));
            } finally {
                worker.stopGracefully();
            }
        }
    }

    /**
     * Enqueues one job at a time, each after a random pause. Returns, per job, the milliseconds the enqueue call took,
     * and those from its return (the job's commit: from then on there is a job to start) to PROCESSING.
     */
    private static double[][] enqueued(JobscaleClient client, JobscaleStorageProvider storage, int jobs,
            long meanIntervalMillis,
                                     Random random) throws InterruptedException {
        List<UUID> ids = new ArrayList<>();
        List<Instant> enqueuedAt = new ArrayList<>();
        double[] calls = new double[jobs];
        for (int i = 0; i < jobs; i++) {
            Thread.sleep(pause(random, meanIntervalMillis));
            int index = i;
            Instant called = Instant.now();
            ids.add(client.enqueue(() -> BenchmarkJobs.noop(index)));
            enqueuedAt.add(Instant.now());
            calls[i] = millisBetween(called, enqueuedAt.get(i));
        }
        double[] latencies = new double[jobs];
        for (int i = 0; i < jobs; i++) latencies[i] = millisBetween(enqueuedAt.get(i), processingStart(storage,
                ids.get(i)));
        return new double[][]{calls, latencies};
    }

    /**
     * Schedules jobs at random instants 0.2-1.2 s ahead, one at a time at random pauses, so due times interleave with
     * schedule calls; the milliseconds from each due time to PROCESSING.
     */
    private static double[] scheduled(JobscaleClient client, JobscaleStorageProvider storage, int jobs,
            long meanIntervalMillis,
                                      Random random) throws InterruptedException {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Thread.sleep(pause(random, meanIntervalMillis));
            int index = i;
            Instant due = Instant.now().plusMillis(200 + random.nextInt(1_000));
            ids.add(client.schedule(due, () -> BenchmarkJobs.noop(index)));
        }
        double[] latencies = new double[jobs];
        for (int i = 0; i < jobs; i++) {
            Job job = awaitProcessed(storage, ids.get(i));
            Instant due = job.getJobStates().stream().filter(ScheduledState.class::isInstance)
                    .map(ScheduledState.class::cast)
                    .map(ScheduledState::getScheduledAt).findFirst().orElseThrow();
            latencies[i] = millisBetween(due, processingStart(storage, ids.get(i)));
        }
        return latencies;
    }

    /** A random pause with the given mean (exponential, so sometimes several jobs come close together). */
    private static long pause(Random random, long meanMillis) {
        return (long) (-Math.log(1 - random.nextDouble()) * meanMillis);
    }

    private static Instant processingStart(JobscaleStorageProvider storage, UUID id) throws InterruptedException {
        return awaitProcessed(storage, id).getJobStates().stream().filter(ProcessingState.class::isInstance)
                .map(state -> state.getCreatedAt()).findFirst().orElseThrow();
    }

    private static Job awaitProcessed(JobscaleStorageProvider storage, UUID id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            Job job = storage.getJobById(id);
            if (job.hasState(StateName.SUCCEEDED)) return job;
            if (Instant.now().isAfter(deadline)) throw new IllegalStateException("job " + id + " still "
                    + job.getState());
            Thread.sleep(20);
        }
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** min, p50, p90, p99 and max of the samples. */
    private static double[] percentiles(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new double[]{sorted[0], at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1]};
    }

    private static double at(double[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))];
    }

    private static String format(double[] row) {
        return String.format("min %6.1f  p50 %6.1f  p90 %6.1f  p99 %7.1f  max %7.1f", row[0], row[1], row[2],
                row[3], row[4]);
    }

    private static void print(String label, double[] row) {
        System.out.printf("  %-30s %8.1f %8.1f %8.1f %8.1f %8.1f%n", label, row[0], row[1], row[2], row[3], row[4]);
    }
}
