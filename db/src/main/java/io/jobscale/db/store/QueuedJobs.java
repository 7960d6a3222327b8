package io.jobscale.db.store;


import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which enqueued jobs a ScaledJob launches Jobs for: the most urgent first, as workers would take them. */
public class QueuedJobs {

    private static final String NEXT = "SELECT id, version FROM jobrunr_jobs WHERE state = 'ENQUEUED'"
            + " ORDER BY " + JobsTable.QUEUE_ORDER + " LIMIT ?";

    private final DataSource dataSource;

    public QueuedJobs(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code count} enqueued jobs in the order workers take them, leaving out the ids in {@code exclude}. */
    public List<QueuedJob> next(int count, Set<String> exclude) throws SQLException {
        List<QueuedJob> ids = new ArrayList<>();
        if (count <= 0) return ids;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(NEXT)) {
            s.setInt(1, count + exclude.size());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && ids.size() < count) {
                    String id = rs.getString(1).trim();
                    if (!exclude.contains(id)) ids.add(new QueuedJob(id, rs.getLong(2)));
                }
            }
        }
        return ids;
    }
}
