package io.jobscale.autoscaler.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.explain.Explain;
import io.jobscale.autoscaler.trigger.Triggers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code advanced.scalingModifiers}: a formula over the named triggers becomes the one metric that decides, and a
 * formula outside arithmetic, comparison and ternary is a config error with its line (docs/autoscaler.md).
 */
class ScalingModifiersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AutoscalerConfigParser PARSER = new AutoscalerConfigParser(Map.of());

    private static String config(String modifiers) {
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: so}
                spec:
                  scaleTargetRef: {name: workers}
                  advanced:
                    scalingModifiers: %s
                  triggers:
                    - {type: jobscale, name: a, metadata: {metric: enqueued-count, targetValue: "1"}}
                    - {type: jobscale, name: b, metadata: {metric: workers-usage, targetValue: "0.8"}}
                """.formatted(modifiers);
    }

    private static JsonNode decide(String modifiers, int current, String a, String b) throws Exception {
        AutoscalerConfig config = PARSER.parse(config(modifiers));
        String readings = """
                {"so": {"currentReplicas": %d, "secondsSinceLastActive": 0, "triggers": [%s, %s]}}"""
                .formatted(current, a, b);
        return JSON.readTree(Explain.answer(config, Explain.fromReadings(config, JSON.readTree(readings),
                new Triggers(null, Map.of())::create), Instant.parse("2026-12-01T10:00:00Z"))).get("so");
    }

    @Test
    void theFormulaIsTheOneMetricThatDecides() throws Exception {
        JsonNode sum = decide("{formula: \"a + b\", target: \"2\"}", 1, "{\"value\": 3}", "{\"value\": 5}");
        assertThat(sum.get("desiredReplicas").asInt()).isEqualTo(4);   // AverageValue: ceil(8 / 2)
        assertThat(sum.get("reason").asText()).startsWith("composite-metric 8 > target 2");

        JsonNode ternary = decide("{formula: \"a > 10 ? a : b * 2\", target: \"2\"}", 1,
                "{\"value\": 3}", "{\"value\": 5}");
        assertThat(ternary.get("desiredReplicas").asInt()).isEqualTo(5);   // ceil(10 / 2)

        JsonNode value = decide("{formula: \"(a + b) / 2\", target: \"2\", metricType: Value}", 2,
                "{\"value\": 6}", "{\"value\": 2}");
        assertThat(value.get("desiredReplicas").asInt()).isEqualTo(4);   // Value: ratio 4 / 2 × 2 replicas
    }

    @Test
    void activationFollowsTheFormulaNotTheTriggers() throws Exception {
        JsonNode below = decide("{formula: \"a + b\", target: \"2\", activationTarget: \"9\"}", 0,
                "{\"value\": 3}", "{\"value\": 5}");
        assertThat(below.get("active").asBoolean()).isFalse();
        assertThat(below.get("desiredReplicas").asInt()).isZero();
        JsonNode above = decide("{formula: \"a + b\", target: \"2\", activationTarget: \"7\"}", 0,
                "{\"value\": 3}", "{\"value\": 5}");
        assertThat(above.get("active").asBoolean()).isTrue();
        assertThat(above.get("desiredReplicas").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedTriggerOrAFailedFormulaIsTheCompositesError() throws Exception {
        JsonNode failed = decide("{formula: \"a + b\", target: \"2\"}", 3, "{\"error\": \"timeout\"}",
                "{\"value\": 0}");
        assertThat(failed.get("desiredReplicas").asInt()).as("unreadable: no scale-down").isEqualTo(3);
        JsonNode division = decide("{formula: \"a / b\", target: \"2\"}", 3, "{\"value\": 1}", "{\"value\": 0}");
        assertThat(division.get("desiredReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void aFormulaOutsideTheSubsetIsAConfigErrorWithItsLine() {
        List<String> accepted = new ArrayList<>();
        for (String formula : new String[]{"a = 1", "a.toString()", "new('java.io.File', 'x')", "[a, b]",
                "float(a)", "for (x : [1, 2]) { x }", "x -> x", "a; b", "var x = 1", "{'k': a}", "a['k']"}) {
            try {
                PARSER.parse(config("{formula: \"" + formula + "\", target: \"2\"}"));
                accepted.add(formula);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).as(formula)
                        .startsWith("ScaledObject so: spec.advanced.scalingModifiers.formula (line 7) ");
            }
        }
        assertThat(accepted).as("accepted although outside the subset").isEmpty();
        assertThatThrownBy(() -> PARSER.parse(config("{formula: \"a + c\", target: \"2\"}"))).hasMessage(
                "ScaledObject so: spec.advanced.scalingModifiers.formula (line 7) uses 'c', which is not the name"
                        + " of a trigger (names: a, b)");
        assertThatThrownBy(() -> PARSER.parse(config("{formula: \"a + b\"}")))
                .hasMessageContaining("spec.advanced.scalingModifiers.target is required");
        assertThatThrownBy(() -> PARSER.parse(config("{formula: \"a\", target: \"2\"}").replace(", name: b", "")))
                .hasMessageContaining(".name is required with scalingModifiers");
    }
}
