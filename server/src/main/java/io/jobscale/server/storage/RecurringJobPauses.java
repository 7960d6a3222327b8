package io.jobscale.server.storage;

import org.jobrunr.storage.StorageException;

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
 * The paused recurring jobs (migration V24): an operator pauses one from the dashboard and no process creates runs of
 * it until it is resumed. Every statement on the table is here.
 *
 * <p>The pause is kept in the database, not in any process, so every worker honours it at once and it outlives
 * restarts and redeploys; replacing a recurring job (same id) keeps its pause, deleting it drops the pause.
 */
public class RecurringJobPauses {

    private final DataSource dataSource;

    public RecurringJobPauses(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Pauses recurring job {@code id} from {@code pausedAt} (pausing a paused job keeps its first pause). Answers
     * false when there is no such recurring job.
     */
    public boolean pause(String id, Instant pausedAt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO jobscale_recurring_job_pauses"
                     + " (id, paused_at) SELECT id, ? FROM jobrunr_recurring_jobs WHERE id = ?"
                     + " ON CONFLICT (id) DO NOTHING")) {
            statement.setTimestamp(1, Timestamp.from(pausedAt));
            statement.setString(2, id);
            statement.executeUpdate();
            return exists(connection, id);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Resumes recurring job {@code id}; resuming one that is not paused changes nothing. */
    public void resume(String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "DELETE FROM jobscale_recurring_job_pauses WHERE id = ?")) {
            statement.setString(1, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Every paused recurring job's id, with the time it was paused. */
    public Map<String, Instant> paused() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id::text, paused_at FROM jobscale_recurring_job_pauses");
             ResultSet rows = statement.executeQuery()) {
            Map<String, Instant> paused = new HashMap<>();
            while (rows.next()) paused.put(rows.getString(1), rows.getTimestamp(2).toInstant());
            return paused;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Which of {@code ids} are paused recurring jobs. */
    public Set<String> pausedAmong(Collection<String> ids) {
        if (ids.isEmpty()) return Set.of();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id::text FROM jobscale_recurring_job_pauses WHERE id::text = ANY (?)")) {
            Array array = connection.createArrayOf("text", ids.toArray());
            statement.setArray(1, array);
            Set<String> paused = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) paused.add(rows.getString(1));
            }
            return paused;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    private static boolean exists(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM jobrunr_recurring_jobs WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
