package io.jobscale.cli.worker;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.jobscale.web.WebRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A worker process's probes and metrics (docs/operations.md, "Worker HTTP port"):
 * <ul>
 *   <li>{@code /health} (from {@link io.jobscale.web.WebServer}) and {@code /health/live}: 200 while the process
 *   runs. A database outage does not fail liveness: the worker recovers by itself once the database is back, and a
 *   restart would only drop the jobs it runs.</li>
 *   <li>{@code /health/ready}: 200 when the database answers and the worker is not stopping; 503 otherwise, with
 *   the reason.</li>
 *   <li>{@code /metrics}: Prometheus text, the worker's JVM, connection pool and jobs.</li>
 * </ul>
 */
final class WorkerHttpRoutes implements WebRoutes {

    /** How long the readiness check waits for the database. */
    static final int DATABASE_CHECK_SECONDS = 2;

    private final DataSource dataSource;
    private final BooleanSupplier stopping;
    private final PrometheusMeterRegistry registry;

    WorkerHttpRoutes(DataSource dataSource, BooleanSupplier stopping, PrometheusMeterRegistry registry) {
        this.dataSource = dataSource;
        this.stopping = stopping;
        this.registry = registry;
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        config.routes.get("/health/ready", this::ready);
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(registry.scrape()));
    }

    private void ready(Context ctx) {
        String problem = stopping.getAsBoolean() ? "stopping" : databaseProblem();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problem == null ? "UP" : "DOWN");
        if (problem != null) body.put("reason", problem);
        ctx.status(problem == null ? 200 : 503).json(body);
    }

    private String databaseProblem() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(DATABASE_CHECK_SECONDS) ? null : "database: no answer";
        } catch (SQLException e) {
            return "database: " + e.getMessage();
        }
    }
}
