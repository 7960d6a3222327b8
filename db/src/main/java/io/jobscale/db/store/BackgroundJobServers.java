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
 * jobrunr's server table, {@code jobrunr_backgroundjobservers}, with the two columns we added to it: each worker
 * process's occupied workers (V3) and whether it has seen its drain mark (V22), published with its heartbeat. The
 * statements jobscale issues on the table are here; jobrunr's own heartbeat writes stay in jobrunr.
 */
public final class BackgroundJobServers {

    private static final String PUBLISH = "UPDATE jobrunr_backgroundjobservers SET occupiedWorkers = ?, draining = ?"
            + " WHERE id = ?";

    /** Parameters: now, the server timeout in poll intervals. */
    public static final String LIVE_SERVERS_SQL = "SELECT trim(id) AS id, name, workerPoolSize, occupiedWorkers,"
            + " lastHeartbeat, firstHeartbeat, draining"
            + " FROM jobrunr_backgroundjobservers"
            + " WHERE running = 1"
            + " AND lastHeartbeat > CAST(? AS timestamp) - make_interval(secs => ? * pollIntervalInSeconds)"
            + " ORDER BY firstHeartbeat";

    private final DataSource dataSource;

    public BackgroundJobServers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Servers whose last heartbeat is newer than {@code timeoutPollIntervals} of their poll intervals before now. */
    public List<ServerLoad> liveServers(Instant now, int timeoutPollIntervals) throws SQLException {
        List<ServerLoad> servers = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LIVE_SERVERS_SQL)) {
            s.setTimestamp(1, Timestamp.from(now), utc());
            s.setInt(2, timeoutPollIntervals);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    servers.add(new ServerLoad(rs.getString("id"), rs.getString("name"), rs.getInt("workerPoolSize"),
                            rs.getInt("occupiedWorkers"), rs.getTimestamp("lastHeartbeat", utc()).toInstant(),
                            rs.getTimestamp("firstHeartbeat", utc()).toInstant(), rs.getBoolean("draining")));
                }
            }
        }
        return servers;
    }

    /**
     * Publishes server {@code id}'s occupied workers and drain state: the jobs it holds in PROCESSING, so the metrics
     * need not parse every running job's JSON.
     */
    public void publishOccupancy(String id, int occupiedWorkers, boolean draining) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PUBLISH)) {
            s.setInt(1, occupiedWorkers);
            s.setBoolean(2, draining);
            s.setString(3, id);
            s.executeUpdate();
        }
    }
}
