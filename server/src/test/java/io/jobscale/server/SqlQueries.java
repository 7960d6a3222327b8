package io.jobscale.server;

import io.jobscale.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-value queries for test assertions (fixed SQL written by the tests themselves). */
final class SqlQueries {

    private SqlQueries() {
    }

    static String single(DatabaseSettings database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
