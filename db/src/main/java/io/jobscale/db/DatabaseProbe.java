package io.jobscale.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One connection attempt before a process starts its pool, so a server that is down or refuses the login stops the
 * start with {@link DatabaseUnreachableException} instead of pools retrying behind a stack trace.
 */
public final class DatabaseProbe {

    /** SQLSTATE invalid_catalog_name: the server answers but the database is missing (migrations create it). */
    static final String MISSING_DATABASE = "3D000";
    /** The database every PostgreSQL server has, to log in to while ours does not exist yet. */
    static final String MAINTENANCE_DATABASE = "postgres";

    private DatabaseProbe() {
    }

    /** Returns when the server answers and accepts the login; the database itself may still be missing. */
    public static void check(DatabaseSettings settings) {
        try (Connection ignored = connect(settings)) {
            return;
        } catch (SQLException e) {
            if (!MISSING_DATABASE.equals(e.getSQLState())) throw new DatabaseUnreachableException(settings, e);
        }
        try (Connection ignored = connect(settings.withDatabase(MAINTENANCE_DATABASE))) {
            return;
        } catch (SQLException e) {
            throw new DatabaseUnreachableException(settings, e);
        }
    }

    static Connection connect(DatabaseSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    }
}
