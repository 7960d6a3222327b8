package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;

import static io.jobscale.db.store.Columns.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hot path of the jobs table on PostgreSQL: claim, inserts, versioned updates, due scheduled jobs. */
class JobRowsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = DataSources.create(TestDatabase.fresh("job_rows"), "job-rows-test");
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM jobrunr_jobs");
        }
    }

    @Test
    void theClaimTakesTheMostUrgentPriorityFirstOldestFirstAndSkipsRowsOthersHold() throws SQLException {
        enqueued("late-urgent", 0, T0.plusSeconds(2));
        enqueued("early-urgent", 0, T0.plusSeconds(1));
        enqueued("early-low", 5, T0);
        enqueued("middle", 2, T0.plusSeconds(9));
        try (Connection first = transaction(); Connection second = transaction()) {
            assertThat(new JobRows(first).claim(2)).containsExactly("early-urgent", "late-urgent");
            assertThat(new JobRows(second).claim(10)).as("the first claim's rows are locked")
                    .containsExactly("middle", "early-low");
            first.rollback();
            second.rollback();
        }
    }

    @Test
    void theClaimOnAnEmptyQueueReturnsNothing() throws SQLException {
        try (Connection c = transaction()) {
            assertThat(new JobRows(c).claim(10)).isEmpty();
            c.rollback();
        }
    }

    @Test
    void insertsWriteEveryColumnOneRowOrABatch() throws SQLException {
        JobRow scheduled = row("a", 1, "SCHEDULED", T0.plusSeconds(60), "nightly", 3);
        try (Connection c = dataSource.getConnection()) {
            JobRows rows = new JobRows(c);
            rows.insert(List.of(scheduled));
            rows.insert(List.of(row("b", 1, "ENQUEUED", null, null, 0), row("c", 1, "ENQUEUED", null, null, 9)));
            rows.insert(List.of());
        }
        assertThat(read("a")).isEqualTo(scheduled);
        assertThat(read("c")).isEqualTo(row("c", 1, "ENQUEUED", null, null, 9));
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void insertingAnIdThatExistsFailsWithAUniqueViolation() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            JobRows rows = new JobRows(c);
            rows.insert(List.of(row("a", 1, "ENQUEUED", null, null, 0)));
            assertThatThrownBy(() -> rows.insert(List.of(row("a", 1, "ENQUEUED", null, null, 0))))
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("23505");
        }
    }

    @Test
    void versionedUpdatesWriteOnlyTheRowsAtThePreviousVersionAndNameTheOthers() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            JobRows rows = new JobRows(c);
            rows.insert(List.of(row("a", 1, "ENQUEUED", null, null, 4), row("b", 1, "ENQUEUED", null, null, 4),
                    row("c", 3, "ENQUEUED", null, null, 4)));
            assertThat(rows.updateVersioned(List.of(update("a", 2, "PROCESSING", null),
                    update("gone", 2, "PROCESSING", null), update("c", 3, "PROCESSING", null)))).containsExactly(1, 2);
            assertThat(read("a")).isEqualTo(new JobRow("a", 2, "a-2", "com.example.Invoices.send()", "PROCESSING",
                    T0, T0.plusSeconds(2), null, null, 4));
            assertThat(read("c").state()).isEqualTo("ENQUEUED");
            assertThat(rows.updateVersioned(List.of(update("b", 3, "SUCCEEDED", null)))).containsExactly(0);
            assertThat(rows.updateVersioned(List.of(update("b", 2, "SCHEDULED", T0)))).isEmpty();
            assertThat(read("b").scheduledAt()).isEqualTo(T0);
            assertThat(rows.updateVersioned(List.of())).isEmpty();
        }
    }

    @Test
    void dueScheduledJobsAreThoseStrictlyBeforeTheTimeEarliestFirstAndLocked() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            JobRows rows = new JobRows(c);
            assertThat(rows.earliestScheduledAt()).isEmpty();
            rows.insert(List.of(row("at-t0", 1, "SCHEDULED", T0, null, 0),
                    row("before", 1, "SCHEDULED", T0.minusMillis(1), null, 0),
                    row("much-before", 1, "SCHEDULED", T0.minusSeconds(60), null, 0),
                    row("enqueued", 1, "ENQUEUED", T0.minusSeconds(120), null, 0)));
            assertThat(rows.earliestScheduledAt()).contains(T0.minusSeconds(60));
        }
        try (Connection first = transaction(); Connection second = transaction()) {
            assertThat(new JobRows(first).dueScheduled(T0, 1)).containsExactly("much-before");
            assertThat(new JobRows(second).dueScheduled(T0, 10)).as("skips the locked row, and at-t0 is not due")
                    .containsExactly("before");
            first.rollback();
            second.rollback();
        }
    }

    /** jobrunr's columns are {@code timestamp} without zone, in UTC: another default zone must not shift them. */
    @Test
    void timesAreWrittenAndComparedInUtcWhateverTheDefaultZone() throws SQLException {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            JobRows rows = new JobRows(c);
            rows.insert(List.of(row("a", 1, "SCHEDULED", T0, null, 0)));
            try (ResultSet rs = s.executeQuery("SELECT createdAt = timestamp '2026-12-01 10:00:00.123456',"
                    + " scheduledAt = timestamp '2026-12-01 10:00:00.123456' FROM jobrunr_jobs")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getBoolean(2)).isTrue();
            }
            assertThat(rows.earliestScheduledAt()).contains(T0);
            assertThat(rows.dueScheduled(T0.plusNanos(1_000), 1)).containsExactly("a");
            assertThat(rows.dueScheduled(T0, 1)).isEmpty();
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    /** A row whose JSON is its id, so that what a query returns names the rows. */
    private static JobRow row(String id, int version, String state, Instant scheduledAt, String recurringJobId,
                              int priority) {
        return new JobRow(id, version, id, "com.example.Invoices.send()", state, T0, T0.plusSeconds(version),
                scheduledAt, recurringJobId, priority);
    }

    private static JobUpdate update(String id, int version, String state, Instant scheduledAt) {
        return new JobUpdate(id, version, id + "-" + version, state, T0.plusSeconds(version), scheduledAt);
    }

    private static void enqueued(String id, int priority, Instant updatedAt) throws SQLException {
        StoreRows.job(dataSource, id, "ENQUEUED", priority, updatedAt, null, null, id);
    }

    private static Connection transaction() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private static JobRow read(String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT id, version,"
                + " jobAsJson, jobSignature, state, createdAt, updatedAt, scheduledAt, recurringJobId, priority"
                + " FROM jobrunr_jobs WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new JobRow(rs.getString(1).trim(), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9),
                        rs.getInt(10));
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column, utc());
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM jobrunr_jobs")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
