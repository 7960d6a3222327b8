package io.jobscale.server.drain;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker's reading of its drain mark, heartbeat by heartbeat, on real PostgreSQL. */
class DrainWatchTest {

    private HikariDataSource pool;
    private DrainMarks marks;

    @BeforeEach
    void database() {
        pool = DataSources.create(TestDatabase.fresh("server_drain_watch"), "test-drain-watch");
        marks = new DrainMarks(pool);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void stopsClaimingAtTheFirstHeartbeatAndSaysItDrainsFromTheSecond() throws Exception {
        DrainWatch watch = new DrainWatch(marks, "pod-a");
        assertThat(watch.refresh()).isFalse();
        assertThat(watch.draining()).isFalse();

        marks.mark(List.of("pod-a"), Instant.now(), Instant.now().plusSeconds(60));
        assertThat(watch.refresh()).as("a claim may still be under way: not said yet").isFalse();
        assertThat(watch.draining()).as("but no new claims").isTrue();
        assertThat(watch.refresh()).isTrue();
        assertThat(watch.refresh()).isTrue();

        marks.clear(List.of("pod-a"));
        assertThat(watch.refresh()).isFalse();
        assertThat(watch.draining()).isFalse();
    }

    @Test
    void anotherWorkersMarkIsNotThisOnes() throws Exception {
        marks.mark(List.of("pod-b"), Instant.now(), Instant.now().plusSeconds(60));
        DrainWatch watch = new DrainWatch(marks, "pod-a");
        watch.refresh();
        assertThat(watch.refresh()).isFalse();
        assertThat(watch.draining()).isFalse();
        assertThat(DrainWatch.never().refresh()).isFalse();
    }

    @Test
    void theWorkerNameIsTheHostPartOfTheServerName() {
        assertThat(DrainMarks.workerOf("workers-7c9f-x2k4p/1")).isEqualTo("workers-7c9f-x2k4p");
        assertThat(DrainMarks.workerOf("a/b/42")).isEqualTo("a/b");
        assertThat(DrainMarks.workerOf("custom")).isEqualTo("custom");
    }
}
