package io.jobscale.db;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The database named by the settings cannot be reached or refuses us. Its message is one line naming the URL, the
 * user and the reason, meant to be printed as it is (a process that cannot reach its database can do nothing else).
 */
public final class DatabaseUnreachableException extends IllegalStateException {

    private static final String HINT = " (check " + DatabaseSettings.URL + ", " + DatabaseSettings.USER + ", "
            + DatabaseSettings.PASSWORD + ")";

    public DatabaseUnreachableException(DatabaseSettings settings, SQLException cause) {
        super("Cannot connect to " + settings.url() + " as " + settings.user() + ": " + ConnectionFailure.reason(cause)
                + HINT, cause);
    }

    /**
     * {@code e} itself, or a connection failure found among its causes (a pool's timeout, a library's wrapper)
     * turned into one; empty for every other error.
     */
    public static Optional<DatabaseUnreachableException> causing(DatabaseSettings settings, Throwable e) {
        if (e instanceof DatabaseUnreachableException unreachable) return Optional.of(unreachable);
        return ConnectionFailure.find(e).map(sql -> new DatabaseUnreachableException(settings, sql));
    }
}
