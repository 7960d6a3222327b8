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
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * Enqueue and processing throughput of no-op jobs: jobscale against plain jobrunr in its default configuration, on
 * the same PostgreSQL, in the same JVM, in alternating rounds (so drift in machine load hits both sides alike).
 * Each side has its own database and the same connection pool settings.
 *
 * <p>Run: {@code bin/benchmark throughput [jobs] [rounds]} (defaults 20000 and 2).
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
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        BenchmarkDatabases databases = new BenchmarkDatabases();
        System.out.printf("Throughput benchmark: %d no-op jobs, %d alternating round(s), %d cores%n", jobs, rounds,
                Runtime.getRuntime().availableProcessors());
        try (Side plain = plainJobrunr(databases.fresh("jobscale_bench_plain"));
             Side jobscale = jobscale(databases.fresh("jobscale_bench_jobscale"))) {
            // A short unreported round per side first, so JIT compilation and connection set-up are not measured.
            measure(plain, Math.min(jobs, 1_000), 0);
            measure(jobscale, Math.min(jobs, 1_000), 0);
            List<double[]> plainResults = new ArrayList<>();
            List<double[]> jobscaleResults = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                plainResults.add(measure(plain, jobs, round));
                jobscaleResults.add(measure(jobscale, jobs, round));
            }
            double[] p = best(plainResults);
            double[] j = best(jobscaleResults);
            System.out.printf("%nBest of %d round(s), jobs/s:%n", rounds);
            System.out.printf("  %-22s %12s %12s%n", "", "enqueue", "processing");
            System.out.printf("  %-22s %12.0f %12.0f%n", "plain jobrunr 8.7.0", p[0], p[1]);
            System.out.printf("  %-22s %12.0f %12.0f%n", "jobscale", j[0], j[1]);
            System.out.printf("  %-22s %12.2f %12.2f%n", "ratio jobscale/plain", j[0] / p[0], j[1] / p[1]);
        }
    }

    private static double[] measure(Side side, int jobs, int round) throws Exception {
        side.clearJobs();
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) side.enqueue(i);
        double enqueueSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        try (AutoCloseable ignored = side.startProcessing()) {
            while (BenchmarkDatabases.count(side.database(), "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'") < jobs) {
                Thread.sleep(50);
            }
        }
        double processSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s %-9s enqueue %6.1f s (%6.0f jobs/s)   processing %6.1f s (%6.0f jobs/s)%n",
                round == 0 ? "warm-up" : "round " + round,
                side.name(), enqueueSeconds, jobs / enqueueSeconds, processSeconds, jobs / processSeconds);
        return new double[]{jobs / enqueueSeconds, jobs / processSeconds};
    }

    private static double[] best(List<double[]> results) {
        return new double[]{
                results.stream().mapToDouble(r -> r[0]).max().orElseThrow(),
                results.stream().mapToDouble(r -> r[1]).max().orElseThrow()};
    }

    private static Side plainJobrunr(DatabaseSettings database) {
        HikariDataSource dataSource = DataSources.create(database, "bench-plain");
        PostgresStorageProvider storage = new PostgresStorageProvider(dataSource);   // jobrunr creates its own tables
        storage.setJobMapper(new org.jobrunr.jobs.mappers.JobMapper(new JacksonJsonMapper()));
        JobScheduler scheduler = new JobScheduler(storage);
        return new Side() {
            public String name() {
                return "jobrunr";
            }

            public void enqueue(int index) {
                scheduler.enqueue(() -> BenchmarkJobs.noop(index));
            }

            public AutoCloseable startProcessing() {
                BackgroundJobServer server = new BackgroundJobServer(storage, new JacksonJsonMapper(), null,
                        usingStandardBackgroundJobServerConfiguration());
                server.start();
                return server::stop;
            }

            public DatabaseSettings database() {
                return database;
            }

            public void clearJobs() throws Exception {
                truncate(dataSource);
            }

            public void close() {
                dataSource.close();
            }
        };
    }

    private static Side jobscale(DatabaseSettings database) {
        new Migrations(database).run();
        HikariDataSource dataSource = DataSources.create(database, "bench-jobscale");
        JobscaleStorageProvider storage = new JobscaleStorageProvider(dataSource);
        JobscaleClient client = new JobscaleClient(storage);
        WorkerSettings settings = WorkerSettings.from(Settings.of(java.util.Map.of()));
        return new Side() {
            public String name() {
                return "jobscale";
            }

            public void enqueue(int index) {
                client.enqueue(() -> BenchmarkJobs.noop(index));
            }

            public AutoCloseable startProcessing() {
                Worker worker = Worker.start(settings, storage, Worker.Mode.WORKER, Clock.systemUTC());
                return worker::stopGracefully;
            }

            public DatabaseSettings database() {
                return database;
            }

            public void clearJobs() throws Exception {
                truncate(dataSource);
            }

            public void close() {
                dataSource.close();
            }
        };
    }

    private static void truncate(HikariDataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE jobrunr_jobs");
            s.execute("VACUUM ANALYZE jobrunr_jobs");
        }
        Thread.sleep(Duration.ofSeconds(1).toMillis());
    }
}
