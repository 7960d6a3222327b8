package io.jobscale.cli;

import io.jobscale.db.DatabaseProbe;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.EmbeddedPostgresServer;
import io.jobscale.settings.Settings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code jobscale up} on a machine without PostgreSQL: when {@code JOBSCALE_DB_URL} is unset and nothing answers on
 * 127.0.0.1:5432, an embedded PostgreSQL whose data stays in {@code .jobscale/postgres} between runs.
 */
final class EmbeddedDefaultDatabase {

    /** Directory holding {@code .jobscale/}; bin/jobscale sets it to the checkout, so any working directory works. */
    static final String HOME_PROPERTY = "jobscale.home";
    static final String DATA_DIRECTORY = ".jobscale/postgres";

    private EmbeddedDefaultDatabase() {
    }

    /** Starts the embedded server when it is needed; the caller stops it after everything that uses it. */
    static Optional<EmbeddedPostgresServer> startIfNeeded(Settings settings, PrintStream out) throws IOException {
        if (settings.optional(DatabaseSettings.URL).isPresent()
                || DatabaseProbe.answers(DatabaseProbe.DEFAULT_SERVER)) {
            return Optional.empty();
        }
        Path data = Path.of(System.getProperty(HOME_PROPERTY, ".")).resolve(DATA_DIRECTORY)
                .toAbsolutePath().normalize();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, true);
        out.println("jobscale: nothing answers on 127.0.0.1:5432, so using an embedded PostgreSQL (data in " + data
                + "); set " + DatabaseSettings.URL + " (and _USER, _PASSWORD) to use your own server");
        return Optional.of(server);
    }

    /** {@code settings} pointing at the embedded server, so every process started from them uses it too. */
    static Settings pointedAt(Settings settings, EmbeddedPostgresServer server) {
        String database = DatabaseSettings.from(settings).databaseName();
        return settings.with(DatabaseSettings.URL, server.database(database).url());
    }
}
