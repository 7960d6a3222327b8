package io.jobscale.benchmarks;

import io.jobscale.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Seeds a database with a million jobs: mostly history (succeeded, deleted, failed), a backlog of enqueued jobs of the
 * given size, 100,000 scheduled over the next day, 100 processing on 10 live servers, all priorities 0..9.
 */
final class MillionJobs {

    static final int TOTAL = 1_000_000;

    private MillionJobs() {
    }

    static void seed(DatabaseSettings database, int enqueued) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
            s.execute("INSERT INTO jobrunr_backgroundjobservers (id, name, workerPoolSize, pollIntervalInSeconds,"
                    + " firstHeartbeat, lastHeartbeat, running, systemTotalMemory, systemFreeMemory, systemCpuLoad,"
                    + " processMaxMemory, processFreeMemory, processAllocatedMemory, processCpuLoad, occupiedWorkers)"
                    + " SELECT gen_random_uuid()::text, 'worker-' || g || '/1', 16, 5,"
                    + " now() AT TIME ZONE 'UTC' - interval '1 hour', now() AT TIME ZONE 'UTC' + interval '10 days',"
                    + " 1, 0, 0, 0, 0, 0, 0, 0, 10 FROM generate_series(1, 10) g");
            // State by position: the backlog ENQUEUED, then 100,000 SCHEDULED, 100 PROCESSING, then history.
            int e = enqueued;
            s.execute("INSERT INTO jobrunr_jobs"
                    + " (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, scheduledAt, priority)"
                    + " SELECT gen_random_uuid()::text, 3,"
                    + "   '{\"jobHistory\":[{\"state\":\"' || st || '\",\"serverId\":\"'"
                    + "     || (SELECT trim(id) FROM jobrunr_backgroundjobservers ORDER BY id LIMIT 1 OFFSET g % 10)"
                    + "     || '\"}],\"labels\":[\"priority:' || (g % 10) || '\"]}',"
                    + "   'bench.Job.run(java.lang.Integer)', st,"
                    + "   now() AT TIME ZONE 'UTC' - interval '2 days',"
                    + "   now() AT TIME ZONE 'UTC' - (g % 86400) * interval '1 second',"
                    + "   CASE WHEN st = 'SCHEDULED'"
                    + "     THEN now() AT TIME ZONE 'UTC' + (g % 86400) * interval '1 second' END,"
                    + "   g % 10"
                    + " FROM (SELECT g, CASE WHEN g < " + e + " THEN 'ENQUEUED'"
                    + "   WHEN g < " + (e + 100_000) + " THEN 'SCHEDULED'"
                    + "   WHEN g < " + (e + 100_100) + " THEN 'PROCESSING' WHEN g < " + (e + 130_000) + " THEN 'FAILED'"
                    + "   WHEN g < " + (e + 180_000) + " THEN 'DELETED' ELSE 'SUCCEEDED' END AS st"
                    + "   FROM generate_series(0, " + (TOTAL - 1) + ") g) AS rows");
            // What autovacuum would have done by the time a real database got here (the enqueued counters included).
            s.execute("VACUUM ANALYZE");
            // Write the seeded pages out now, so the checkpoint they would cause later does not land in the
            // measurements.
            s.execute("CHECKPOINT");
        }
    }
}
