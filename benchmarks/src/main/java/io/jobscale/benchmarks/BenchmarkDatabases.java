package io.jobscale.benchmarks;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.settings.Settings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Fresh databases on the server of JOBSCALE_DB_URL (default: the local PostgreSQL), one per benchmark side. */
final class BenchmarkDatabases {

    private final DatabaseSettings server;

    BenchmarkDatabases() {
        this.server = DatabaseSettings.from(Settings.fromEnvironment());
    }

    DatabaseSettings fresh(String name) throws SQLException {
        DatabaseSettings maintenance = server.withDatabase("postgres");
        try (Connection c = DriverManager.getConnection(maintenance.url(), maintenance.user(), maintenance.password());
             Statement s = c.createStatement()) {
            // Fixed names chosen by this class, never user input.
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
