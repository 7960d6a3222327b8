package io.jobscale.autoscaler.config;

/**
 * A ScaledJob's {@code scalingStrategy}.
 *
 * @param strategy                          default, custom, accurate or eager (default {@code default})
 * @param customScalingQueueLengthDeduction custom only, default 0
 * @param customScalingRunningJobPercentage custom only; missing or unparsable makes custom behave as default
 * @param multipleScalersCalculation        max (default), min, avg or sum
 */
public record ScalingStrategy(Strategy strategy, int customScalingQueueLengthDeduction,
                              Double customScalingRunningJobPercentage, Calculation multipleScalersCalculation) {

    public enum Strategy { DEFAULT, CUSTOM, ACCURATE, EAGER }

    public enum Calculation { MAX, MIN, AVG, SUM }

    public static final ScalingStrategy DEFAULTS = new ScalingStrategy(Strategy.DEFAULT, 0, null, Calculation.MAX);
}
