package io.jobscale.db;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Tells a failure to reach or log in to PostgreSQL from other SQL errors, and says why in a few words. */
final class ConnectionFailure {

    /** SQLSTATE class 08: connection exception (refused, unreachable, rejected by the driver). */
    private static final String CONNECTION_EXCEPTION = "08";
    /** SQLSTATE class 28: invalid authorization (wrong password, no pg_hba entry, unknown role). */
    private static final String INVALID_AUTHORIZATION = "28";
    /** What PgJDBC says when the server asks for a password (SCRAM or md5) and it has none, or an empty one. */
    private static final List<String> NO_PASSWORD_GIVEN =
            List.of("no password was provided", "password is an empty string");

    private ConnectionFailure() {
    }

    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith(CONNECTION_EXCEPTION) || state.startsWith(INVALID_AUTHORIZATION));
    }

    /** The first connection failure in {@code e}'s causes, e.g. under a pool's timeout or a library's wrapper. */
    static Optional<SQLException> find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isConnectionFailure(sql)) return Optional.of(sql);
        }
        return Optional.empty();
    }

    static String reason(SQLException e) {
        String message = oneLine(e.getMessage());
        if (NO_PASSWORD_GIVEN.stream().anyMatch(message::contains)) {
            return "the server asks for a password and none is set (" + message + ")";
        }
        Throwable cause = e.getCause();
        if (cause instanceof ConnectException) return "nothing answers there (" + oneLine(cause.getMessage()) + ")";
        if (cause instanceof UnknownHostException) return "unknown host " + oneLine(cause.getMessage());
        return message;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
