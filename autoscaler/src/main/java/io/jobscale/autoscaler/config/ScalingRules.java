package io.jobscale.autoscaler.config;

import java.util.List;

/**
 * The HPA's rules for one direction ({@code behavior.scaleUp} or {@code behavior.scaleDown}).
 *
 * @param stabilizationWindowSeconds up: default 0; down: default 300
 * @param selectPolicy               {@code Max} (default), {@code Min} or {@code Disabled}
 * @param policies                   up: Percent 100 / 15 s and Pods 4 / 15 s; down: Percent 100 / 15 s
 * @param tolerance                  the HPA's {@code tolerance} for this direction: no change while the metric
 *                                   is within this fraction of its target, default {@link #DEFAULT_TOLERANCE}
 */
public record ScalingRules(int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies,
                           double tolerance) {

    /** The HPA's cluster-wide default tolerance (kube-controller-manager's --horizontal-pod-autoscaler-tolerance). */
    public static final double DEFAULT_TOLERANCE = 0.1;

    public enum SelectPolicy { MAX, MIN, DISABLED }

    public static final ScalingRules DEFAULT_UP = new ScalingRules(0, SelectPolicy.MAX, List.of(
            new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15), new ScalingPolicy(ScalingPolicy.Type.PODS, 4, 15)));
    public static final ScalingRules DEFAULT_DOWN = new ScalingRules(300, SelectPolicy.MAX, List.of(
            new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15)));

    public ScalingRules {
        policies = List.copyOf(policies);
    }

    /** Rules with the default tolerance. */
    public ScalingRules(int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {
        this(stabilizationWindowSeconds, selectPolicy, policies, DEFAULT_TOLERANCE);
    }

    public int longestPeriodSeconds() {
        return policies.stream().mapToInt(ScalingPolicy::periodSeconds).max().orElse(0);
    }
}
