package io.jobscale.server.worker;

import io.jobscale.settings.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerSettingsTest {

    @Test
    void defaultWorkersArePerProcessorAndCapped() {
        assertThat(WorkerSettings.defaultWorkers(1)).isEqualTo(WorkerSettings.DEFAULT_WORKERS_PER_PROCESSOR);
        assertThat(WorkerSettings.defaultWorkers(2)).isEqualTo(2 * WorkerSettings.DEFAULT_WORKERS_PER_PROCESSOR);
        assertThat(WorkerSettings.defaultWorkers(64)).isEqualTo(WorkerSettings.MAX_WORKERS);
    }

    @Test
    void anUnsetWorkerCountIsTheDefaultForThisMachine() {
        int processors = Runtime.getRuntime().availableProcessors();
        assertThat(WorkerSettings.from(Settings.of(Map.of())).workers())
                .isEqualTo(WorkerSettings.defaultWorkers(processors));
    }

    @Test
    void theEnvironmentSetsTheWorkerCount() {
        assertThat(WorkerSettings.from(Settings.of(Map.of(WorkerSettings.WORKERS, "4"))).workers()).isEqualTo(4);
    }
}
