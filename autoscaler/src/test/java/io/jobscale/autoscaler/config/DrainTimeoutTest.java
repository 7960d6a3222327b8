package io.jobscale.autoscaler.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drain-timeout annotation as the config parser reads it. */
class DrainTimeoutTest {

    private static String scaledObject(String annotations) {
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: so
                %s
                spec:
                  scaleTargetRef: {name: workers}
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "5"}
                """.formatted(annotations);
    }

    private static Optional<Duration> parsed(String annotations) {
        return new AutoscalerConfigParser(Map.of()).parse(scaledObject(annotations)).scaledObjects().get(0)
                .drainTimeout();
    }

    @Test
    void absentMeansNoDrain() {
        assertThat(parsed("")).isEmpty();
        assertThat(parsed("  annotations: {autoscaling.keda.sh/paused: \"false\"}")).isEmpty();
    }

    @Test
    void readsKubernetesStyleDurations() {
        assertThat(parsed("  annotations: {autoscaling.jobscale.io/drain-timeout: \"300s\"}"))
                .contains(Duration.ofSeconds(300));
        assertThat(parsed("  annotations: {autoscaling.jobscale.io/drain-timeout: 5m}"))
                .contains(Duration.ofMinutes(5));
        assertThat(parsed("  annotations: {autoscaling.jobscale.io/drain-timeout: 1h30m}"))
                .contains(Duration.ofMinutes(90));
    }

    @Test
    void theAnnotationIsNoUnknownFieldWarning() {
        assertThat(new AutoscalerConfigParser(Map.of())
                .parse(scaledObject("  annotations: {autoscaling.jobscale.io/drain-timeout: 300s}")).warnings())
                .isEmpty();
    }

    @Test
    void aBadValueStopsTheParseNamingTheAnnotation() {
        assertThatThrownBy(() -> parsed("  annotations: {autoscaling.jobscale.io/drain-timeout: soon}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ScaledObject so")
                .hasMessageContaining("autoscaling.jobscale.io/drain-timeout: \"soon\" is not a duration");
        assertThatThrownBy(() -> parsed("  annotations: {autoscaling.jobscale.io/drain-timeout: 0s}"))
                .hasMessageContaining("must be between 1s and 24h");
        assertThatThrownBy(() -> parsed("  annotations: {autoscaling.jobscale.io/drain-timeout: 25h}"))
                .hasMessageContaining("must be between 1s and 24h");
    }
}
