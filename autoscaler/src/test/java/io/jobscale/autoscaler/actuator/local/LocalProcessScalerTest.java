package io.jobscale.autoscaler.actuator.local;

import io.jobscale.autoscaler.actuator.DrainingWorker;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.db.store.ServerLoad;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LocalProcessScalerTest {

    @Test
    void aScaleUpThatStartsOnlySomeProcessesReportsThoseAndKeepsThem() throws Exception {
        Path logs = Path.of("target", "process-logs");
        ProcessLauncher forksTwice = new ProcessLauncher(List.of("sleep", "60"), Map.of(), logs) {
            private int started;

            @Override
            public Process start(String name, Map<String, String> environment, String... arguments) throws IOException {
                if (++started > 2) throw new IOException("fork failed (test)");
                return super.start(name, environment, arguments);
            }
        };
        ScaleTarget target = new ScaleTarget(null, null, "partial");
        try (LocalProcessScaler scaler = new LocalProcessScaler(forksTwice, List::of, Duration.ofSeconds(1))) {
            PartialScaleException e =
                    catchThrowableOfType(PartialScaleException.class, () -> scaler.scaleTo(target, 4));
            assertThat(e.applied()).isEqualTo(2);
            assertThat(e.getMessage()).contains("2 of 4").contains("fork failed");
            assertThat(scaler.current(target).desired()).isEqualTo(2);
        }
    }

    @Test
    void drainsNamedProcessesAndStopsExactlyThoseItDrained() throws Exception {
        Map<String, String> hostnames = new ConcurrentHashMap<>();
        Map<String, Long> pids = new ConcurrentHashMap<>();
        Path logs = Path.of("target", "process-logs");
        ProcessLauncher sleeper = new ProcessLauncher(List.of("sleep", "60"), Map.of(), logs) {
            @Override
            public Process start(String name, Map<String, String> environment, String... arguments) throws IOException {
                hostnames.put(name, environment.get(LocalProcessScaler.HOSTNAME));
                Process process = super.start(name, environment, arguments);
                pids.put(name, process.pid());
                return process;
            }
        };
        List<ServerLoad> loads = new CopyOnWriteArrayList<>();
        ScaleTarget target = new ScaleTarget(null, null, "drain");
        try (LocalProcessScaler scaler = new LocalProcessScaler(sleeper, () -> loads, Duration.ofSeconds(1))) {
            scaler.scaleTo(target, 3);
            assertThat(hostnames).containsOnlyKeys("drain-1", "drain-2", "drain-3")
                    .allSatisfy((name, hostname) -> assertThat(hostname).isEqualTo(name));
            loads.add(server(pids, "drain-1", 0));
            loads.add(server(pids, "drain-2", 3));
            loads.add(server(pids, "drain-3", 1));

            List<String> drained = scaler.workersToRemove(target, 1);
            assertThat(drained).containsExactly("drain-1", "drain-3");
            assertThat(scaler.drainProgress(target, drained)).extracting(DrainingWorker::busyJobs)
                    .containsExactly(0, 1);

            // By now drain-2 went idle and drain-3 did not: the drained ones are stopped all the same.
            loads.set(1, server(pids, "drain-2", 0));
            assertThat(scaler.scaleToRemoving(target, 1, drained)).isEqualTo(1);
            assertThat(scaler.drainProgress(target, List.of("drain-1", "drain-2", "drain-3")))
                    .extracting(DrainingWorker::present).containsExactly(false, true, false);
        }
    }

    private static ServerLoad server(Map<String, Long> pids, String worker, int busy) {
        return new ServerLoad(worker, worker + "/" + pids.get(worker), 4, busy, Instant.now(), Instant.now());
    }
}
