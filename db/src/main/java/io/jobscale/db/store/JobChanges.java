package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.jobscale.db.store.Columns.utc;

/**
 * The jobs that changed state since a time, with their state history: what the Prometheus transition counters and
 * duration histograms are computed from. Read per state over index {@code (state, updatedAt)}.
 */
public final class JobChanges {

    /**
     * One changed job.
     *
     * @param history each entry of the job's history as {@code [state, createdAt]}, a JSON array; only those two
     *                fields, not the stack traces and arguments of the whole job
     */
    public record ChangedJob(int priority, Instant updatedAt, String signature, String history) {
    }

    private static final String CHANGED_SINCE = "SELECT priority, updatedAt, jobSignature,"
            + " (SELECT jsonb_agg(jsonb_build_array(h ->> 'state', h ->> 'createdAt'))"
            + " FROM jsonb_array_elements(jobAsJson::jsonb -> 'jobHistory') AS h) FROM jobrunr_jobs"
            + " WHERE state = ? AND updatedAt > ? ORDER BY updatedAt LIMIT ?";

    private final DataSource dataSource;

    public JobChanges(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} jobs now in {@code state} that changed after {@code after}, oldest change first. */
    public List<ChangedJob> changedSince(String state, Instant after, int limit) throws SQLException {
        List<ChangedJob> jobs = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(CHANGED_SINCE)) {
            s.setString(1, state);
            s.setTimestamp(2, Timestamp.from(after), utc());
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new ChangedJob(rs.getInt(1), rs.getTimestamp(2, utc()).toInstant(), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }
        return jobs;
    }
}
