package io.jobscale.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.dashboard.DashboardRoutes;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebServer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The dashboard's pages at a million jobs: time of each JSON endpoint the pages call, over HTTP from this process
 * (so an upper bound of the server-side time). Bars: the overview, as served, p99 at most 50 ms; every other endpoint
 * under 200 ms. The overview is served from a snapshot refreshed in the background, so the table also shows what one
 * computation of it costs (a second server computing it in every request).
 *
 * <p>Run: {@code bin/benchmark dashboard [requests-per-endpoint=200]}.
 */
public final class DashboardBenchmark {

    private static final List<String> ENDPOINTS = List.of("/api/dashboard/overview",
            "/api/dashboard/jobs?limit=50",
            "/api/dashboard/jobs?state=SUCCEEDED&limit=50",
            "/api/dashboard/jobs?state=SUCCEEDED&limit=50&offset=5000",
            "/api/dashboard/jobs?state=ENQUEUED&limit=50",
            "/api/dashboard/jobs?state=FAILED&limit=50&search=bench",
            "/api/dashboard/jobs?state=ALL&priority=3&updatedWithin=PT1H&limit=50",
            "/api/dashboard/history?minutes=60",
            "/api/dashboard/servers",
            "/api/dashboard/recurring-jobs");

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        DatabaseSettings database = new BenchmarkDatabases().fresh("jobscale_bench_dashboard");
        new Migrations(database).run();
        System.out.printf("Seeding %,d jobs...%n", MillionJobs.TOTAL);
        MillionJobs.seed(database, 10_000);
        try (HikariDataSource dataSource = DataSources.create(database, "bench-dashboard")) {
            JobscaleStorageProvider storage = new JobscaleStorageProvider(dataSource);
            Clock clock = Clock.systemUTC();
            JobMetrics metrics = new JobMetrics(dataSource, clock);
            WebServer server = WebServer.start(0, WebAuthSettings.NONE,
                    List.of(new DashboardRoutes(storage, metrics, clock)));
            WebServer computing = WebServer.start(0, WebAuthSettings.NONE,
                    List.of(new DashboardRoutes(storage, metrics, clock, Duration.ZERO)));
            try {
                Latencies.printTable(server.port(), ENDPOINTS, 20, requests);
                System.out.println();
                System.out.println("The overview computed in every request (what one background refresh costs):");
                Latencies.printTable(computing.port(), List.of("/api/dashboard/overview"), 20, requests);
            } finally {
                computing.stop();
                server.stop();
            }
        }
    }
}
