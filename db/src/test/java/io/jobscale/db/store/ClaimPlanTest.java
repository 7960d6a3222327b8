package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim's plan is an ordered scan of the enqueued jobs' partial index, at a million jobs and on stale
 * statistics.
 */
class ClaimPlanTest {

    @Test
    void theClaimIsIndexBackedAtAMillionJobs() throws Exception {
        String plan = claimPlanIn("claim_plan",
                "INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt,"
                        + " scheduledAt)"
                        + " SELECT gen_random_uuid()::text, 1,"
                        + "   '{\"labels\":[\"priority:' || (g % 10) || '\"],\"jobHistory\":[]}',"
                        + "   'bench.Job.run()',"
                        + "   (ARRAY['SUCCEEDED','SUCCEEDED','SUCCEEDED','ENQUEUED','SCHEDULED','FAILED'])[1 + g % 6],"
                        + "   timestamp '2026-01-01' + g * interval '1 millisecond',"
                        + "   timestamp '2026-01-01' + g * interval '1 millisecond', NULL"
                        + " FROM generate_series(1, 1000000) AS g",
                "ANALYZE jobrunr_jobs");

        assertThat(plan).contains("jobscale_jobs_enqueued_idx").doesNotContain("Seq Scan").doesNotContain("Sort");
    }

    /**
     * A burst of enqueues after the last ANALYZE of a table of finished jobs: the statistics say about one job is
     * enqueued, and without {@link JobRows#CLAIM_PLAN} the planner reads every enqueued job by the
     * (state, updatedAt) index and sorts them, on every claim.
     */
    @Test
    void theClaimStaysAnOrderedIndexScanWhenTheStatisticsMissABurstOfEnqueues() throws Exception {
        String plan = claimPlanIn("claim_plan_stale",
                "INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt,"
                        + " priority)"
                        + " SELECT gen_random_uuid()::text, 3, '{\"jobHistory\":[]}', 'bench.Job.run()', 'SUCCEEDED',"
                        + "   timestamp '2026-01-01', timestamp '2026-01-01' + g * interval '1 millisecond', g % 10"
                        + " FROM generate_series(1, 200000) AS g",
                "VACUUM ANALYZE jobrunr_jobs",
                "INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt,"
                        + " priority)"
                        + " SELECT gen_random_uuid()::text, 1, '{\"jobHistory\":[]}', 'bench.Job.run()', 'ENQUEUED',"
                        + "   timestamp '2026-01-02', timestamp '2026-01-02' + g * interval '1 millisecond', g % 10"
                        + " FROM generate_series(1, 5000) AS g");

        assertThat(plan).contains("Index Scan using jobscale_jobs_enqueued_idx").doesNotContain("Sort");
    }

    /** The claim's plan in a fresh database named {@code name}, after the statements {@code setUp}. */
    private static String claimPlanIn(String name, String... setUp) throws SQLException {
        try (HikariDataSource dataSource = DataSources.create(TestDatabase.fresh(name), "test-plan");
             Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : setUp) statement.execute(sql);
            return claimPlan(connection);
        }
    }

    /** The plan of the claim in a transaction, as {@link JobRows#claimPlan} gives it. */
    private static String claimPlan(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            return String.join("\n", new JobRows(connection).claimPlan(8));
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }
}
