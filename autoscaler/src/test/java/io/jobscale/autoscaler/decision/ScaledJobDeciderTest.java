package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.ScaledJobSpec;
import io.jobscale.autoscaler.config.ScalingStrategy;
import io.jobscale.autoscaler.config.ScalingStrategy.Calculation;
import io.jobscale.autoscaler.config.ScalingStrategy.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.jobscale.autoscaler.decision.Specs.queue;
import static io.jobscale.autoscaler.decision.Specs.scaledJob;
import static org.assertj.core.api.Assertions.assertThat;

class ScaledJobDeciderTest {

    // Worked examples 9-20 of docs/autoscaler.md ("ScaledJob decision table"), then edges of our own.
    @ParameterizedTest(name = "{0}: {1} target {2}, min {3}, max {4}, queue {5}, running {6}, pending {7} → {8}")
    @CsvSource({
            "ex9,  DEFAULT,  1,   0, 5,  7,  0, 0, 5",
            "ex10, DEFAULT,  1,   0, 10, 7,  4, 0, 3",
            "ex12, ACCURATE, 1,   0, 10, 8,  3, 2, 6",
            "ex13, ACCURATE, 1,   0, 10, 12, 3, 2, 7",
            "ex14, EAGER,    1,   0, 10, 8,  3, 2, 5",
            "ex15, DEFAULT,  2,   0, 100, 5, 0, 0, 3",
            "ex16, DEFAULT,  1,   2, 100, 9, 1, 0, 1",
            "ex17, DEFAULT,  1,   1, 10, 4,  3, 0, 2",
            "ex18, DEFAULT,  0.5, 0, 10, 3,  0, 0, 3",
            "ex19 effective max is max - min, DEFAULT, 1, 1, 10, 50, 1, 0, 9",
            "ex20 min above max counts as max, DEFAULT, 1, 10, 1, 50, 1, 0, 1",
            "effective max 10 of max 15 min 5, DEFAULT, 1, 5, 15, 50, 5, 0, 10",
            "accurate with effective max, ACCURATE, 1, 1, 10, 50, 1, 0, 9",
            "eager with effective max, EAGER, 1, 1, 10, 50, 1, 0, 9",
            "queue smaller than running, DEFAULT, 1, 0, 10, 2, 5, 0, 0",
            "empty queue, DEFAULT, 1, 0, 10, 0, 0, 0, 0",
            "at max already, DEFAULT, 1, 0, 5, 9, 5, 0, 0",
            "accurate pending covers it, ACCURATE, 1, 0, 10, 3, 3, 3, 0",
            "eager fills to max, EAGER, 1, 0, 10, 20, 0, 0, 10",
            "eager with pending, EAGER, 1, 0, 10, 1, 2, 2, 1",
            "fractional queue rounds up, DEFAULT, 1, 0, 10, 2.2, 0, 0, 3",
            "min met and queue empty, DEFAULT, 1, 2, 10, 0, 2, 0, 0",
    })
    void strategies(String name, Strategy strategy, double target, int min, int max, double queue, int running, int pending, int expected) {
        ScalingStrategy scalingStrategy = new ScalingStrategy(strategy, 0, null, Calculation.MAX);
        ScaledJobDecision decision = ScaledJobDecider.decide(scaledJob(min, max, scalingStrategy), running, pending, List.of(queue(target, queue)));
        assertThat(decision.jobsToCreate()).as(name).isEqualTo(expected);
    }

    @Test
    void example11CustomStrategy() {
        ScalingStrategy custom = new ScalingStrategy(Strategy.CUSTOM, 1, 0.5, Calculation.MAX);
        assertThat(ScaledJobDecider.decide(scaledJob(0, 20, custom), 4, 0, List.of(queue(1, 10))).jobsToCreate()).isEqualTo(7);
    }

    @Test
    void customUsesTheEffectiveMaximumToo() {
        ScalingStrategy custom = new ScalingStrategy(Strategy.CUSTOM, 1, 0.5, Calculation.MAX);
        // max 25 min 5 → effective max 20; running 9 → r = 4: min(20 − 1 − 2, 20) = 17
        assertThat(ScaledJobDecider.decide(scaledJob(5, 25, custom), 9, 0, List.of(queue(1, 50))).jobsToCreate()).isEqualTo(17);
    }

