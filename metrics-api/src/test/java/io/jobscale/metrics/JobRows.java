package io.jobscale.metrics;

import io.jobscale.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;

/** Writes job and server rows the way jobrunr stores them, with chosen times, for metric tests. */
public final class JobRows {

    private final DatabaseSettings database;

    public JobRows(DatabaseSettings database) {
        this.database = database;
    }

    public void job(String state, int priority, Instant updatedAt, Instant scheduledAt, UUID processingServer)
            throws SQLException {
        String history = processingServer == null ? "[]"
                : "[{\"@class\":\"org.jobrunr.jobs.states.ProcessingState\",\"state\":\"PROCESSING\","
                        + "\"serverId\":\"" + processingServer + "\"}]";
        String json = "{\"jobHistory\":" + history + ",\"labels\":[\"priority:" + priority + "\"]}";
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO jobrunr_jobs"
                + " (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, scheduledAt)"
                + " VALUES (?, 1, ?, 'test.Job.run()', ?, ?, ?, ?)")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setString(2, json);
            s.setString(3, state);
            s.setTimestamp(4, Timestamp.from(updatedAt), utc());
            s.setTimestamp(5, Timestamp.from(updatedAt), utc());
            s.setTimestamp(6, scheduledAt == null ? null : Timestamp.from(scheduledAt), utc());
            s.executeUpdate();
        }
    }

    public void server(UUID id, String name, int workers, int occupied, int pollIntervalSeconds, Instant lastHeartbeat,
                       boolean running) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO jobrunr_backgroundjobservers"
                + " (id, name, workerPoolSize, pollIntervalInSeconds, firstHeartbeat, lastHeartbeat, running,"
                + " systemTotalMemory, systemFreeMemory, systemCpuLoad, processMaxMemory, processFreeMemory,"
                + " processAllocatedMemory, processCpuLoad, occupiedWorkers)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, ?)")) {
            s.setString(1, id.toString());
            s.setString(2, name);
            s.setInt(3, workers);
            s.setInt(4, pollIntervalSeconds);
            s.setTimestamp(5, Timestamp.from(lastHeartbeat.minusSeconds(3600)), utc());
            s.setTimestamp(6, Timestamp.from(lastHeartbeat), utc());
            s.setInt(7, running ? 1 : 0);
            s.setInt(8, occupied);
            s.executeUpdate();
        }
    }

    public void clear() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE jobrunr_jobs, jobrunr_backgroundjobservers");
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
