package io.jobscale.clustersim;

import io.jobscale.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scenarios read of the jobs in the simulated cluster's database: each job's state, and how often its
 * history entered a state (a job handed back is processed twice and enqueued twice, a retried one failed once).
 * An absent schema (the web pod has not migrated yet) reads as no jobs.
 */
final class JobHistory {

    /** jobrunr's state classes, as they appear in a job's JSON history. */
    static final String ENQUEUED = "EnqueuedState";
    static final String PROCESSING = "ProcessingState";
    static final String SUCCEEDED = "SucceededState";
    static final String FAILED = "FailedState";

    private final DatabaseSettings database;

    JobHistory(DatabaseSettings database) {
        this.database = database;
    }

    /** Job id → its state now (ENQUEUED, PROCESSING, SUCCEEDED, ...). */
    Map<String, String> states(List<String> ids) {
        Map<String, String> states = new LinkedHashMap<>();
        query("SELECT id, state FROM jobrunr_jobs WHERE trim(id::text) = ANY (?)", ids,
                rs -> states.put(rs.getString(1).trim(), rs.getString(2)));
        return states;
    }

    /** Job id → how many times its history entered {@code stateClass} (one of the constants above). */
    Map<String, Integer> entered(List<String> ids, String stateClass) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        String marker = "states." + stateClass + "\"";
        query("SELECT id, jobAsJson FROM jobrunr_jobs WHERE trim(id::text) = ANY (?)", ids,
                rs -> counts.put(rs.getString(1).trim(), occurrences(rs.getString(2), marker)));
        return counts;
    }

    /** How many of {@code ids} are in {@code state} now. */
    long countIn(List<String> ids, String state) {
        return states(ids).values().stream().filter(state::equals).count();
    }

    /** The first column of the first row of {@code sql}, run with {@code parameter} (0 without a row). */
    long number(String sql, Object parameter) {
        long[] value = {0};
        query(sql, parameter, rs -> value[0] = rs.getLong(1));
        return value[0];
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Object parameter, Row row) {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter instanceof List<?> list) {
                statement.setArray(1, connection.createArrayOf("text", list.toArray()));
            } else {
                statement.setObject(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) row.read(rs);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) return;   // the schema is not there yet
            throw new IllegalStateException(e);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) count++;
        return count;
    }
}
