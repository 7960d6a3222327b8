package io.jobscale.server.testing;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.settings.Settings;
import org.jobrunr.jobs.context.JobContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs for tests. Each records what it did in table {@code jobscale_test_runs} of the jobs' own database, so a test
 * can count how often a job body ran, in which process, and in which order, whatever process ran it. In a worker
 * process the database comes from JOBSCALE_DB_URL; in the test JVM from {@link #useDatabase}.
 */
public final class TestJobs {

    private static volatile DatabaseSettings database;

    private TestJobs() {
    }

    /** Creates the runs table; call once from the test before enqueueing. */
    public static void useDatabase(DatabaseSettings settings) {
        database = settings;
        execute("CREATE TABLE IF NOT EXISTS jobscale_test_runs (seq bigserial PRIMARY KEY, job_id text, tag text,"
                + " event text NOT NULL, pid bigint NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");
    }

    /** Records {@code tag} when it runs: the order of "done" rows is the order jobs ran in. */
    public static void record(String tag) {
        insert(null, tag, "done");
    }

    /** Sleeps {@code millis}, recording "start" and "success" (the latter only if the sleep was not interrupted). */
    public static void sleep(long millis, JobContext context) throws InterruptedException {
        String jobId = context.getJobId().toString();
        insert(jobId, null, "start");
        Thread.sleep(millis);
        insert(jobId, null, "success");
    }

    /**
     * Runs {@code millis} ignoring interrupts, like a job stuck in a blocking call or a CPU loop; records "start" and
     * "success" like {@link #sleep}.
     */
    public static void stubborn(long millis, JobContext context) {
        String jobId = context.getJobId().toString();
        insert(jobId, null, "start");
        long end = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException ignored) {
                // deliberately ignored: this job does not end when asked to
            }
        }
        insert(jobId, null, "success");
    }

    /** Always throws: for failure and retry paths. */
    public static void fail(String message) {
        insert(null, message, "fail");
        throw new IllegalStateException(message);
    }

    /** Rows of {@code jobscale_test_runs} with the given event, in insertion order: job_id or tag. */
    public static List<String> events(DatabaseSettings settings, String event) {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(settings);
             PreparedStatement s = c.prepareStatement("SELECT coalesce(job_id, tag) FROM jobscale_test_runs WHERE event = ? ORDER BY seq")) {
            s.setString(1, event);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) rows.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static void insert(String jobId, String tag, String event) {
        try (Connection c = connect(settings());
             PreparedStatement s = c.prepareStatement("INSERT INTO jobscale_test_runs (job_id, tag, event, pid) VALUES (?, ?, ?, ?)")) {
            s.setString(1, jobId);
            s.setString(2, tag);
            s.setString(3, event);
            s.setLong(4, ProcessHandle.current().pid());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql) {
        try (Connection c = connect(settings()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DatabaseSettings settings() {
        DatabaseSettings settings = database;
        return settings != null ? settings : DatabaseSettings.from(Settings.fromEnvironment());
    }

    private static Connection connect(DatabaseSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    }
}