    @Test
    void minReplicaCountAboveMaxIsClampedInTheActivityCheckAndTheTopUp() {
        ScaledJobDecision decision = ScaledJobDecider.decide(scaledJob(10, 1, ScalingStrategy.DEFAULTS), 0, 0, List.of(queue(1, 0)));
        assertThat(decision.active()).isTrue();
        assertThat(decision.jobsToCreate()).as("tops up to min = max = 1, not 10").isEqualTo(1);
    }

    @Test
    void unwrittenMaximumIsOneHundredWhateverTheMinimum() {
        ScaledJobSpec spec = new ScaledJobSpec("sj", 30, 100, 100, 5, 100, false, ScalingStrategy.DEFAULTS, null, List.of(), Map.of());
        assertThat(spec.effectiveMaxReplicaCount()).isEqualTo(100);
        assertThat(ScaledJobDecider.decide(spec, 5, 0, List.of(queue(1, 500))).jobsToCreate()).isEqualTo(100);
    }

    @Test
    void pausedScaledJobCreatesNothing() {
        ScaledJobSpec spec = new ScaledJobSpec("sj", 30, 100, 100, 2, 10, true, ScalingStrategy.DEFAULTS, null, List.of(),
                Map.of("autoscaling.keda.sh/paused", "true"));
        ScaledJobDecision decision = ScaledJobDecider.decide(spec, 0, 0, List.of(queue(1, 5)));
        assertThat(decision.jobsToCreate()).isZero();
        assertThat(decision.reason()).contains("paused");
        ScaledJobSpec unpaused = new ScaledJobSpec("sj", 30, 100, 100, 0, 10, true, ScalingStrategy.DEFAULTS, null, List.of(),
                Map.of("autoscaling.keda.sh/paused", "false"));
        assertThat(ScaledJobDecider.decide(unpaused, 0, 0, List.of(queue(1, 5))).jobsToCreate()).isEqualTo(5);
    }

    @Test
    void customWithoutPercentageBehavesAsDefault() {
        ScalingStrategy custom = new ScalingStrategy(Strategy.CUSTOM, 1, null, Calculation.MAX);
        assertThat(ScaledJobDecider.decide(scaledJob(0, 10, custom), 4, 0, List.of(queue(1, 7))).jobsToCreate()).isEqualTo(3);
    }

    @Test
    void customMayExceedMaxReplicaCountInRunningPlusNewAsKedaDoes() {
        ScalingStrategy custom = new ScalingStrategy(Strategy.CUSTOM, 0, 0.0, Calculation.MAX);
        assertThat(ScaledJobDecider.decide(scaledJob(0, 10, custom), 8, 0, List.of(queue(1, 10))).jobsToCreate()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0} of queues 4 and 10 with running 0 → {1}")
    @CsvSource({"MAX, 10", "MIN, 4", "SUM, 14", "AVG, 7"})
    void multipleScalersCalculation(Calculation calculation, int expected) {
        ScalingStrategy strategy = new ScalingStrategy(Strategy.DEFAULT, 0, null, calculation);
        ScaledJobDecision decision = ScaledJobDecider.decide(scaledJob(0, 100, strategy), 0, 0, List.of(queue(1, 4), queue(1, 10)));
        assertThat(decision.jobsToCreate()).isEqualTo(expected);
    }

    @Test
    void inactiveTriggersAreLeftOutOfTheCombination() {
        ScalingStrategy strategy = new ScalingStrategy(Strategy.DEFAULT, 0, null, Calculation.MIN);
        ScaledJobDecision decision = ScaledJobDecider.decide(scaledJob(0, 100, strategy), 0, 0, List.of(queue(1, 0), queue(1, 6)));
        assertThat(decision.jobsToCreate()).isEqualTo(6);
    }

    @Test
    void minReplicaCountMakesItActiveWithAnEmptyQueue() {
        ScaledJobDecision decision = ScaledJobDecider.decide(scaledJob(1, 10, ScalingStrategy.DEFAULTS), 1, 0, List.of(queue(1, 0)));
        assertThat(decision.active()).isTrue();
        assertThat(decision.jobsToCreate()).isZero();
    }
}
