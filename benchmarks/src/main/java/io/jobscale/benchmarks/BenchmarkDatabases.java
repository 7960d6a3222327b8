package io.jobscale.benchmarks;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.settings.Settings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fresh databases on the server of JOBSCALE_DB_URL (default: the local PostgreSQL), one per benchmark side. Their names
 * start with JOBSCALE_TEST_DB_NAMESPACE when it is set, as the test databases' do, so that two checkouts can run
 * benchmarks against one server at once.
 */
final class BenchmarkDatabases {

    private final DatabaseSettings server;
    private final String namespace;

    BenchmarkDatabases() {
        Settings settings = Settings.fromEnvironment();
        this.server = DatabaseSettings.from(settings);
        this.namespace = settings.string("JOBSCALE_TEST_DB_NAMESPACE", "").replaceAll("[^a-z0-9_]", "");
    }

    DatabaseSettings fresh(String baseName) throws SQLException {
        String name = namespace + baseName;
        DatabaseSettings maintenance = server.withDatabase("postgres");
        try (Connection c = DriverManager.getConnection(maintenance.url(), maintenance.user(), maintenance.password());
             Statement s = c.createStatement()) {
            // Names chosen by the benchmarks, prefixed by the namespace cut to [a-z0-9_]: never SQL from outside.
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return server.withDatabase(name);
    }

    static long count(DatabaseSettings database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
