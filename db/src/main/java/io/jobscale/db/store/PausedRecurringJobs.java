package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The paused recurring jobs, {@code jobscale_recurring_job_pauses} (migration V24): one row per recurring job an
 * operator paused. A pause can only be made for a recurring job that exists, and goes when the job is deleted (the
 * table's foreign key). Every statement on the table is here.
 */
public final class PausedRecurringJobs {

    /** Pausing a paused job keeps its first pause. */
    private static final String PAUSE = "INSERT INTO jobscale_recurring_job_pauses (id, paused_at)"
            + " SELECT id, ? FROM jobrunr_recurring_jobs WHERE id = ? ON CONFLICT (id) DO NOTHING";
    private static final String EXISTS = "SELECT 1 FROM jobrunr_recurring_jobs WHERE id = ?";
    private static final String RESUME = "DELETE FROM jobscale_recurring_job_pauses WHERE id = ?";
    private static final String ALL = "SELECT id::text, paused_at FROM jobscale_recurring_job_pauses";
    private static final String AMONG = "SELECT id::text FROM jobscale_recurring_job_pauses WHERE id::text = ANY (?)";

    private final DataSource dataSource;

    public PausedRecurringJobs(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Pauses recurring job {@code id} from {@code pausedAt}; false when there is no such recurring job. */
    public boolean pause(String id, Instant pausedAt) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(PAUSE)) {
                s.setTimestamp(1, Timestamp.from(pausedAt));
                s.setString(2, id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(EXISTS)) {
                s.setString(1, id);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next();
                }
            }
        }
    }

    /** Resumes recurring job {@code id}; resuming one that is not paused changes nothing. */
    public void resume(String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RESUME)) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    /** Every paused recurring job's id, with the time it was paused. */
    public Map<String, Instant> all() throws SQLException {
        Map<String, Instant> paused = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(ALL);
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) paused.put(rows.getString(1), rows.getTimestamp(2).toInstant());
        }
        return paused;
    }

    /** Which of {@code ids} are paused recurring jobs. */
    public Set<String> among(Collection<String> ids) throws SQLException {
        Set<String> paused = new HashSet<>();
        if (ids.isEmpty()) return paused;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(AMONG)) {
            Array array = c.createArrayOf("text", ids.toArray());
            s.setArray(1, array);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) paused.add(rows.getString(1));
            }
        }
        return paused;
    }
}
