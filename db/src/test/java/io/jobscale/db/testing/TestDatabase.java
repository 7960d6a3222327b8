package io.jobscale.db.testing;

import io.jobscale.db.DatabaseProbe;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.EmbeddedPostgresServer;
import io.jobscale.db.Migrations;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh, migrated PostgreSQL database per test class, so test classes never see each other's jobs.
 *
 * <p>Which server: {@code JOBSCALE_TEST_DB_URL} (any database on it, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}) when set; else a Testcontainers PostgreSQL when a Docker engine
 * answers; else the local server on 127.0.0.1:5432, user {@code postgres} (the machines this project is developed and
 * tested on run one with trust authentication) when it answers; else the embedded server {@code bin/jobscale up}
 * uses, on a data directory thrown away at exit, so the tests need nothing but Java.
 */
public final class TestDatabase {

    /**
     * Prefix for the test databases' names, so that two checkouts can run their tests against one server at once
     * (each test class drops and recreates its database).
     */
    public static final String NAMESPACE = "JOBSCALE_TEST_DB_NAMESPACE";

    private static DatabaseSettings server;

    private TestDatabase() {
    }

    /** Drops and recreates database {@code jobscale_test_<name>}, then runs every migration on it. */
    public static DatabaseSettings fresh(String name) {
        DatabaseSettings settings = empty(name);
        new Migrations(settings).run();
        return settings;
    }

    /** Drops and recreates database {@code jobscale_test_<name>} without migrating it. */
    public static DatabaseSettings empty(String name) {
        String database = ("jobscale_test_" + env(NAMESPACE, "") + name).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        DatabaseSettings maintenance = server();
        try (Connection connection =
                     DriverManager.getConnection(maintenance.url(), maintenance.user(), maintenance.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            statement.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare test database " + database + " on " + maintenance.url(), e);
        }
        return maintenance.withDatabase(database);
    }

    private static synchronized DatabaseSettings server() {
        if (server != null) return server;
        String url = System.getenv("JOBSCALE_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            server = new DatabaseSettings(url, env("JOBSCALE_TEST_DB_USER", "postgres"),
                    env("JOBSCALE_TEST_DB_PASSWORD", ""), 10);
        } else if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
            server = new DatabaseSettings(container.getJdbcUrl(), container.getUsername(), container.getPassword(), 10);
        } else if (DatabaseProbe.answers(DatabaseProbe.DEFAULT_SERVER)) {
            server = new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", 10);
        } else {
            server = embedded();
        }
        return server;
    }

    private static DatabaseSettings embedded() {
        try {
            Path data = Files.createTempDirectory("jobscale-test-postgres");
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(data, false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                    deleteRecursively(data);
                } catch (IOException e) {
                    System.err.println("Could not stop the embedded test PostgreSQL on " + data + ": " + e);
                }
            }, "test-postgres-stop"));
            return embedded.database("postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Nothing answers on 127.0.0.1:5432 and the embedded PostgreSQL did not start", e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String env(String key, String defaultValue) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
