package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs a worker holds in PROCESSING, as a stopping worker sees them: which are its own, and the versioned write
 * that puts one back to the queue (docs/operations.md, "Graceful stop").
 */
public final class ProcessingJobs {

    /** The server a PROCESSING job runs on is the {@code serverId} of the last entry of its history. */
    private static final String ON_SERVER = "SELECT id FROM jobrunr_jobs WHERE state = 'PROCESSING'"
            + " AND (jobAsJson::jsonb -> 'jobHistory' -> -1 ->> 'serverId') = ?";
    /** A versioned update that also leaves alone a job no longer PROCESSING (finished meanwhile). */
    private static final String PUT_BACK = JobRows.UPDATE_VERSIONED + " AND state = 'PROCESSING'";

    private final DataSource dataSource;

    public ProcessingJobs(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The ids of the jobs PROCESSING on server {@code serverId}. */
    public List<String> idsOnServer(String serverId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(ON_SERVER)) {
            s.setString(1, serverId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1).trim());
            }
        }
        return ids;
    }

    /**
     * Rewrites PROCESSING job {@code id} at {@code version} as {@code version + 1} in {@code state}, with its new JSON
     * and times, in a transaction of its own. False when the row is at another version or no longer PROCESSING: it
     * changed meanwhile.
     */
    public boolean putBack(String id, int version, String jobAsJson, String state, Instant updatedAt,
                           Instant scheduledAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PUT_BACK)) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            JobRows.bind(s, new JobUpdate(id, version + 1, jobAsJson, state, updatedAt, scheduledAt));
            return s.executeUpdate() == 1;
        }
    }
}
