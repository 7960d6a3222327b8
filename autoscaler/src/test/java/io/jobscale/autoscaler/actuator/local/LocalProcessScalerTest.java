package io.jobscale.autoscaler.actuator.local;

import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
}
