package io.jobscale.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates the database when it is missing and brings its schema to the newest version with Flyway. The jobrunr
 * library's own tables are part of our migrations, so a database is migrated once, by one tool, and jobrunr is
 * started with {@code SKIP_CREATE}.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern SAFE_DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DatabaseSettings settings;

    public Migrations(DatabaseSettings settings) {
        this.settings = settings;
    }

    /** Creates the database if needed, then migrates; returns the number of migrations applied (0 when current). */
    public int run() {
        createDatabaseIfMissing();
        return migrate(Flyway.configure().dataSource(settings.url(), settings.user(), settings.password()),
                settings.databaseName());
    }

    /**
     * Brings the schema of the database behind an application's own {@code dataSource} to the newest version. The
     * database must exist; this creates none.
     */
    public static int run(DataSource dataSource) {
        return migrate(Flyway.configure().dataSource(dataSource), "of the application's DataSource");
    }

    private static int migrate(FluentConfiguration configuration, String databaseName) {
        Flyway flyway = configuration
                .locations("classpath:db/migration")
                .table("jobscale_schema_history")
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("Database {} is at schema version {} ({} migration(s) applied)", databaseName,
                flyway.info().current().getVersion(), result.migrationsExecuted);
        return result.migrationsExecuted;
    }

    void createDatabaseIfMissing() {
        String name = settings.databaseName();
        try (Connection ignored = DatabaseProbe.connect(settings)) {
            return;
        } catch (SQLException e) {
            if (!DatabaseProbe.MISSING_DATABASE.equals(e.getSQLState())) {
                throw new DatabaseUnreachableException(settings, e);
            }
        }
        if (!SAFE_DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalStateException("Database '" + name
                    + "' does not exist and its name is not a plain identifier; create it yourself");
        }
        try (Connection connection = DatabaseProbe.connect(settings.withDatabase(DatabaseProbe.MAINTENANCE_DATABASE))) {
            if (exists(connection, name)) return;
            try (Statement statement = connection.createStatement()) {
                // CREATE DATABASE takes no bind parameters; the name was checked against SAFE_DATABASE_NAME above.
                statement.execute("CREATE DATABASE \"" + name + "\"");
            }
            LOG.info("Created database {}", name);
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) return;   // created concurrently by another process
            if (ConnectionFailure.isConnectionFailure(e)) throw new DatabaseUnreachableException(settings, e);
            throw new IllegalStateException("Database '" + name + "' does not exist and user '" + settings.user()
                    + "' could not create it (" + e.getMessage() + "). Create it, or grant CREATEDB.", e);
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
