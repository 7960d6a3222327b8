package io.jobscale.spring;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * {@code /actuator/health/jobscale}: UP when the job database answers and the worker (if this application runs one)
 * is running; DOWN when the database does not answer; OUT_OF_SERVICE while the worker stops.
 */
public class JobscaleHealthIndicator extends AbstractHealthIndicator {

    /** How long the database check may wait for an answer. */
    public static final int DATABASE_CHECK_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final JobscaleWorkerLifecycle worker;   // null: this application runs no worker

    public JobscaleHealthIndicator(DataSource dataSource, JobscaleWorkerLifecycle worker) {
        super("jobscale health check failed");
        this.dataSource = dataSource;
        this.worker = worker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(DATABASE_CHECK_TIMEOUT_SECONDS)) {
                builder.down().withDetail("database", "does not answer");
                return;
            }
        }
        builder.withDetail("database", "reachable");
        if (worker == null) {
            builder.up().withDetail("worker", "disabled");
            return;
        }
        JobscaleWorkerLifecycle.State state = worker.state();
        builder.withDetail("worker", state.name())
                .withDetail("workers", worker.settings().workers())
                .withDetail("busyWorkers", worker.busyWorkers());
        if (state == JobscaleWorkerLifecycle.State.RUNNING) builder.up();
        else builder.outOfService();
    }
}
