package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import org.jobrunr.jobs.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobrunr.jobs.states.StateName.ENQUEUED;
import static org.jobrunr.jobs.states.StateName.SCHEDULED;

class BulkEnqueueTest {

    private static HikariDataSource dataSource;
    private static JobscaleStorageProvider storage;
    private static JobscaleClient client;

    @BeforeAll
    static void database() {
        DatabaseSettings database = TestDatabase.fresh("server_bulk_enqueue");
        TestJobs.useDatabase(database);
        dataSource = DataSources.create(database, "test-bulk");
        storage = new JobscaleStorageProvider(dataSource);
        client = new JobscaleClient(storage);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void enqueuesEveryJobOfAStreamWithItsOwnOptionsOverSeveralBatches() throws Exception {
        int jobs = JobscaleClient.BULK_BATCH * 2 + 7;
        Map<Integer, Long> before = enqueuedCounters();

        List<UUID> ids = client.enqueueAll(IntStream.range(0, jobs).mapToObj(i -> {
            String tag = Integer.toString(i);
            JobOptions options = JobOptions.priority(i % 5).withName("bulk " + i).withRetries(i % 3);
            return new NewJob(options, () -> TestJobs.record(tag));
        }));

        assertThat(ids).hasSize(jobs);
        assertThat(new HashSet<>(ids)).hasSize(jobs);
        for (int i : new int[]{0, JobscaleClient.BULK_BATCH, jobs - 1}) {
            Job job = storage.getJobById(ids.get(i));
            assertThat(job.getState()).isEqualTo(ENQUEUED);
            assertThat(job.getJobName()).isEqualTo("bulk " + i);
            assertThat(job.getLabels()).contains(Priority.label(i % 5));
            assertThat(job.getAmountOfRetries()).isEqualTo(i % 3);
            assertThat(job.getJobDetails().getJobParameterValues()).containsExactly(Integer.toString(i));
        }
        Map<Integer, Long> added = difference(enqueuedCounters(), before);
        assertThat(added).as("trigger-kept enqueued counts per priority")
                .isEqualTo(Map.of(0, 402L, 1, 402L, 2, 401L, 3, 401L, 4, 401L));
        assertThat(count("SELECT count(*) FROM jobrunr_jobs WHERE state = 'ENQUEUED' AND jobAsJson LIKE '%bulk %'"))
                .isEqualTo(jobs);
    }

    @Test
    void sameOptionsForAListAndSchedulingForLater() {
        List<UUID> enqueued = client.enqueueAll(JobOptions.priority(0),
                List.of(() -> TestJobs.record("a"), () -> TestJobs.record("b")));
        Instant runAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        List<UUID> scheduled = client.scheduleAll(runAt,
                IntStream.range(0, 3).mapToObj(i -> NewJob.of(() -> TestJobs.record("later"))));

        assertThat(enqueued).allSatisfy(id -> assertThat(storage.getJobById(id).getLabels())
                .contains(Priority.label(0)));
        assertThat(enqueued).allSatisfy(id -> assertThat(storage.getJobById(id).getState()).isEqualTo(ENQUEUED));
        assertThat(scheduled).hasSize(3).allSatisfy(id -> assertThat(storage.getJobById(id).getState())
                .isEqualTo(SCHEDULED));
        assertThat(client.enqueueAll(List.<NewJob>of().stream())).isEmpty();
    }

    private static Map<Integer, Long> enqueuedCounters() throws Exception {
        Map<Integer, Long> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT priority, sum(count) FROM jobscale_enqueued_counts GROUP BY priority")) {
            while (rs.next()) counts.put(rs.getInt(1), rs.getLong(2));
        }
        return counts;
    }

    private static Map<Integer, Long> difference(Map<Integer, Long> after, Map<Integer, Long> before) {
        Map<Integer, Long> difference = new TreeMap<>();
        after.forEach((priority, count) -> {
            long added = count - before.getOrDefault(priority, 0L);
            if (added != 0) difference.put(priority, added);
        });
        return difference;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
