package io.jobscale.clustersim;

import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/cluster-sim scale-down} as a test: the summary's assertions hold (its line is printed either way). */
class ScaleDownScenarioIT {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void drainFirstScaleDownInterruptsNoLongJob() throws Exception {
        // The test suite's database server: the local one, or the embedded one where none answers (README).
        ScaleDownScenario scenario = new ScaleDownScenario(name -> TestDatabase.empty("cluster_sim_" + name));
        Summary summary = scenario.run(CHECKOUT, Path.of("target", "cluster-sim", "scale-down").toAbsolutePath());
        System.out.println(summary.line());
        assertThat(summary.failures()).as(summary.line()).isEmpty();
    }
}
