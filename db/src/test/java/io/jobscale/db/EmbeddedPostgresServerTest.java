package io.jobscale.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTest {

    @TempDir
    Path data;

    @Test
    void dataSurvivesAStopAndTheNextStartOnTheSameDirectory() throws Exception {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(data, true)) {
            DatabaseSettings settings = first.database("kept");
            new Migrations(settings).run();
            execute(settings,
                    "CREATE TABLE marker (note text); INSERT INTO marker VALUES ('written by the first run')");
        }
        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(data, true)) {
            assertThat(query(second.database("kept"), "SELECT note FROM marker")).isEqualTo("written by the first run");
            assertThat(new Migrations(second.database("kept")).run()).isZero();
        }
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndTheDataTakenOver() throws Exception {
        // Another JVM starts the server on the directory and halts without stopping it, as after a SIGKILL.
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HaltAfterStart.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        String output = new String(killed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(killed.waitFor()).as(output).isZero();
        int orphanPort = Integer.parseInt(
                output.lines().filter(l -> l.startsWith("port ")).findFirst().orElseThrow().substring(5));
        assertThat(query(
                new DatabaseSettings("jdbc:postgresql://localhost:" + orphanPort + "/survivor", "postgres", "", 1),
                "SELECT current_database()")).as("the orphan still serves").isEqualTo("survivor");

        try (EmbeddedPostgresServer next = EmbeddedPostgresServer.start(data, false)) {
            assertThat(query(next.database("survivor"), "SELECT current_database()")).isEqualTo("survivor");
        }
    }

    /** Starts a server on the directory given, creates database survivor, prints the port and halts. */
    public static final class HaltAfterStart {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), false);
            execute(server.database("postgres"), "CREATE DATABASE survivor");
            System.out.println("port " + server.port());
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    private static void execute(DatabaseSettings settings, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(DatabaseSettings settings, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
