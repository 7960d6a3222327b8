package io.jobscale.autoscaler.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop's drain-first scale-down on a fake target and a test clock, with the drain marks in real PostgreSQL: a
 * scale-down waits, poll after poll, for the workers it removes to be idle (or the drain timeout), then scales within
 * the same poll; a scale-up cancels the drain. How a marked worker behaves is WorkerDrainTest's (server module).
 */
class DrainFirstScaleDownTest {

    static final String CONFIG = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: so
              annotations: {autoscaling.jobscale.io/drain-timeout: "120s"}
            spec:
              scaleTargetRef: {name: workers}
              pollingInterval: 10
              maxReplicaCount: 10
              advanced:
                horizontalPodAutoscalerConfig:
                  behavior:
                    scaleDown: {stabilizationWindowSeconds: 0}
              triggers:
                - type: jobscale
                  metricType: AverageValue
                  metadata: {metric: enqueued-count, targetValue: "5"}
            """;

    private HikariDataSource pool;
    private DrainMarks marks;
    private LoopFixture loop;

    @BeforeEach
    void fourBusyWorkers() {
        pool = DataSources.create(TestDatabase.fresh("autoscaler_drain_loop"), "test-drain-loop");
        marks = new DrainMarks(pool);
        loop = new LoopFixture(CONFIG, marks);
        loop.target.set("workers", 4);
        loop.target.workers.addAll(List.of("pod-a", "pod-b", "pod-c", "pod-d"));
        for (String pod : loop.target.workers) loop.target.progress(pod, false, 1);
        loop.triggers.set("enqueued-count", 10);   // 2 replicas' worth
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void scalesWithinThePollThatFindsTheDrainedWorkersIdle() throws SQLException {
        loop.pollAt(0);
        assertThat(loop.replicas()).as("no scale-down while draining").isEqualTo(4);
        assertThat(marked()).containsExactly("pod-a", "pod-b");
        assertThat(marks.all().get(0).deadline()).isEqualTo(LoopFixture.START.plusSeconds(120));
        assertThat(reasons()).singleElement().asString()
                .contains("drain started: pod-a, pod-b (timeout 120s) before scaling 4→2");

        loop.target.progress("pod-a", true, 0);
        loop.target.progress("pod-b", true, 2);
        loop.pollAt(10);
        assertThat(loop.replicas()).isEqualTo(4);
        assertThat(loop.autoscaler.status().get(0).reason()).contains("draining pod-a, pod-b: 2 busy job(s)");

        loop.target.progress("pod-b", true, 0);
        loop.pollAt(20);
        assertThat(loop.replicas()).as("scaled in the first poll that sees them idle").isEqualTo(2);
        assertThat(loop.target.removedWith).containsExactly(List.of("pod-a", "pod-b"));
        assertThat(loop.target.scaleCalls).containsExactly(2);
        assertThat(reasons().get(1)).contains("drained pod-a, pod-b: idle after 20s");
        assertThat(loop.changes()).containsExactly("0s→4", "20s→2");

        loop.pollAt(30);
        assertThat(marked()).as("the marks go once the pods are gone").isEmpty();
    }

    @Test
    void scalesOnceTheDrainTimeoutHasPassedWithJobsStillRunning() throws SQLException {
        loop.pollAt(0);
        loop.target.progress("pod-a", true, 0);
        loop.target.progress("pod-b", true, 3);
        for (int t = 10; t < 120; t += 10) {
            loop.pollAt(t);
            assertThat(loop.replicas()).as("at %ds, within the drain timeout", t).isEqualTo(4);
        }
        loop.pollAt(120);
        assertThat(loop.replicas()).isEqualTo(2);
        assertThat(loop.target.removedWith).containsExactly(List.of("pod-a", "pod-b"));
        assertThat(reasons().get(1)).contains("drain of pod-a, pod-b timed out after 120s with 3 busy job(s)");
        loop.pollAt(130);
        assertThat(marked()).isEmpty();
    }

    @Test
    void aScaleUpDuringTheDrainCancelsItAndClearsTheMarks() throws SQLException {
        loop.pollAt(0);
        assertThat(marked()).containsExactly("pod-a", "pod-b");

        loop.triggers.set("enqueued-count", 30);   // 6 replicas' worth
        loop.pollAt(10);
        assertThat(loop.replicas()).isEqualTo(6);
        assertThat(marked()).isEmpty();
        assertThat(reasons().get(1))
                .contains("drain of pod-a, pod-b cancelled: the decision no longer lowers replicas");
        assertThat(loop.target.removedWith).isEmpty();
    }

    @Test
    void aDecisionThatRemovesFewerWorkersKeepsDrainingOnlyThoseItStillRemoves() throws SQLException {
        loop.pollAt(0);
        loop.triggers.set("enqueued-count", 15);   // 3 replicas' worth
        loop.pollAt(10);
        assertThat(marked()).containsExactly("pod-a");
        loop.target.progress("pod-a", true, 0);
        loop.pollAt(20);
        assertThat(loop.replicas()).isEqualTo(3);
        assertThat(loop.target.removedWith).containsExactly(List.of("pod-a"));
    }

    @Test
    void aDrainedPodThatSurvivedTheScaleDownIsUnmarkedAndASecondDrainKeepsTheFirstOnesMarksFollowed()
            throws SQLException {
        loop.pollAt(0);
        loop.target.progress("pod-a", true, 0);
        loop.target.progress("pod-b", true, 0);
        loop.pollAt(10);
        assertThat(loop.replicas()).isEqualTo(2);
        // pod-b is still there after the scale-down (its controller removed another pod first); pod-a is gone.
        loop.target.progress("pod-b", true, 0);
        loop.triggers.set("enqueued-count", 5);   // 1 replica's worth: a second drain, of pod-c
        loop.pollAt(20);
        assertThat(marked()).containsExactly("pod-b", "pod-c");
        loop.target.progress("pod-c", true, 0);
        loop.pollAt(30);
        assertThat(loop.replicas()).isEqualTo(1);
        assertThat(marked()).as("pod-b seen at two polls after its scale-down: it works again")
                .containsExactly("pod-c");
        loop.pollAt(40);
        assertThat(marked()).isEmpty();
    }

    @Test
    void aNewLeaderRemovesTheMarksOfThePreviousOnesDrains() throws SQLException {
        loop.pollAt(0);
        assertThat(marked()).hasSize(2);
        Autoscaler next = loop.anotherAutoscaler();
        next.takeOver();
        assertThat(marked()).isEmpty();
    }

    private List<String> marked() throws SQLException {
        return marks.all().stream().map(DrainMarks.Mark::worker).toList();
    }

    private List<String> reasons() {
        return loop.events.events.stream().map(ScalingEvent::reason).toList();
    }
}
