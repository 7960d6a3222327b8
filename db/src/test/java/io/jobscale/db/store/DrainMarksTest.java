package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobscale_drain_marks} on PostgreSQL: marking (again), asking, clearing. */
class DrainMarksTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static HikariDataSource dataSource;
    private static DrainMarks marks;

    @BeforeAll
    static void start() {
        dataSource = DataSources.create(TestDatabase.fresh("drain_marks"), "drain-marks-test");
        marks = new DrainMarks(dataSource);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @BeforeEach
    void clear() throws Exception {
        marks.clearAll();
    }

    @Test
    void aMarkIsSeenByItsWorkerOnlyAndMarkingAgainMovesItsDeadline() throws Exception {
        marks.mark(List.of("pod-a", "pod-b"), T0, T0.plusSeconds(60));
        marks.mark(List.of("pod-b"), T0.plusSeconds(5), T0.plusSeconds(90));

        assertThat(marks.isMarked("pod-a")).isTrue();
        assertThat(marks.isMarked("pod-c")).isFalse();
        assertThat(marks.all()).containsExactly(new DrainMarks.Mark("pod-a", T0, T0.plusSeconds(60)),
                new DrainMarks.Mark("pod-b", T0.plusSeconds(5), T0.plusSeconds(90)));
    }

    @Test
    void clearingRemovesOnlyTheNamedMarksAndClearAllTheRest() throws Exception {
        marks.mark(List.of("pod-a", "pod-b", "pod-c"), T0, T0.plusSeconds(60));
        marks.clear(List.of("pod-a", "pod-c"));
        marks.clear(List.of());
        assertThat(marks.all()).extracting(DrainMarks.Mark::worker).containsExactly("pod-b");
        assertThat(marks.clearAll()).isEqualTo(1);
        assertThat(marks.isMarked("pod-b")).isFalse();
    }

    @Test
    void aWorkerIsTheHostPartOfItsServerName() {
        assertThat(DrainMarks.workerOf("workers-7c9f-x2k4p/1")).isEqualTo("workers-7c9f-x2k4p");
        assertThat(DrainMarks.workerOf("a/b/42")).isEqualTo("a/b");
        assertThat(DrainMarks.workerOf("custom")).isEqualTo("custom");
        assertThat(DrainMarks.workerOf(null)).isNull();
    }
}
