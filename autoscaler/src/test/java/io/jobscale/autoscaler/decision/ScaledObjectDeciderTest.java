package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.Fallback;
import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.config.ScalingPolicy;
import io.jobscale.autoscaler.config.ScalingRules;
import io.jobscale.autoscaler.decision.ScaledObjectState.Recommendation;
import io.jobscale.autoscaler.decision.ScaledObjectState.ScaleEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.jobscale.autoscaler.decision.Specs.average;
import static io.jobscale.autoscaler.decision.Specs.scaledObject;
import static io.jobscale.autoscaler.decision.Specs.value;
import static org.assertj.core.api.Assertions.assertThat;

class ScaledObjectDeciderTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final ScaledObjectSpec DEFAULTS = scaledObject(0, 10, 300);

    private static ScaledObjectState fresh() {
        return ScaledObjectState.createdAt(T0.minusSeconds(3_600), 1);
    }

    private static int decide(ScaledObjectSpec spec, int current, TriggerResult result) {
        return ScaledObjectDecider.decide(spec, fresh().withLastActiveTime(T0), current, current, List.of(result), T0).desiredReplicas();
    }

    // The HPA formula for one metric: metricType, target, value, current (= ready) → desired; tolerance 0.1 inclusive.
    @ParameterizedTest(name = "{0} target {1}, value {2}, current {3} → {4}")
    @CsvSource({
            // worked examples 2, 3, 4 of docs/autoscaler.md
            "VALUE, 0.8, 1.0, 5, 7",
            "VALUE, 300, 320, 3, 3",
            "VALUE, 300, 340, 3, 4",
            // tolerance band edges, as the HPA compares them (1 − down ≤ ratio ≤ 1 + up, both ends inclusive, in
            // floating point: 110/100 and 1.0 + 0.1 are the same double, so an exact 1.1 keeps)
            "VALUE, 100, 109.99, 4, 4",
            "VALUE, 100, 110, 4, 4",
            "VALUE, 100, 90, 4, 4",
            "VALUE, 100, 111, 4, 5",
            "VALUE, 100, 89, 4, 4",      // ceil(0.89 × 4) = 4
            "VALUE, 100, 70, 4, 3",
            "AVERAGE_VALUE, 8, 40, 5, 5",  // exactly on target
            "AVERAGE_VALUE, 8, 43.9, 5, 5",  // ratio 1.0975: within tolerance
            "AVERAGE_VALUE, 8, 44, 5, 5",  // ratio exactly 1.1: within
            "AVERAGE_VALUE, 8, 45, 5, 6",  // ratio 1.125
            "AVERAGE_VALUE, 8, 8, 4, 1",   // ratio 0.25: ceil(8/8)
            "AVERAGE_VALUE, 8, 0, 3, 1",   // zero value: floor is max(min, 1)
            "AVERAGE_VALUE, 8, 1000, 10, 10", // max clamp
            "VALUE, 0.8, 0.4, 4, 2",      // scale-down with no window history
    })
    void hpaFormula(MetricType type, double target, double value, int current, int expected) {
        ScaledObjectSpec spec = scaledObject(0, 10, 300);
        TriggerResult result = TriggerResult.of("m", type, target, 0, value);
        ScaledObjectState state = fresh().withLastActiveTime(T0);
        int desired = ScaledObjectDecider.decide(spec, state, current, current, List.of(result), T0).desiredReplicas();
        assertThat(desired).isEqualTo(expected);
    }

    @Test
    void example1ActivationFromZeroThenHpaStepWithRateLimit() {
        ScaledObjectSpec spec = scaledObject(0, 10, 300);
        TriggerResult scheduled = average(8, 40);
        ScaledObjectDecision first = ScaledObjectDecider.decide(spec, fresh(), 0, 0, List.of(scheduled), T0);
        assertThat(first.desiredReplicas()).isEqualTo(1);
        assertThat(first.active()).isTrue();
        ScaledObjectDecision second = ScaledObjectDecider.decide(spec, first.state(), 1, 1, List.of(scheduled), T0.plusSeconds(30));
        assertThat(second.desiredReplicas()).isEqualTo(5);
    }

    @Test
    void example5RateLimitedTo6NowAnd10Later() {
        ScaledObjectSpec spec = scaledObject(0, 10, 300);
        ScaledObjectDecision now = ScaledObjectDecider.decide(spec, fresh().withLastActiveTime(T0), 2, 2, List.of(average(8, 200)), T0);
        assertThat(now.desiredReplicas()).isEqualTo(6);
        assertThat(now.reason()).contains("rate limit");
        ScaledObjectDecision within = ScaledObjectDecider.decide(spec, now.state(), 6, 6, List.of(average(8, 200)), T0.plusSeconds(10));
        assertThat(within.desiredReplicas()).as("the +4 of 10 s ago still counts in the 15 s period").isEqualTo(6);
        ScaledObjectDecision later = ScaledObjectDecider.decide(spec, now.state(), 6, 6, List.of(average(8, 200)), T0.plusSeconds(30));
        assertThat(later.desiredReplicas()).isEqualTo(10);
    }

    @Test
    void rateLimitWithinOnePeriodCountsEarlierIncrease() {
        ScaledObjectSpec spec = scaledObject(0, 100, 300);
        ScaledObjectState state = new ScaledObjectState(T0.minusSeconds(3600), T0, List.of(0), List.of(),
                List.of(new ScaleEvent(T0.minusSeconds(5), 4)));   // went 2 → 6 five seconds ago
        ScaledObjectDecision decision = ScaledObjectDecider.decide(spec, state, 6, 6, List.of(average(1, 100)), T0);
        assertThat(decision.desiredReplicas()).as("period start 2: max(2×2, 2+4) = 6").isEqualTo(6);
    }

    @Test
    void example6LargestProposalWins() {
        ScaledObjectSpec spec = scaledObject(0, 20, 300);
        List<TriggerResult> results = List.of(average(10, 20), average(10, 70), average(10, 50));
        assertThat(ScaledObjectDecider.decide(spec, fresh().withLastActiveTime(T0), 4, 4, results, T0).desiredReplicas()).isEqualTo(7);
    }

    @ParameterizedTest(name = "idle for {0} s with cooldown 300 → {1}")
    @CsvSource({"299, 1", "300, 1", "301, 0"})
    void example7CooldownBeforeScalingToZeroIsStrict(int secondsSinceActive, int expected) {
        ScaledObjectState state = fresh().withLastActiveTime(T0.minusSeconds(secondsSinceActive));
        ScaledObjectDecision decision = ScaledObjectDecider.decide(DEFAULTS, state, 1, 1, List.of(value(0.8, 0)), T0);
        assertThat(decision.desiredReplicas()).isEqualTo(expected);
        assertThat(decision.active()).isFalse();
    }

    @Test
    void example8ScaleDownWaitsForTheStabilizationWindow() {
        ScaledObjectSpec spec = scaledObject(0, 10, 300);
        ScaledObjectState state = new ScaledObjectState(T0.minusSeconds(3600), T0, List.of(0),
                List.of(new Recommendation(T0.minusSeconds(200), 4)), List.of());
        assertThat(ScaledObjectDecider.decide(spec, state, 4, 4, List.of(value(0.8, 0.4)), T0).desiredReplicas()).isEqualTo(4);
        assertThat(ScaledObjectDecider.decide(spec, state, 4, 4, List.of(value(0.8, 0.4)), T0.plusSeconds(99)).desiredReplicas()).isEqualTo(4);
        assertThat(ScaledObjectDecider.decide(spec, state, 4, 4, List.of(value(0.8, 0.4)), T0.plusSeconds(101)).desiredReplicas()).isEqualTo(2);
    }

    @ParameterizedTest(name = "value {0}, activation 5 → active {1}")
    @CsvSource({"5, false", "5.0001, true", "0, false", "6, true"})
    void activationIsStrictlyGreater(double value, boolean active) {
        TriggerResult result = TriggerResult.of("m", MetricType.AVERAGE_VALUE, 10, 5, value);
        ScaledObjectDecision decision = ScaledObjectDecider.decide(DEFAULTS, fresh(), 0, 0, List.of(result), T0);
        assertThat(decision.active()).isEqualTo(active);
        assertThat(decision.desiredReplicas()).isEqualTo(active ? 1 : 0);
    }

    @Test
    void activationGoesToMinReplicaCountWhenSet() {
        ScaledObjectSpec spec = scaledObject(3, 10, 300);
        assertThat(ScaledObjectDecider.decide(spec, fresh(), 0, 0, List.of(average(8, 1)), T0).desiredReplicas()).isEqualTo(3);
    }

    @Test
    void inactiveBelowMinReplicaCountGoesToMin() {
        ScaledObjectSpec spec = scaledObject(2, 10, 300);
        assertThat(ScaledObjectDecider.decide(spec, fresh(), 0, 0, List.of(average(8, 0)), T0).desiredReplicas()).isEqualTo(2);
    }

    @Test
    void inactiveAtZeroStaysAtZero() {
        ScaledObjectDecision decision = ScaledObjectDecider.decide(DEFAULTS, fresh(), 0, 0, List.of(average(8, 0)), T0);
        assertThat(decision.desiredReplicas()).isZero();
        assertThat(decision.reason()).contains("no trigger active");
    }

    @Test
    void neverActiveUsesInitialCooldownFromCreation() {
        ScaledObjectSpec spec = new ScaledObjectSpec("so", DEFAULTS.target(), 30, 300, 120, 0, 10, Optional.empty(), Optional.empty(),
                ScalingRules.DEFAULT_UP, ScalingRules.DEFAULT_DOWN, Map.of(), DEFAULTS.triggers());
        ScaledObjectState created = ScaledObjectState.createdAt(T0, 1);
        assertThat(ScaledObjectDecider.decide(spec, created, 2, 2, List.of(average(8, 0)), T0.plusSeconds(120)).desiredReplicas())
                .as("before the initial cooldown the HPA decides, with its floor of 1").isEqualTo(1);
        assertThat(ScaledObjectDecider.decide(spec, created, 2, 2, List.of(average(8, 0)), T0.plusSeconds(121)).desiredReplicas()).isZero();
    }

    @Test
    void idleReplicaCountIsWhereInactiveObjectsRest() {
        ScaledObjectSpec spec = scaledObject(2, 10, 60, Optional.of(0), Optional.empty(), ScalingRules.DEFAULT_UP, ScalingRules.DEFAULT_DOWN, Map.of());
        ScaledObjectState quietFor61 = fresh().withLastActiveTime(T0.minusSeconds(61));
        assertThat(ScaledObjectDecider.decide(spec, quietFor61, 2, 2, List.of(average(8, 0)), T0).desiredReplicas()).isZero();
        assertThat(ScaledObjectDecider.decide(spec, fresh(), 0, 0, List.of(average(8, 3)), T0).desiredReplicas()).as("active from idle → min").isEqualTo(2);
    }

    @Test
    void fallbackProposesItsReplicasOnlyAfterMoreThanThresholdFailures() {
        ScaledObjectSpec spec = scaledObject(0, 10, 300, Optional.empty(), Optional.of(new Fallback(2, 6, Fallback.Behavior.STATIC)),
                ScalingRules.DEFAULT_UP, ScalingRules.DEFAULT_DOWN, Map.of());
        TriggerResult failing = TriggerResult.failed("m", MetricType.AVERAGE_VALUE, 8, 0, "timeout");
        ScaledObjectState state = fresh().withLastActiveTime(T0);
        ScaledObjectDecision first = ScaledObjectDecider.decide(spec, state, 2, 2, List.of(failing), T0);
        ScaledObjectDecision second = ScaledObjectDecider.decide(spec, first.state(), 2, 2, List.of(failing), T0.plusSeconds(30));
        ScaledObjectDecision third = ScaledObjectDecider.decide(spec, second.state(), 2, 2, List.of(failing), T0.plusSeconds(60));
        assertThat(first.desiredReplicas()).isEqualTo(2);
        assertThat(second.desiredReplicas()).isEqualTo(2);
        assertThat(third.desiredReplicas()).as("third failure in a row > threshold 2").isEqualTo(6);
        ScaledObjectDecision recovered = ScaledObjectDecider.decide(spec, third.state(), 6, 6, List.of(average(8, 16)), T0.plusSeconds(90));
        assertThat(recovered.state().consecutiveFailures()).containsExactly(0);
    }

    @ParameterizedTest(name = "fallback {0} with current {1} → {2}")
    @CsvSource({"CURRENT_REPLICAS, 3, 3", "CURRENT_REPLICAS_IF_HIGHER, 3, 5", "CURRENT_REPLICAS_IF_HIGHER, 7, 7",
            "CURRENT_REPLICAS_IF_LOWER, 3, 3", "CURRENT_REPLICAS_IF_LOWER, 7, 5"})
    void fallbackBehaviors(Fallback.Behavior behavior, int current, int expected) {
        assertThat(new Fallback(1, 5, behavior).proposal(current)).isEqualTo(expected);
    }

    @Test
    void unreadableMetricPreventsScaleDownButNotScaleUp() {
        ScaledObjectState state = fresh().withLastActiveTime(T0);
        TriggerResult failing = TriggerResult.failed("m", MetricType.AVERAGE_VALUE, 8, 0, "timeout");
        assertThat(ScaledObjectDecider.decide(DEFAULTS, state, 5, 5, List.of(average(8, 8), failing), T0).desiredReplicas()).isEqualTo(5);
        assertThat(ScaledObjectDecider.decide(DEFAULTS, state, 2, 2, List.of(average(8, 48), failing), T0).desiredReplicas()).isEqualTo(6);
    }

    @Test
    void pauseAnnotations() {
        TriggerResult busy = average(8, 80);
        assertThat(decide(withAnnotation(ScaledObjectSpec.PAUSED, "true"), 2, busy)).isEqualTo(2);
        assertThat(decide(withAnnotation(ScaledObjectSpec.PAUSED_REPLICAS, "4"), 2, busy)).isEqualTo(4);
        assertThat(decide(withAnnotation(ScaledObjectSpec.PAUSED_SCALE_OUT, "true"), 2, busy)).isEqualTo(2);
        assertThat(decide(withAnnotation(ScaledObjectSpec.PAUSED_SCALE_IN, "true"), 2, busy)).isEqualTo(6);
        ScaledObjectState quiet = fresh().withLastActiveTime(T0.minusSeconds(1_000));
        assertThat(ScaledObjectDecider.decide(withAnnotation(ScaledObjectSpec.PAUSED_SCALE_IN, "true"), quiet, 3, 3, List.of(average(8, 0)), T0)
                .desiredReplicas()).isEqualTo(3);
        assertThat(ScaledObjectDecider.decide(withAnnotation(ScaledObjectSpec.FORCE_ACTIVATION, "true"), fresh(), 0, 0, List.of(average(8, 0)), T0)
                .desiredReplicas()).isEqualTo(1);
    }

    @Test
    void pausedReplicasAboveMaxAreHeldAtMaxSoWhatIsRecordedIsWhatIsApplied() {
        ScaledObjectDecision decision = ScaledObjectDecider.decide(withAnnotation(ScaledObjectSpec.PAUSED_REPLICAS, "50"), fresh(), 2, 2,
                List.of(average(8, 0)), T0);
        assertThat(decision.desiredReplicas()).isEqualTo(10);
        assertThat(decision.reason()).contains("held at maxReplicaCount 10");
        assertThat(ScaledObjectDecider.decide(withAnnotation(ScaledObjectSpec.PAUSED, "true"), fresh(), 12, 12, List.of(average(8, 0)), T0)
                .desiredReplicas()).as("paused does not act, even above max").isEqualTo(12);
    }

    @ParameterizedTest(name = "tolerance up {0} down {1}: value {2} at 4 replicas → {3}")
    @CsvSource({
            "0.1,  0.1, 105, 4",   // within the default band
            "0.01, 0.1, 105, 5",   // a tighter scale-up tolerance moves on 5 %
            "0.1,  0.5, 60,  4",   // a wide scale-down tolerance keeps at 60 %
            "0.1,  0.1, 60,  3",
    })
    void hpaToleranceOfEachDirection(double up, double down, double value, int expected) {
        ScaledObjectSpec spec = scaledObject(0, 10, 300, Optional.empty(), Optional.empty(),
                new ScalingRules(0, ScalingRules.SelectPolicy.MAX, ScalingRules.DEFAULT_UP.policies(), up),
                new ScalingRules(0, ScalingRules.SelectPolicy.MAX, ScalingRules.DEFAULT_DOWN.policies(), down), Map.of());
        assertThat(decide(spec, 4, value(100, value))).isEqualTo(expected);
    }

    @Test
    void disabledScaleDownPolicyHoldsTheCount() {
        ScalingRules noDown = new ScalingRules(0, ScalingRules.SelectPolicy.DISABLED, ScalingRules.DEFAULT_DOWN.policies());
        ScaledObjectSpec spec = scaledObject(0, 10, 300, Optional.empty(), Optional.empty(), ScalingRules.DEFAULT_UP, noDown, Map.of());
        assertThat(decide(spec, 5, average(8, 8))).isEqualTo(5);
    }

    @Test
    void customScaleUpPolicyOnePodPerMinute() {
        ScalingRules slowUp = new ScalingRules(0, ScalingRules.SelectPolicy.MAX, List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, 1, 60)));
        ScaledObjectSpec spec = scaledObject(0, 10, 300, Optional.empty(), Optional.empty(), slowUp, ScalingRules.DEFAULT_DOWN, Map.of());
        assertThat(decide(spec, 2, average(8, 80))).isEqualTo(3);
    }

    @Test
    void scaleDownPercentPolicyLimitsTheDrop() {
        ScalingRules halfDown = new ScalingRules(0, ScalingRules.SelectPolicy.MAX, List.of(new ScalingPolicy(ScalingPolicy.Type.PERCENT, 50, 60)));
        ScaledObjectSpec spec = scaledObject(0, 10, 300, Optional.empty(), Optional.empty(), ScalingRules.DEFAULT_UP, halfDown, Map.of());
        assertThat(decide(spec, 8, average(8, 8))).isEqualTo(4);
    }

    @Test
    void reasonNamesTheMetricAndTheChange() {
        TriggerResult latency = TriggerResult.of("enqueued-latency", MetricType.VALUE, 300, 0, 412);
        ScaledObjectDecision decision = ScaledObjectDecider.decide(scaledObject(0, 10, 300), fresh().withLastActiveTime(T0), 3, 3, List.of(latency), T0);
        assertThat(decision.desiredReplicas()).isEqualTo(5);
        assertThat(decision.reason()).isEqualTo("enqueued-latency 412 > target 300: 3→5");
    }

    private static ScaledObjectSpec withAnnotation(String key, String value) {
        return scaledObject(0, 10, 300, Optional.empty(), Optional.empty(), ScalingRules.DEFAULT_UP, ScalingRules.DEFAULT_DOWN, Map.of(key, value));
    }
}
