package io.jobscale.db;

import io.jobscale.db.store.JobRows;
import io.jobscale.db.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The trigger-kept enqueued counters (migration V11) always equal a count of the ENQUEUED rows. */
class EnqueuedCountsTest {

    private static DatabaseSettings database;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.fresh("enqueued_counts");
    }

    @BeforeEach
    void clear() throws SQLException {
        sql("TRUNCATE jobrunr_jobs");
    }

    @Test
    void everyTransitionIntoOrOutOfEnqueuedIsCounted() throws SQLException {
        String a = insert("ENQUEUED", 3);
        String b = insert("ENQUEUED", 3);
        String c = insert("SCHEDULED", 3);
        insert("ENQUEUED", 0);
        assertThat(counters()).isEqualTo(Map.of(0, 1L, 3, 2L));

        sql("UPDATE jobrunr_jobs SET state = 'PROCESSING' WHERE id = '" + a + "'");
        sql("UPDATE jobrunr_jobs SET state = 'ENQUEUED' WHERE id = '" + c + "'");
        sql("UPDATE jobrunr_jobs SET state = 'ENQUEUED', updatedAt = updatedAt + interval '1 second'"
                + " WHERE id = '" + b + "'");
        assertThat(counters()).isEqualTo(Map.of(0, 1L, 3, 2L));

        sql("UPDATE jobrunr_jobs SET priority = 7 WHERE id = '" + b + "'");
        sql("UPDATE jobrunr_jobs SET state = 'ENQUEUED' WHERE id = '" + a + "'");
        sql("UPDATE jobrunr_jobs SET state = 'SUCCEEDED' WHERE id = '" + c + "'");
        assertThat(counters()).isEqualTo(Map.of(0, 1L, 3, 1L, 7, 1L));

        sql("DELETE FROM jobrunr_jobs WHERE priority = 0");
        sql("DELETE FROM jobrunr_jobs WHERE id = '" + c + "'");
        assertThat(counters()).isEqualTo(Map.of(0, 0L, 3, 1L, 7, 1L)).isEqualTo(withZeros(actualCounts()));
    }

    /** One statement inserting many jobs (a bulk enqueue) counts its ENQUEUED ones per priority, no others (V28). */
    @Test
    void aStatementInsertingManyJobsCountsItsEnqueuedOnesPerPriority() throws SQLException {
        insert("ENQUEUED", 2);
        sql(insertMany(120, "CASE WHEN n % 3 = 0 THEN 'SCHEDULED' ELSE 'ENQUEUED' END", "n % 4"));
        sql(insertMany(5, "'SCHEDULED'", "1"));
        assertThat(counters()).isEqualTo(Map.of(0, 20L, 1, 20L, 2, 21L, 3, 20L)).isEqualTo(actualCounts());
    }

    /**
     * A worker's claim (V27) takes its jobs out once per priority; its updates then count only the claimed jobs that
     * stay enqueued (a job filter may keep one there), and only within its transaction.
     */
    @Test
    void aClaimCountsItsJobsOutOncePerPriorityAndBackThoseThatStayEnqueued() throws SQLException {
        insert("ENQUEUED", 3);
        insert("ENQUEUED", 3);
        String failed = insert("ENQUEUED", 1);
        String kept = insert("ENQUEUED", 1);
        insert("ENQUEUED", 1);
        String claimBy3And1 = "SELECT jobscale_count_claimed(3::smallint, 2), jobscale_count_claimed(1::smallint, 2)";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(claimBy3And1);
            s.execute("UPDATE jobrunr_jobs SET state = 'PROCESSING' WHERE priority = 3");
            c.rollback();
            assertThat(counters()).as("rolled back").isEqualTo(Map.of(1, 3L, 3, 2L));

            s.execute(claimBy3And1);
            s.execute("UPDATE jobrunr_jobs SET state = 'PROCESSING' WHERE priority = 3");
            s.execute("UPDATE jobrunr_jobs SET state = 'FAILED' WHERE id = '" + failed + "'");
            s.execute("UPDATE jobrunr_jobs SET state = 'ENQUEUED', updatedAt = updatedAt + interval '1 second'"
                    + " WHERE id = '" + kept + "'");
            c.commit();
        }
        assertThat(counters()).isEqualTo(Map.of(1, 2L, 3, 0L)).isEqualTo(withZeros(actualCounts()));

        sql("UPDATE jobrunr_jobs SET state = 'PROCESSING' WHERE id = '" + kept + "'");
        assertThat(counters()).as("after the claim's transaction").isEqualTo(Map.of(1, 1L, 3, 0L));
    }

    @Test
    void changesCountWhenTheyCommitAndNotWhenRolledBack() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(insertMany(3, "'ENQUEUED'", "2"));
            s.execute("SAVEPOINT before_more");
            s.execute(insertMany(2, "'ENQUEUED'", "2"));
            s.execute(insertMany(1, "'ENQUEUED'", "6"));
            s.execute("ROLLBACK TO SAVEPOINT before_more");
            s.execute(insertMany(1000, "'ENQUEUED'", "8"));
            s.execute("UPDATE jobrunr_jobs SET state = 'PROCESSING'"
                    + " WHERE id IN (SELECT id FROM jobrunr_jobs WHERE priority = 8 LIMIT 10)");
            assertThat(counters()).as("not before the commit").isEmpty();
            c.commit();
            s.execute(insertMany(4, "'ENQUEUED'", "5"));
            c.rollback();
        }
        assertThat(counters()).isEqualTo(Map.of(2, 3L, 8, 990L)).isEqualTo(actualCounts());
    }

    @Test
    void truncateAndRecountStartFromTheRows() throws SQLException {
        insert("ENQUEUED", 2);
        sql("TRUNCATE jobrunr_jobs");
        assertThat(counters()).isEmpty();

        insert("ENQUEUED", 4);
        sql("SET session_replication_role = replica;"
                + " INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state,"
                + " createdAt, updatedAt, priority)"
                + " VALUES (gen_random_uuid()::text, 1, '{}', 'test.Job.run()', 'ENQUEUED',"
                + " now(), now(), 4); SET session_replication_role = origin");
        assertThat(counters()).isEqualTo(Map.of(4, 1L));
        sql("SELECT jobscale_recount_enqueued()");
        assertThat(counters()).isEqualTo(Map.of(4, 2L));
    }

    @Test
    void migratingADatabaseWithJobsCountsTheJobsAlreadyThere() throws SQLException {
        DatabaseSettings old = TestDatabase.empty("enqueued_counts_upgrade");
        Flyway.configure().dataSource(old.url(), old.user(), old.password()).locations("classpath:db/migration")
                .table("jobscale_schema_history").target("10").load().migrate();
        try (Connection c = DriverManager.getConnection(old.url(), old.user(), old.password());
             Statement s = c.createStatement()) {
            s.execute(insertMany(300, "CASE WHEN n % 3 = 0 THEN 'SUCCEEDED' ELSE 'ENQUEUED' END", "n % 10"));
        }
        new Migrations(old).run();
        try (Connection c = DriverManager.getConnection(old.url(), old.user(), old.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(count) FROM jobscale_enqueued_counts")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(200);
        }
    }

    /**
     * Writers on many connections enqueue, claim in batches across priorities, requeue and delete at once: the
     * counters end equal to the rows, no statement fails (no waits, so no deadlocks), and the counter rows stay few.
     */
    @Test
    void concurrentWritersNeverWaitOnEachOtherAndKeepCountsExact() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) done.add(pool.submit(() -> { write(300); return null; }));
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(withZeros(actualCounts())).isNotEmpty();
        assertThat(counters()).isEqualTo(withZeros(actualCounts()));
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM jobscale_enqueued_counts")) {
            rs.next();
            assertThat(rs.getInt(1)).isLessThanOrEqualTo(10 * writers);
        }
    }

    private static void write(int transactions) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < transactions; i++) {
                try (Statement s = c.createStatement()) {
                    switch (random.nextInt(5)) {
                        case 0, 1 -> s.execute(insertMany(1 + random.nextInt(5), "'ENQUEUED'", "(random() * 9)::int"));
                        case 2 -> s.execute("UPDATE jobrunr_jobs SET state = 'PROCESSING'"
                                + " WHERE id IN (SELECT id FROM jobrunr_jobs"
                                + " WHERE state = 'ENQUEUED' ORDER BY priority, updatedAt"
                                + " LIMIT 4 FOR UPDATE SKIP LOCKED)");
                        case 3 -> claim(c);
                        default -> s.execute(random.nextBoolean()
                                ? "UPDATE jobrunr_jobs SET state = 'ENQUEUED' WHERE id IN (SELECT id FROM jobrunr_jobs"
                                        + " WHERE state = 'PROCESSING' LIMIT 3 FOR UPDATE SKIP LOCKED)"
                                : "DELETE FROM jobrunr_jobs WHERE id IN (SELECT id FROM jobrunr_jobs"
                                        + " WHERE state = 'ENQUEUED' ORDER BY random()"
                                        + " LIMIT 2 FOR UPDATE SKIP LOCKED)");
                    }
                }
                c.commit();
            }
        }
    }

    /** A worker's claim (V27), then the update of the claimed rows; each row's JSON is its id ({@link #insertMany}). */
    private static void claim(Connection c) throws SQLException {
        List<String> claimed = new JobRows(c).claim(6).stream().map(id -> "'" + id + "'").toList();
        if (claimed.isEmpty()) return;
        try (Statement s = c.createStatement()) {
            s.execute("UPDATE jobrunr_jobs SET state = 'PROCESSING' WHERE id IN (" + String.join(", ", claimed) + ")");
        }
    }

    /**
     * One statement inserting {@code rows} jobs whose JSON is their id; {@code state} and {@code priority} are SQL over
     * row number n.
     */
    private static String insertMany(int rows, String state, String priority) {
        return "INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, priority)"
                + " SELECT id, 1, id, 'test.Job.run()', " + state + ", now(), now(), " + priority
                + " FROM (SELECT gen_random_uuid()::text AS id, n FROM generate_series(1, " + rows + ") n) AS g";
    }

    private static String insert(String state, int priority) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO jobrunr_jobs (id, version,"
                + " jobAsJson, jobSignature, state, createdAt, updatedAt, priority)"
                + " VALUES (?, 1, '{}', 'test.Job.run()', ?, now(), now(), ?)")) {
            s.setString(1, id);
            s.setString(2, state);
            s.setInt(3, priority);
            s.executeUpdate();
        }
        return id;
    }

    private static Map<Integer, Long> counters() throws SQLException {
        return query("SELECT priority, sum(count) FROM jobscale_enqueued_counts GROUP BY priority");
    }

    private static Map<Integer, Long> actualCounts() throws SQLException {
        return query("SELECT priority, count(*) FROM jobrunr_jobs WHERE state = 'ENQUEUED' GROUP BY priority");
    }

    /** Counter rows of a priority stay (at 0) once all its jobs are gone; a count of rows has no such row. */
    private static Map<Integer, Long> withZeros(Map<Integer, Long> actual) throws SQLException {
        Map<Integer, Long> result = new TreeMap<>(actual);
        for (int priority : counters().keySet()) result.putIfAbsent(priority, 0L);
        return result;
    }

    private static Map<Integer, Long> query(String sql) throws SQLException {
        Map<Integer, Long> result = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) result.put(rs.getInt(1), rs.getLong(2));
        }
        return result;
    }

    private static void sql(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }
}
