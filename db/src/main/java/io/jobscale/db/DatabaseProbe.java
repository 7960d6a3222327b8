package io.jobscale.db;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    /** Where a PostgreSQL server is looked for when none is configured (the default of JOBSCALE_DB_URL). */
    public static final InetSocketAddress DEFAULT_SERVER = new InetSocketAddress("127.0.0.1", 5432);
    private static final int ANSWER_TIMEOUT_MILLIS = 2_000;

    private DatabaseProbe() {
    }

    /** Whether anything accepts a TCP connection at {@code address} (a server that then refuses the login counts). */
    public static boolean answers(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, ANSWER_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
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
