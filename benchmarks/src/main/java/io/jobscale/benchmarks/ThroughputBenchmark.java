package io.jobscale.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.NewJob;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.Settings;
import org.jobrunr.jobs.details.CachingJobDetailsGenerator;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.configuration.BackgroundJobServerThreadType;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * Enqueue and processing throughput of no-op jobs: jobscale against plain jobrunr in its default configuration, on
 * the same PostgreSQL, in the same JVM, interleaved so that drift in machine load hits both sides alike. Each side has
 * its own database and the same connection pool settings. Figures are medians over the rounds. Two more rows, from
 * jobscale's database in the same rounds: bulk enqueue ({@code enqueueAll}), and the ceiling of any enqueue that
 * commits each job on its own: plain JDBC inserting one row of a job's size per commit.
 *
 * <p>Run: {@code bin/benchmark throughput [jobs] [rounds]} (defaults 20000 and 2). Each side runs with its default
 * worker count; {@code JOBSCALE_WORKERS=n} gives both sides {@code n} workers, to compare them thread for thread.
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {
    }

    interface Side extends AutoCloseable {
        String name();

        void enqueue(int index);

        AutoCloseable startProcessing();

        DatabaseSettings database();

        void clearJobs() throws Exception;

        void checkpoint() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        BenchmarkDatabases databases = new BenchmarkDatabases();
        Settings environment = Settings.fromEnvironment();
        WorkerSettings workers = WorkerSettings.from(environment);
        int plainWorkers = environment.optional(WorkerSettings.WORKERS).isPresent() ? workers.workers()
                : BackgroundJobServerThreadType.getDefaultThreadType().getDefaultWorkerCount();
        System.out.printf("Throughput benchmark: %d no-op jobs, %d round(s), %d cores, workers: jobrunr %d,"
                + " jobscale %d%n", jobs, rounds, Runtime.getRuntime().availableProcessors(), plainWorkers,
                workers.workers());
        try (Side plain = plainJobrunr(databases.fresh("jobscale_bench_plain"), plainWorkers);
             JobscaleSide jobscale = new JobscaleSide(databases.fresh("jobscale_bench_jobscale"), workers)) {
            // An unreported round first, so JIT compilation and connection set-up are not measured.
            round(plain, jobscale, Math.min(jobs, 1_000), 0);
            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) results.add(round(plain, jobscale, jobs, round));
            double[] median = Medians.ofColumns(results);
            System.out.printf("%nMedian of %d round(s), jobs/s:%n", rounds);
            System.out.printf("  %-22s %12s %12s%n", "", "enqueue", "processing");
            System.out.printf("  %-22s %12.0f %12.0f%n", "plain jobrunr 8.7.0", median[0], median[1]);
            System.out.printf("  %-22s %12.0f %12.0f%n", "jobscale", median[2], median[3]);
            System.out.printf("  %-22s %12.2f %12.2f%n", "ratio jobscale/plain", median[2] / median[0],
                    median[3] / median[1]);
            System.out.printf("  %-22s %12.0f %12s   ratio to jobscale enqueue %.1f%n", "jobscale enqueueAll",
                    median[4], "", median[4] / median[2]);
            System.out.printf("  %-22s %12.0f %12s   ratio to jobscale enqueue %.2f, enqueueAll %.1f%n",
                    "JDBC 1 commit per row", median[5], "", median[5] / median[2], median[4] / median[5]);
        }
    }

    /**
     * One round. Enqueueing alternates blocks of jobs between the two sides, so both see the same machine load;
     * processing runs one side after the other, in ABBA order across rounds, each after a CHECKPOINT so neither pays
     * for the other's write-ahead log.
     */
    private static double[] round(Side plain, JobscaleSide jobscale, int jobs, int round) throws Exception {
        plain.clearJobs();
        jobscale.clearJobs();
        long[] enqueueNanos = new long[2];
        int block = 500;
        for (int from = 0, b = 0; from < jobs; from += block, b++) {
            int to = Math.min(jobs, from + block);
            Side first = b % 2 == 0 ? plain : jobscale;
            Side second = first == plain ? jobscale : plain;
            enqueueNanos[first == plain ? 0 : 1] += enqueue(first, from, to);
            enqueueNanos[second == plain ? 0 : 1] += enqueue(second, from, to);
        }
        double[] processSeconds = new double[2];
        boolean plainFirst = round % 2 == 1;
        for (Side side : plainFirst ? List.of(plain, jobscale) : List.of(jobscale, plain)) {
            processSeconds[side == plain ? 0 : 1] = process(side, jobs);
        }
        long[] bulkNanos = bulkAndCeiling(jobscale, jobs);
        double[] result = {jobs / (enqueueNanos[0] / 1e9), jobs / processSeconds[0],
                jobs / (enqueueNanos[1] / 1e9), jobs / processSeconds[1],
                jobs / (bulkNanos[0] / 1e9), jobs / (bulkNanos[1] / 1e9)};
        String label = round == 0 ? "warm-up" : "round " + round;
        System.out.printf("%-8s enqueue jobs/s: jobrunr %6.0f  jobscale %6.0f"
                        + "   processing jobs/s: jobrunr %6.0f  jobscale %6.0f"
                        + "   enqueueAll %6.0f  JDBC 1 commit/row %6.0f%n",
                label, result[0], result[2], result[1], result[3], result[4], result[5]);
        return result;
    }

    /**
     * After processing: jobscale's bulk enqueue, and the ceiling of any one-job-per-transaction enqueue, one-row
     * inserts of jobs' size in autocommit, alternating in blocks as above. Returns the nanoseconds of each.
     */
    private static long[] bulkAndCeiling(JobscaleSide jobscale, int jobs) throws Exception {
        jobscale.clearJobs();
        jobscale.checkpoint();
        long[] nanos = new long[2];
        int block = 2_000;
        for (int from = 0; from < jobs; from += block) {
            int to = Math.min(jobs, from + block);
            long start = System.nanoTime();
            jobscale.enqueueAll(from, to);
            long middle = System.nanoTime();
            jobscale.insertOneCommitPerRow(from, to);
            nanos[0] += middle - start;
            nanos[1] += System.nanoTime() - middle;
        }
        return nanos;
    }

    private static long enqueue(Side side, int from, int to) {
        long start = System.nanoTime();
        for (int i = from; i < to; i++) side.enqueue(i);
        return System.nanoTime() - start;
    }

    private static double process(Side side, int jobs) throws Exception {
        side.checkpoint();
        long target = BenchmarkJobs.runs() + jobs;
        long start = System.nanoTime();
        try (AutoCloseable ignored = side.startProcessing()) {
            BenchmarkJobs.awaitDone(target, () -> BenchmarkDatabases.count(side.database(),
                    "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'") >= jobs);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** A side with its own database and pool: clearing, checkpointing and closing work the same for both. */
    private abstract static class DatabaseSide implements Side {
        final HikariDataSource dataSource;
        final DatabaseSettings database;

        DatabaseSide(DatabaseSettings database, String poolName) {
            this.database = database;
            this.dataSource = DataSources.create(database, poolName);
        }

        public DatabaseSettings database() {
            return database;
        }

        public void clearJobs() throws Exception {
            truncate(dataSource);
        }

        public void checkpoint() throws Exception {
            ThroughputBenchmark.checkpoint(dataSource);
        }

        public void close() {
            dataSource.close();
        }
    }

    private static Side plainJobrunr(DatabaseSettings database, int workers) {
        return new DatabaseSide(database, "bench-plain") {
            // jobrunr creates its own tables
            final PostgresStorageProvider storage = new PostgresStorageProvider(dataSource);
            final JobScheduler scheduler;

            {
                storage.setJobMapper(new org.jobrunr.jobs.mappers.JobMapper(new JacksonJsonMapper()));
                // As JobRunr.configure() sets it up: lambdas analysed once per lambda class.
                scheduler = new JobScheduler(storage, new CachingJobDetailsGenerator(), List.of());
            }

            public String name() {
                return "jobrunr";
            }

            public void enqueue(int index) {
                scheduler.enqueue(() -> BenchmarkJobs.noop(index));
            }

            public AutoCloseable startProcessing() {
                BackgroundJobServer server = new BackgroundJobServer(storage, new JacksonJsonMapper(), null,
                        usingStandardBackgroundJobServerConfiguration().andWorkerCount(workers));
                server.start();
                return server::stop;
            }
        };
    }

    /** jobscale, plus its bulk enqueue and the one-commit-per-row ceiling in its database. */
    private static final class JobscaleSide extends DatabaseSide {

        /** About the size of a no-op job's row (its JSON), so the ceiling writes what an enqueue writes. */
        private static final String ROW_PAYLOAD = "x".repeat(1_000);

        private final JobscaleStorageProvider storage;
        private final JobscaleClient client;
        private final WorkerSettings settings;

        JobscaleSide(DatabaseSettings database, WorkerSettings settings) throws Exception {
            super(migrated(database), "bench-jobscale");
            this.settings = settings;
            storage = new JobscaleStorageProvider(dataSource);
            client = new JobscaleClient(storage);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_commit_ceiling"
                        + " (id uuid PRIMARY KEY, payload text NOT NULL)");
            }
        }

        private static DatabaseSettings migrated(DatabaseSettings database) {
            new Migrations(database).run();
            return database;
        }

        public String name() {
            return "jobscale";
        }

        public void enqueue(int index) {
            client.enqueue(() -> BenchmarkJobs.noop(index));
        }

        void enqueueAll(int from, int to) {
            client.enqueueAll(IntStream.range(from, to).mapToObj(index -> NewJob.of(() -> BenchmarkJobs.noop(index))));
        }

        void insertOneCommitPerRow(int from, int to) throws Exception {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement insert =
                         c.prepareStatement("INSERT INTO bench_commit_ceiling (id, payload) VALUES (?, ?)")) {
                c.setAutoCommit(true);
                for (int i = from; i < to; i++) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, ROW_PAYLOAD);
                    insert.executeUpdate();
                }
            }
        }

        @Override
        public void clearJobs() throws Exception {
            super.clearJobs();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("TRUNCATE bench_commit_ceiling");
            }
        }

        public AutoCloseable startProcessing() {
            Worker worker = Worker.start(settings, storage, Worker.Mode.WORKER, Clock.systemUTC());
            return worker::stopGracefully;
        }
    }

    private static void checkpoint(HikariDataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    private static void truncate(HikariDataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE jobrunr_jobs");
            s.execute("VACUUM ANALYZE jobrunr_jobs");
        }
    }
}
