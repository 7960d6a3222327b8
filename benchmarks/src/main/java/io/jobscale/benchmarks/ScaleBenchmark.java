package io.jobscale.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.db.store.JobRows;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.NewJob;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.Settings;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Does a big history slow the hot path? jobscale's processing of no-op jobs in a database whose jobs table already
 * holds {@code history} SUCCEEDED jobs, against the same in an empty one, in the same run: each round processes the
 * same batch on both, in ABBA order, each after a CHECKPOINT; figures are medians. Then the EXPLAIN of the claim
 * against the big table: it must be an index scan in the claim's order (no sequential scan, no sort). The goal is
 * processing within 20% of the empty table.
 *
 * <p>Run: {@code bin/benchmark scale [jobs=20000] [rounds=3] [history=1000000]}; the worker takes its settings from
 * the environment ({@code JOBSCALE_WORKERS}), with the same defaults as a worker process.
 */
public final class ScaleBenchmark {

    /** Marks the seeded history, so that a round clears only its own jobs. */
    private static final String HISTORY_SIGNATURE = "bench.History.run()";
    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int history = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        BenchmarkDatabases databases = new BenchmarkDatabases();
        WorkerSettings workers = WorkerSettings.from(Settings.fromEnvironment());
        System.out.printf("Scale benchmark: %,d no-op jobs per round, %d round(s), history %,d SUCCEEDED jobs,"
                + " %d cores, %d workers%n", jobs, rounds, history, Runtime.getRuntime().availableProcessors(),
                workers.workers());
        try (Side empty = new Side("empty table", databases.fresh("jobscale_bench_scale_empty"), 0, workers);
             Side big = new Side(String.format("%,d succeeded", history),
                     databases.fresh("jobscale_bench_scale_history"), history, workers)) {
            round(empty, big, Math.min(jobs, 1_000), 0);
            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) results.add(round(empty, big, jobs, round));
            double[] median = Medians.ofColumns(results);
            System.out.printf("%nMedian of %d round(s), processing jobs/s:%n", rounds);
            System.out.printf("  %-24s %8.0f%n", empty.name, median[0]);
            System.out.printf("  %-24s %8.0f%n", big.name, median[1]);
            System.out.printf("  %-24s %8.2f   (goal: at least 0.80)%n", "ratio history/empty", median[1] / median[0]);
            big.explainClaim();
        }
    }

    private static double[] round(Side empty, Side big, int jobs, int round) throws Exception {
        double[] jobsPerSecond = new double[2];
        for (Side side : round % 2 == 1 ? List.of(empty, big) : List.of(big, empty)) {
            jobsPerSecond[side == empty ? 0 : 1] = side.process(jobs);
        }
        System.out.printf("%-8s processing jobs/s: empty %6.0f  history %6.0f%n",
                round == 0 ? "warm-up" : "round " + round, jobsPerSecond[0], jobsPerSecond[1]);
        return jobsPerSecond;
    }

    private static final class Side implements AutoCloseable {
        final String name;
        private final HikariDataSource dataSource;
        private final JobscaleStorageProvider storage;
        private final JobscaleClient client;
        private final WorkerSettings settings;

        Side(String name, DatabaseSettings database, int history, WorkerSettings settings) throws Exception {
            this.name = name;
            this.settings = settings;
            new Migrations(database).run();
            this.dataSource = DataSources.create(database, "bench-scale");
            this.storage = new JobscaleStorageProvider(dataSource);
            this.client = new JobscaleClient(storage);
            if (history > 0) seedHistory(history);
        }

        /** Succeeded jobs of a realistic row size, updated over the last day, as a busy system's table holds them. */
        private void seedHistory(int count) throws Exception {
            System.out.printf("Seeding %,d succeeded jobs...%n", count);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = off");
                s.execute("INSERT INTO jobrunr_jobs"
                        + " (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, priority)"
                        + " SELECT gen_random_uuid()::text, 3, '{\"jobHistory\":[{\"state\":\"SUCCEEDED\"}],"
                        + "\"labels\":[\"priority:' || (g % 10) || '\"],\"pad\":\"' || repeat('x', 900) || '\"}',"
                        + " '" + HISTORY_SIGNATURE + "', 'SUCCEEDED',"
                        + " now() AT TIME ZONE 'UTC' - interval '1 day',"
                        + " now() AT TIME ZONE 'UTC' - (g % 86400) * interval '1 second', g % 10"
                        + " FROM generate_series(1, " + count + ") g");
                s.execute("VACUUM ANALYZE jobrunr_jobs");
            }
        }

        /** Enqueues {@code jobs} in bulk (not measured), then runs one worker until they are all done. */
        double process(int jobs) throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM jobrunr_jobs WHERE jobSignature <> '" + HISTORY_SIGNATURE + "'");
                s.execute("VACUUM ANALYZE jobrunr_jobs");
            }
            client.enqueueAll(IntStream.range(0, jobs).mapToObj(i -> NewJob.of(() -> BenchmarkJobs.noop(i))));
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
            long target = BenchmarkJobs.runs() + jobs;
            long start = System.nanoTime();
            Worker worker = Worker.start(settings, storage, Worker.Mode.WORKER, Clock.systemUTC());
            try {
                BenchmarkJobs.awaitDone(target, () -> count(
                        "SELECT count(*) FROM jobrunr_jobs WHERE state IN ('ENQUEUED', 'PROCESSING')") == 0);
            } finally {
                worker.stopGracefully();
            }
            return jobs / ((System.nanoTime() - start) / 1e9);
        }

        /** EXPLAINs the claim with this side's jobs enqueued again; fails on a sequential scan or a sort. */
        void explainClaim() throws Exception {
            client.enqueueAll(IntStream.range(0, 1_000).mapToObj(i -> NewJob.of(() -> BenchmarkJobs.noop(i))));
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("ANALYZE jobrunr_jobs");
                System.out.printf("%nEXPLAIN claim (%s, 1,000 enqueued)%n", name);
                c.setAutoCommit(false);     // the claim's plan setting lasts for its transaction, as in a worker
                try {
                    for (String line : new JobRows(c).claimPlan(10)) {
                        System.out.println("  " + line);
                        if (line.contains("Seq Scan") || line.contains("Sort")) {
                            throw new IllegalStateException("the claim is not an index scan in its order: " + line);
                        }
                    }
                } finally {
                    c.rollback();
                }
            }
        }

        private long count(String sql) throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void close() {
            client.close();
            dataSource.close();
        }
    }
}
