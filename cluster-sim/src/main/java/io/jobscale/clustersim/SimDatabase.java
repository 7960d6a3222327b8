package io.jobscale.clustersim;

import io.jobscale.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh database per run on the local PostgreSQL, standing in for the manifests' PostgreSQL StatefulSet: the
 * Secret {@code jobscale-db} is pointed at it. {@code JOBSCALE_TEST_DB_NAMESPACE} prefixes its name, as for the tests.
 */
final class SimDatabase {

    /** The server the databases are created on; {@code CLUSTER_SIM_DB_SERVER} overrides it. */
    static final String DEFAULT_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private SimDatabase() {
    }

    static DatabaseSettings fresh(String scenario) {
        String server = System.getenv().getOrDefault("CLUSTER_SIM_DB_SERVER", DEFAULT_SERVER);
        String name = System.getenv().getOrDefault("JOBSCALE_TEST_DB_NAMESPACE", "") + "cluster_sim_" + scenario;
        try (Connection connection = DriverManager.getConnection(server + "postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + server + ": "
                    + e.getMessage(), e);
        }
        return new DatabaseSettings(server + name, USER, "", 4);
    }

    /** The Secret jobscale-db's values pointing at {@code database}. */
    static Map<String, String> secretValues(DatabaseSettings database) {
        return Map.of(DatabaseSettings.URL, database.url(), DatabaseSettings.USER, database.user(),
                DatabaseSettings.PASSWORD, database.password() == null ? "" : database.password());
    }
}
