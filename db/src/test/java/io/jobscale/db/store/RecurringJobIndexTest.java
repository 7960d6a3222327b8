package io.jobscale.db.store;

import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A recurring job's runs are found by an index that holds no entry for the jobs of no recurring job. */
class RecurringJobIndexTest {

    @Test
    void aRecurringJobsRunsAreIndexedAndOtherJobsAreNot() throws Exception {
        var database = TestDatabase.fresh("store_recurring_index");
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt,"
                    + " recurringJobId, priority) SELECT gen_random_uuid()::text, 1, '{}', 'x.Y.run()', 'SUCCEEDED',"
                    + " now(), now(), CASE WHEN g % 100 = 0 THEN 'report-' || (g % 1000) END, 0"
                    + " FROM generate_series(1, 100000) AS g");
            s.execute("ANALYZE jobrunr_jobs");
            // A generic plan, as a prepared statement with a bound id gets once it is reused.
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE runs(text) AS SELECT id, state FROM jobrunr_jobs WHERE recurringJobId = $1");

            assertThat(plan(s, "EXPLAIN EXECUTE runs('report-100')")).contains("jobscale_jobs_recurring_idx");
            assertThat(count(s, "SELECT count(*) FROM pg_indexes WHERE tablename = 'jobrunr_jobs'"
                    + " AND indexdef LIKE '%(recurringjobid)%' AND indexdef NOT LIKE '%IS NOT NULL%'"))
                    .as("no index of the column keeps entries for jobs without a recurring job").isZero();
        }
    }

    private static String plan(Statement s, String explain) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery(explain)) {
            while (rs.next()) plan.append(rs.getString(1)).append('\n');
        }
        return plan.toString();
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
