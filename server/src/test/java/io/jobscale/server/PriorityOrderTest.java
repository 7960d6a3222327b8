package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

class PriorityOrderTest {

    private static final int JOBS = 1_000;
    private static final Duration STALL_LIMIT = Duration.ofMinutes(1);

    @Test
    void oneWorkerRunsJobsByPriorityThenEnqueueTime() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("server_priority_order");
        TestJobs.useDatabase(database);
        record Enqueued(int index, int priority) {
        }
        List<Enqueued> enqueued = new ArrayList<>();
        Random random = new Random(42);
        try (JobscaleClient client = JobscaleClient.create(database)) {
            for (int i = 0; i < JOBS; i++) {
                int priority = random.nextInt(5);
                String tag = Integer.toString(i);
                client.enqueue(JobOptions.priority(priority), () -> TestJobs.record(tag));
                enqueued.add(new Enqueued(i, priority));
            }
        }
        Map<Integer, Long> perPriority = enqueued.stream().collect(groupingBy(Enqueued::priority, TreeMap::new, counting()));
        assertThat(enqueuedCounters(database)).as("counters after enqueueing").isEqualTo(perPriority);

        try (HikariDataSource dataSource = DataSources.create(database, "test-worker")) {
            WorkerSettings settings = new WorkerSettings(1, Duration.ofSeconds(5), Duration.ofSeconds(1), "test/1");
            Worker worker = Worker.start(settings, new JobscaleStorageProvider(dataSource), Worker.Mode.WORKER, Clock.systemUTC());
            try {
                awaitAllDone(database);
            } finally {
                worker.stopGracefully();
            }
        }

        List<String> expected = enqueued.stream()
                .sorted(Comparator.comparingInt(Enqueued::priority).thenComparingInt(Enqueued::index))
                .map(e -> Integer.toString(e.index()))
                .toList();
        assertThat(TestJobs.events(database, "done")).containsExactlyElementsOf(expected);
        assertThat(enqueuedCounters(database)).as("counters after the worker claimed every job")
                .allSatisfy((priority, count) -> assertThat(count).isZero());
    }

    /**
     * Waits for every job while the worker makes progress: how fast one worker gets through 1,000 jobs depends on the
     * machine's load, so the test fails only when nothing was done for {@link #STALL_LIMIT}.
     */
    private static void awaitAllDone(DatabaseSettings database) throws Exception {
        int done = 0;
        long lastProgress = System.nanoTime();
        while (done < JOBS) {
            Thread.sleep(500);
            int now = TestJobs.events(database, "done").size();
            if (now > done) {
                done = now;
                lastProgress = System.nanoTime();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - lastProgress))
                    .as("time without a finished job (%d of %d done)", done, JOBS).isLessThan(STALL_LIMIT);
        }
    }

    /** The trigger-kept enqueued counts (migration V11) that the metrics read, per priority. */
    private static Map<Integer, Long> enqueuedCounters(DatabaseSettings database) throws Exception {
        Map<Integer, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT priority, sum(count) FROM jobscale_enqueued_counts GROUP BY priority")) {
            while (rs.next()) counts.put(rs.getInt(1), rs.getLong(2));
        }
        return counts;
    }
}
