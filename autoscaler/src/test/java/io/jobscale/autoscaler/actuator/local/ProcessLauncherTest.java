package io.jobscale.autoscaler.actuator.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessLauncherTest {

    private final Path logs = Path.of("target", "process-logs", "launcher-test");

    @Test
    void aWithheldVariableOfThisProcessDoesNotReachTheChildButGivenOnesDo() throws Exception {
        // HOME stands in for a credential: it is in every test JVM's environment, so the child would inherit it.
        assertThat(System.getenv("HOME")).isNotNull();
        ProcessLauncher launcher = new ProcessLauncher(List.of("env"), Map.of("JOBSCALE_WORKERS", "3"),
                name -> name.equals("HOME"), logs);

        String childEnvironment = run(launcher, "withheld");

        assertThat(childEnvironment).doesNotContain("HOME=").contains("JOBSCALE_WORKERS=3").contains("PATH=");
    }

    @Test
    void withoutAWithheldSetTheChildInheritsEverything() throws Exception {
        ProcessLauncher launcher = new ProcessLauncher(List.of("env"), Map.of(), logs);

        assertThat(run(launcher, "inherits")).contains("HOME=" + System.getenv("HOME"));
    }

    private String run(ProcessLauncher launcher, String name) throws Exception {
        Files.deleteIfExists(logs.resolve(name + ".log"));
        Process process = launcher.start(name, Map.of());
        assertThat(process.waitFor()).isZero();
        return Files.readString(logs.resolve(name + ".log"));
    }
}
