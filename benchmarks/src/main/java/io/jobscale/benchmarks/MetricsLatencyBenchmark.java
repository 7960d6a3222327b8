package io.jobscale.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.http.MetricsRoutes;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * Latency of the metrics endpoints at a million jobs, measured over HTTP from this process (p50/p99 of the full
 * request), plus the EXPLAIN of each endpoint's SQL. Bar: p99 at most 5 ms per endpoint.
 *
 * <p>Run: {@code bin/benchmark metrics [requests-per-endpoint=2000] [enqueued-backlog=10000]}. Counting is exact, so
 * the enqueued endpoint's time grows with the backlog (an index-only scan of the enqueued jobs): try 50000.
 */
public final class MetricsLatencyBenchmark {

    private MetricsLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int backlog = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        DatabaseSettings database = new BenchmarkDatabases().fresh("jobscale_bench_metrics");
        new Migrations(database).run();
        System.out.printf("Seeding %,d jobs (%,d enqueued, 100,000 scheduled over the next day)...%n", MillionJobs.TOTAL, backlog);
        MillionJobs.seed(database, backlog);
        try (HikariDataSource dataSource = DataSources.create(database, "bench-metrics")) {
            WebServer server = WebServer.start(0, WebAuthSettings.NONE, List.of(new MetricsRoutes(new JobMetrics(dataSource, Clock.systemUTC()))));
            try {
                explain(dataSource);
                HttpClient http = HttpClient.newHttpClient();
                List<String[]> endpoints = List.of(
                        new String[]{"/api/metrics/workers"},
                        new String[]{"/api/metrics/jobs/enqueued", "/api/metrics/jobs/enqueued?priority=3"},
                        new String[]{"/api/metrics/jobs/scheduled?scheduledIn=PT2M", "/api/metrics/jobs/scheduled?scheduledIn=PT2M&priority=3"});
                System.out.printf("%n%-58s %24s   %s%n", "", "as the client sees it", "server side (Server-Timing)");
                System.out.printf("%-58s %8s %8s %8s   %8s %8s %8s%n", "endpoint (" + requests + " requests each)", "p50 ms", "p99 ms", "max ms", "p50 ms", "p99 ms", "max ms");
                for (String[] variants : endpoints) {
                    for (String path : variants) measure(http, server.port(), path, requests);
                }
            } finally {
                server.stop();
            }
        }
    }

    private static void measure(HttpClient http, int port, String path, int requests) throws Exception {
        Latencies l = Latencies.measure(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), 1_000, requests);
        System.out.printf("%-58s %8.2f %8.2f %8.2f   %8.2f %8.2f %8.2f%n", path, Latencies.p50(l.clientMillis()), Latencies.p99(l.clientMillis()),
                Latencies.max(l.clientMillis()), Latencies.p50(l.serverMillis()), Latencies.p99(l.serverMillis()), Latencies.max(l.serverMillis()));
    }

    private static void explain(HikariDataSource dataSource) throws Exception {
        String[][] queries = {
                {"workers", "SELECT trim(id), workerPoolSize, occupiedWorkers FROM jobrunr_backgroundjobservers WHERE running = 1"
                        + " AND lastHeartbeat > CAST(now() AS timestamp) - make_interval(secs => 4 * pollIntervalInSeconds)"},
                {"enqueued", "SELECT count(*), min(updatedAt) FROM jobrunr_jobs WHERE state = 'ENQUEUED'"},
                {"enqueued?priority", "SELECT count(*), min(updatedAt) FROM jobrunr_jobs WHERE state = 'ENQUEUED' AND priority = 3"},
                {"scheduled", "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SCHEDULED' AND scheduledAt <= CAST(now() AS timestamp) + interval '2 minutes'"},
                {"scheduled?priority", "SELECT count(*) FROM jobrunr_jobs WHERE state = 'SCHEDULED'"
                        + " AND scheduledAt <= CAST(now() AS timestamp) + interval '2 minutes' AND priority = 3"}};
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String[] query : queries) {
                System.out.printf("%nEXPLAIN %s%n", query[0]);
                try (ResultSet rs = s.executeQuery("EXPLAIN " + query[1])) {
                    while (rs.next()) {
                        String line = rs.getString(1);
                        System.out.println("  " + line);
                        if (line.contains("Seq Scan on jobrunr_jobs")) throw new IllegalStateException("sequential scan of jobrunr_jobs: " + query[0]);
                    }
                }
            }
        }
    }
}
