package io.jobscale.db;

import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {

    @Test
    void emptyDatabaseGetsEveryTableAndASecondRunChangesNothing() throws SQLException {
        DatabaseSettings settings = TestDatabase.empty("migrations");

        int first = new Migrations(settings).run();
        String schemaAfterFirst = schemaFingerprint(settings);
        int second = new Migrations(settings).run();

        assertThat(first).isGreaterThanOrEqualTo(2);
        assertThat(second).isZero();
        assertThat(schemaFingerprint(settings)).isEqualTo(schemaAfterFirst);
        assertThat(tables(settings)).contains("jobrunr_jobs", "jobrunr_recurring_jobs", "jobrunr_backgroundjobservers",
                "jobrunr_metadata", "jobscale_schema_history");
    }

    @Test
    void createsTheDatabaseNamedInTheUrlWhenMissing() throws SQLException {
        DatabaseSettings server = TestDatabase.empty("migrations_server");
        String name = server.databaseName() + "_created";
        DatabaseSettings missing = server.withDatabase(name);
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }

        new Migrations(missing).run();

        assertThat(tables(missing)).contains("jobrunr_jobs");
    }

    @Test
    void unreachableServerFailsWithAMessageNamingTheSettings() {
        DatabaseSettings unreachable =
                new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/jobscale", "postgres", "", 2);

        assertThatThrownBy(() -> new Migrations(unreachable).run())
                .hasMessageContaining("Cannot connect to jdbc:postgresql://127.0.0.1:1/jobscale")
                .hasMessageContaining("JOBSCALE_DB_URL");
    }

    @Test
    void priorityColumnIsDerivedFromTheJobsLabels() throws SQLException {
        DatabaseSettings settings = TestDatabase.fresh("migrations_priority");
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT jobscale_priority('{\"labels\":[\"team:a\",\"priority:3\"]}'),"
                     + " jobscale_priority('{\"labels\":[]}'), jobscale_priority('{}'),"
                     + " jobscale_priority('{\"labels\":[\"priority:12\"]}')")) {
            rs.next();
            assertThat(List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4))).containsExactly(3, 1, 1, 1);
        }
        assertThat(query(settings, "INSERT INTO jobrunr_jobs"
                + " (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt)"
                + " VALUES ('a', 1, '{\"labels\":[\"priority:4\"]}', 's', 'ENQUEUED', now(), now()),"
                + " ('b', 1, '{\"labels\":[]}', 's', 'ENQUEUED', now(), now()) RETURNING priority"))
                .as("rows inserted without a priority get it from their label").containsExactly("4", "1");
    }

    private static List<String> tables(DatabaseSettings settings) throws SQLException {
        return query(settings,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    }

    private static String schemaFingerprint(DatabaseSettings settings) throws SQLException {
        return String.join("\n", query(settings, "SELECT table_name || '.' || column_name || ':' || data_type"
                + " FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1"))
                + String.join("\n",
                        query(settings, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"));
    }

    private static List<String> query(DatabaseSettings settings, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        return rows;
    }
}
