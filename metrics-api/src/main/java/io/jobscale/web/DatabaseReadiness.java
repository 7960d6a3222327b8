package io.jobscale.web;

import io.javalin.config.JavalinConfig;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code GET /health/ready}: 200 while the database answers, 503 while it does not. Meant for a readiness probe, so
 * a load balancer or Kubernetes Service sends no dashboard or metrics requests (KEDA's among them) to a web process
 * that could only fail them. {@code /health} stays database-independent: it is the liveness probe, and restarting
 * the process would not bring the database back.
 */
public final class DatabaseReadiness implements WebRoutes {

    public static final String PATH = "/health/ready";
    /** How long the check waits for the database to answer on an open connection. */
    static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;

    public DatabaseReadiness(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.get(PATH, ctx -> {
            if (databaseAnswers()) {
                ctx.json(Map.of("status", "UP"));
            } else {
                ctx.status(503).json(Map.of("status", "DOWN", "reason", "database unreachable"));
            }
        });
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }
}
