package io.jobscale.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.db.store.BackgroundJobServers;
import io.jobscale.db.store.MetricQueries;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.http.MetricsRoutes;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency of the metrics endpoints at a million jobs, measured over HTTP from this process (p50/p99 of the full
 * request), plus the EXPLAIN of each endpoint's SQL. Bar: p99 at most 5 ms per endpoint.
 *
 * <p>Run: {@code bin/benchmark metrics [requests-per-endpoint=2000] [enqueued-backlog=10000]}. Enqueued counts are
 * exact and read from counters, so the enqueued endpoint's time does not grow with the backlog: try 100000.
 */
public final class MetricsLatencyBenchmark {

    private MetricsLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int backlog = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        DatabaseSettings database = new BenchmarkDatabases().fresh("jobscale_bench_metrics");
        new Migrations(database).run();
        System.out.printf("Seeding %,d jobs (%,d enqueued, 100,000 scheduled over the next day)...%n",
                MillionJobs.TOTAL, backlog);
        MillionJobs.seed(database, backlog);
        try (HikariDataSource dataSource = DataSources.create(database, "bench-metrics")) {
            WebServer server = WebServer.start(0, WebAuthSettings.NONE,
                    List.of(new MetricsRoutes(new JobMetrics(dataSource, Clock.systemUTC()))));
            try {
                explain(dataSource);
                Latencies.printTable(server.port(), List.of("/api/metrics/workers", "/api/metrics/jobs/enqueued",
                        "/api/metrics/jobs/enqueued?priority=3", "/api/metrics/jobs/scheduled?scheduledIn=PT2M",
                        "/api/metrics/jobs/scheduled?scheduledIn=PT2M&priority=3"), 1_000, requests);
            } finally {
                server.stop();
            }
        }
    }

    /**
     * EXPLAINs the very SQL the endpoints run, with parameters bound as they bind them; fails on a sequential scan of
     * the jobs.
     */
    private static void explain(HikariDataSource dataSource) throws Exception {
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp inTwoMinutes = Timestamp.from(Instant.now().plus(Duration.ofMinutes(2)));
        Map<String, Object[]> queries = new LinkedHashMap<>();
        queries.put("workers",
                new Object[]{BackgroundJobServers.LIVE_SERVERS_SQL, now, JobMetrics.SERVER_TIMEOUT_POLL_INTERVALS});
        queries.put("enqueued", new Object[]{MetricQueries.enqueuedSql(false)});
        queries.put("enqueued?priority", new Object[]{MetricQueries.enqueuedSql(true), 3});
        queries.put("scheduled", new Object[]{MetricQueries.scheduledSql(false), inTwoMinutes});
        queries.put("scheduled?priority", new Object[]{MetricQueries.scheduledSql(true), inTwoMinutes, 3});
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, Object[]> query : queries.entrySet()) {
                System.out.printf("%nEXPLAIN %s%n", query.getKey());
                Object[] sqlAndParameters = query.getValue();
                try (PreparedStatement s = c.prepareStatement("EXPLAIN " + sqlAndParameters[0])) {
                    for (int i = 1; i < sqlAndParameters.length; i++) s.setObject(i, sqlAndParameters[i]);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            String line = rs.getString(1);
                            System.out.println("  " + line);
                            if (line.contains("Seq Scan on jobrunr_jobs")) {
                                throw new IllegalStateException("sequential scan of jobrunr_jobs: " + query.getKey());
                            }
                        }
                    }
                }
            }
        }
    }
}
