package io.jobscale.clustersim;

import io.jobscale.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
        ids.forEach(id -> counts.put(id, 0));
        history(ids).stream().filter(e -> e.state().equals(stateClass))
                .forEach(e -> counts.merge(e.jobId(), 1, Integer::sum));
        counts.keySet().retainAll(states(ids).keySet());   // jobs not (yet) in the table have no history
        return counts;
    }

    /**
     * One state a job entered.
     *
     * @param state  the state's class, e.g. {@link #PROCESSING}
     * @param worker for a ProcessingState, the worker that took the job: the host part of jobrunr's server name
     *               ({@code <pod name>/<pid>}), i.e. the pod; else null
     */
    record Entry(String jobId, String state, Instant at, String worker) {
    }

    /** Every state the jobs entered, oldest first per job. */
    List<Entry> history(List<String> ids) {
        List<Entry> entries = new ArrayList<>();
        query("""
                SELECT trim(j.id::text), h->>'@class', h->>'createdAt', split_part(h->>'serverName', '/', 1)
                FROM jobrunr_jobs j, jsonb_array_elements(j.jobAsJson::jsonb->'jobHistory') WITH ORDINALITY AS s(h, n)
                WHERE trim(j.id::text) = ANY (?) ORDER BY j.id, s.n""", ids,
                rs -> entries.add(new Entry(rs.getString(1), rs.getString(2).substring(
                        rs.getString(2).lastIndexOf('.') + 1), Instant.parse(rs.getString(3)),
                        rs.getString(4) == null || rs.getString(4).isEmpty() ? null : rs.getString(4))));
        return entries;
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

    /** The first column of each row of {@code sql}, run with {@code parameter}. */
    List<String> texts(String sql, Object parameter) {
        List<String> texts = new ArrayList<>();
        query(sql, parameter, rs -> texts.add(rs.getString(1)));
        return texts;
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
}
