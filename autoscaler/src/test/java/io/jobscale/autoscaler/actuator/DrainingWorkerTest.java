package io.jobscale.autoscaler.actuator;

import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.store.ServerLoad;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DrainingWorkerTest {

    @Test
    void theAutoscalerAndTheWorkerNameAWorkerAlike() {
        for (String name : List.of("workers-7c9f-x2k4p/17", "a/b/42", "custom")) {
            assertThat(server(name, 0, false).host()).isEqualTo(DrainMarks.workerOf(name));
        }
    }

    @Test
    void idleOnceEveryServerOfThePodSaysItDrainsAndRunsNothing() {
        assertThat(DrainingWorker.of("pod-a", List.of(server("pod-a/1", 0, false))).idle()).isFalse();
        assertThat(DrainingWorker.of("pod-a", List.of(server("pod-a/1", 2, true))).idle()).isFalse();
        assertThat(DrainingWorker.of("pod-a", List.of(server("pod-a/1", 0, true), server("pod-b/1", 3, false))).idle())
                .isTrue();
        assertThat(DrainingWorker.of("pod-a", List.of()).idle()).as("no server: claims nothing yet").isTrue();
        assertThat(DrainingWorker.gone("pod-a").idle()).isTrue();
    }

    private static ServerLoad server(String name, int busy, boolean draining) {
        return new ServerLoad(name, name, 4, busy, Instant.now(), Instant.now(), draining);
    }
}
