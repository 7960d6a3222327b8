package io.jobscale.server;

import io.jobscale.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads job states and histories straight from the jobs table, as a person checking the database would. */
final class JobStates {

    private final DatabaseSettings database;

    JobStates(DatabaseSettings database) {
        this.database = database;
    }

    String state(UUID id) {
        return query("SELECT state FROM jobrunr_jobs WHERE id = ?", id, null);
    }

    /** How many entries of the job's history have the given state (e.g. FAILED: the retries it has used). */
    int historyCount(UUID id, String state) {
        return Integer.parseInt(query("SELECT count(*) FROM jobrunr_jobs j,"
                + " jsonb_array_elements(j.jobAsJson::jsonb -> 'jobHistory') h"
                + " WHERE j.id = ? AND h ->> 'state' = ?", id, state));
    }

    /** The job's row {@code updatedAt}: its place in the queue while ENQUEUED. */
    Instant updatedAt(UUID id) {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement s = c.prepareStatement("SELECT updatedAt FROM jobrunr_jobs WHERE id = ?")) {
            s.setString(1, id.toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();   // read back the way jobrunr writes it
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When the job was first enqueued, from its history. */
    Instant firstEnqueuedAt(UUID id) {
        return Instant.parse(query("SELECT h ->> 'createdAt' FROM jobrunr_jobs j,"
                + " jsonb_array_elements(j.jobAsJson::jsonb -> 'jobHistory') h WHERE j.id = ? AND h ->> 'state' = ?"
                + " LIMIT 1", id, "ENQUEUED"));
    }

    Map<String, Integer> countByState(List<UUID> ids) {
        Map<String, Integer> counts = new HashMap<>();
        for (UUID id : ids) counts.merge(state(id), 1, Integer::sum);
        return counts;
    }

    private String query(String sql, UUID id, String second) {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id.toString());
            if (second != null) s.setString(2, second);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
