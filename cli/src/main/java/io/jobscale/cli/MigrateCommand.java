package io.jobscale.cli;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.settings.Settings;

import java.io.PrintStream;

/** {@code jobscale migrate}: creates the database if needed and applies every schema migration. */
final class MigrateCommand implements Command {

    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public String summary() {
        return "create the database if missing and migrate its schema (every process also does this at start)";
    }

    @Override
    public String usage() {
        return """
                Usage: jobscale migrate

                Creates the database named in JOBSCALE_DB_URL when it is missing (the user needs CREATEDB) and applies
                the Flyway migrations (jobrunr's tables and jobscale's). Running it again changes nothing.
                """;
    }

    @Override
    public int run(String[] args, Settings settings, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.print(usage());
            return 2;
        }
        DatabaseSettings database = DatabaseSettings.from(settings);
        int applied = new Migrations(database).run();
        out.println("Database " + database.databaseName() + ": " + applied + " migration(s) applied");
        return 0;
    }
}
