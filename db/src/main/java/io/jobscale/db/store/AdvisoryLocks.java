package io.jobscale.db.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL session-level advisory locks. The caller brings the connection, one it keeps for the lock's whole life
 * ({@code io.jobscale.db.DedicatedConnections}): the lock lasts as long as that session, and PostgreSQL releases it
 * when the session ends, also when its holder died.
 */
public final class AdvisoryLocks {

    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?)";

    private AdvisoryLocks() {
    }

    /** Takes lock {@code key} for {@code connection}'s session if no other session holds it; never waits. */
    public static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(TRY_LOCK)) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
