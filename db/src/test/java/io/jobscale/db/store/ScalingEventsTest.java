package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobscale_scaling_events} on PostgreSQL: logging, the newest-first reads, the counted changes, pruning. */
class ScalingEventsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String READINGS = "[{\"metric\": \"enqueued\", \"value\": 12.0}]";

    private static HikariDataSource dataSource;
    private static ScalingEvents events;

    @BeforeAll
    static void start() throws Exception {
        dataSource = DataSources.create(TestDatabase.fresh("scaling_events"), "scaling-events-test");
        events = new ScalingEvents(dataSource);
        events.insert(event(T0, "workers", "ScaledObject", 1, 3, null));
        // A drain's start: logged with from = to, it changed nothing yet.
        events.insert(event(T0.plusSeconds(10), "workers", "ScaledObject", 3, 3, null));
        events.insert(event(T0.plusSeconds(20), "reports", "ScaledJob", 0, 2, 2));
        events.insert(event(T0.plusSeconds(30), "workers", "ScaledObject", 3, 2, null));
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    private static ScalingEvents.Event event(Instant at, String object, String kind, int from, int to, Integer jobs) {
        return new ScalingEvents.Event(0, at, object, kind, from, to, jobs, true, READINGS, "because");
    }

    @Test
    void readsEventsNewestFirstWithTheirReadings() throws Exception {
        List<ScalingEvents.Event> recent = events.recent(null, T0, 10);
        assertThat(recent).extracting(ScalingEvents.Event::occurredAt)
                .containsExactly(T0.plusSeconds(30), T0.plusSeconds(20), T0.plusSeconds(10), T0);
        assertThat(recent.get(1).jobsCreated()).isEqualTo(2);
        assertThat(recent.get(0).jobsCreated()).isNull();
        assertThat(recent.get(0).readings()).contains("\"enqueued\"");
        assertThat(events.recent("workers", T0.plusSeconds(5), 10)).extracting(ScalingEvents.Event::toReplicas)
                .containsExactly(2, 3);
        assertThat(events.recent(null, T0, 1)).hasSize(1);
    }

    @Test
    void countsOnlyEventsThatChangedSomethingInIdOrder() throws Exception {
        List<ScalingEvents.Change> changes = events.changesAfter(0, 10);
        assertThat(changes).extracting(ScalingEvents.Change::toReplicas).containsExactly(3, 2, 2);
        assertThat(events.changesAfter(changes.get(0).id(), 1)).extracting(ScalingEvents.Change::scaledObject)
                .containsExactly("reports");
        assertThat(events.changesAfter(events.lastId(), 10)).isEmpty();
    }

    @Test
    void lastReplicasAreEachScaledObjectsNewestDecision() throws Exception {
        long last = events.lastId();
        assertThat(events.lastReplicas(last)).containsOnlyKeys("workers").containsEntry("workers", 2);
        assertThat(events.lastReplicas(events.changesAfter(0, 1).get(0).id())).containsEntry("workers", 3);
    }

    @Test
    void deletesOnlyEventsBeforeTheCutoff() throws Exception {
        HikariDataSource own = DataSources.create(TestDatabase.fresh("scaling_events_prune"), "prune-test");
        try (own) {
            ScalingEvents log = new ScalingEvents(own);
            log.insert(event(T0, "workers", "ScaledObject", 1, 2, null));
            log.insert(event(T0.plus(Duration.ofHours(2)), "workers", "ScaledObject", 2, 1, null));
            assertThat(log.deleteBefore(T0.plus(Duration.ofHours(1)))).isEqualTo(1);
            assertThat(log.recent(null, T0.minusSeconds(1), 10)).extracting(ScalingEvents.Event::toReplicas)
                    .containsExactly(1);
        }
    }
}
