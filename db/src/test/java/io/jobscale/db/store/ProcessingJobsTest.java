package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.TimeZone;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A stopping worker's view of its PROCESSING jobs on PostgreSQL: finding its own, the versioned put-back. */
class ProcessingJobsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SERVER = UUID.randomUUID().toString();

    private static HikariDataSource dataSource;
    private static ProcessingJobs jobs;

    @BeforeAll
    static void start() {
        dataSource = DataSources.create(TestDatabase.fresh("processing_jobs"), "processing-jobs-test");
        jobs = new ProcessingJobs(dataSource);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    private static String processingOn(String server) throws Exception {
        String id = UUID.randomUUID().toString();
        StoreRows.job(dataSource, id, "PROCESSING", 0, T0, null, null, "{\"jobHistory\":[{\"state\":\"ENQUEUED\"},"
                + "{\"state\":\"PROCESSING\",\"serverId\":\"" + server + "\"}]}");
        return id;
    }

    @Test
    void findsOnlyTheJobsWhoseLastStateRunsOnTheServer() throws Exception {
        String mine = processingOn(SERVER);
        processingOn(UUID.randomUUID().toString());
        assertThat(jobs.idsOnServer(SERVER)).containsExactly(mine);
    }

    @Test
    void putsBackOnlyTheVersionItRead() throws Exception {
        String id = processingOn(UUID.randomUUID().toString());
        assertThat(jobs.putBack(id, 2, "{}", "ENQUEUED", T0, null)).isFalse();   // the row is at version 1
        assertThat(jobs.putBack(id, 1, "{\"put\":\"back\"}", "ENQUEUED", T0.minusSeconds(60), null)).isTrue();
        assertThat(jobs.putBack(id, 2, "{}", "ENQUEUED", T0, null)).isFalse();   // no longer PROCESSING
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, state, jobAsJson FROM jobrunr_jobs WHERE id = '" + id
                     + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getString(2)).isEqualTo("ENQUEUED");
            assertThat(rs.getString(3)).isEqualTo("{\"put\":\"back\"}");
        }
    }

    /** jobrunr's {@code updatedAt} is a {@code timestamp} without zone, in UTC, whatever the JVM's default zone. */
    @Test
    void putsBackTheTimeInUtcWhateverTheDefaultZone() throws Exception {
        String id = processingOn(SERVER);
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            assertThat(jobs.putBack(id, 1, "{}", "ENQUEUED", T0, T0)).isTrue();
        } finally {
            TimeZone.setDefault(zone);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT updatedAt = timestamp '2026-12-01 10:00:00', scheduledAt"
                     + " = timestamp '2026-12-01 10:00:00' FROM jobrunr_jobs WHERE id = '" + id + "'")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }
}
