package io.jobscale.benchmarks;

import io.jobscale.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Seeds a database with a realistic million jobs: mostly history (succeeded, deleted, failed), a backlog of 50,000
 * enqueued jobs, 100,000 scheduled over the next day, a few processing on 10 live servers, all priorities 0..9.
 */
final class MillionJobs {

    static final int TOTAL = 1_000_000;

    private MillionJobs() {
    }

    static void seed(DatabaseSettings database) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
            s.execute("INSERT INTO jobrunr_backgroundjobservers (id, name, workerPoolSize, pollIntervalInSeconds, firstHeartbeat,"
                    + " lastHeartbeat, running, systemTotalMemory, systemFreeMemory, systemCpuLoad, processMaxMemory, processFreeMemory,"
                    + " processAllocatedMemory, processCpuLoad, occupiedWorkers)"
                    + " SELECT gen_random_uuid()::text, 'worker-' || g || '/1', 16, 5, now() AT TIME ZONE 'UTC' - interval '1 hour',"
                    + " now() AT TIME ZONE 'UTC' + interval '10 days', 1, 0, 0, 0, 0, 0, 0, 0, 10 FROM generate_series(1, 10) g");
            // State by position: 0..49,999 ENQUEUED, 50,000..149,999 SCHEDULED, 150,000..150,099 PROCESSING, then history.
            s.execute("INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, scheduledAt, priority)"
                    + " SELECT gen_random_uuid()::text, 3,"
                    + "   '{\"jobHistory\":[{\"state\":\"' || st || '\",\"serverId\":\"' || (SELECT trim(id) FROM jobrunr_backgroundjobservers"
                    + "     ORDER BY id LIMIT 1 OFFSET g % 10) || '\"}],\"labels\":[\"priority:' || (g % 10) || '\"]}',"
                    + "   'bench.Job.run(java.lang.Integer)', st,"
                    + "   now() AT TIME ZONE 'UTC' - interval '2 days', now() AT TIME ZONE 'UTC' - (g % 86400) * interval '1 second',"
                    + "   CASE WHEN st = 'SCHEDULED' THEN now() AT TIME ZONE 'UTC' + (g % 86400) * interval '1 second' END, g % 10"
                    + " FROM (SELECT g, CASE WHEN g < 50000 THEN 'ENQUEUED' WHEN g < 150000 THEN 'SCHEDULED' WHEN g < 150100 THEN 'PROCESSING'"
                    + "   WHEN g < 180000 THEN 'FAILED' WHEN g < 230000 THEN 'DELETED' ELSE 'SUCCEEDED' END AS st"
                    + "   FROM generate_series(0, " + (TOTAL - 1) + ") g) AS rows");
            s.execute("VACUUM ANALYZE jobrunr_jobs");
            s.execute("VACUUM ANALYZE jobrunr_backgroundjobservers");
        }
    }
}
