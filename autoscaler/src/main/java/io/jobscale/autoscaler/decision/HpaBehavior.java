package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.ScalingPolicy;
import io.jobscale.autoscaler.config.ScalingRules;
import io.jobscale.autoscaler.decision.ScaledObjectState.Recommendation;
import io.jobscale.autoscaler.decision.ScaledObjectState.ScaleEvent;

import java.time.Instant;
import java.util.List;

/**
 * The HPA's behavior step (normalizeDesiredReplicasWithBehaviors): stabilization windows over recent recommendations,
 * then the rate policies over recent scale events, then min/max.
 */
final class HpaBehavior {

    private HpaBehavior() {
    }

    /** Highest recommendation in the down window, lowest in the up window, starting from the current count. */
    static int stabilize(int desired, int current, List<Recommendation> history, ScalingRules up, ScalingRules down,
                         Instant now) {
        int upRecommendation = desired;
        int downRecommendation = desired;
        Instant upCutoff = now.minusSeconds(up.stabilizationWindowSeconds());
        Instant downCutoff = now.minusSeconds(down.stabilizationWindowSeconds());
        for (Recommendation r : history) {
            if (r.at().isAfter(upCutoff)) upRecommendation = Math.min(upRecommendation, r.replicas());
            if (r.at().isAfter(downCutoff)) downRecommendation = Math.max(downRecommendation, r.replicas());
        }
        int recommendation = current;
        if (recommendation < upRecommendation) recommendation = upRecommendation;
        if (recommendation > downRecommendation) recommendation = downRecommendation;
        return recommendation;
    }

    static int limit(int desired, int current, int min, int max, List<ScaleEvent> events, ScalingRules up,
                     ScalingRules down, Instant now) {
        if (desired > current) {
            int upLimit = Math.max(current, scaleUpLimit(current, events, up, now));
            return Math.min(desired, Math.min(max, upLimit));
        }
        if (desired < current) {
            int downLimit = Math.min(current, scaleDownLimit(current, events, down, now));
            return Math.max(desired, Math.max(min, downLimit));
        }
        return desired;
    }

    private static int scaleUpLimit(int current, List<ScaleEvent> events, ScalingRules rules, Instant now) {
        if (rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED) return current;
        boolean pickMin = rules.selectPolicy() == ScalingRules.SelectPolicy.MIN;
        int result = pickMin ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            int periodStart = current - changeInPeriod(events, policy.periodSeconds(), now, true);
            int proposed = policy.type() == ScalingPolicy.Type.PODS ? periodStart + policy.value()
                    : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
            result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private static int scaleDownLimit(int current, List<ScaleEvent> events, ScalingRules rules, Instant now) {
        if (rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED) return current;
        // For scale-down the policy allowing the biggest change has the lowest limit, so "Max" takes the minimum.
        boolean pickMin = rules.selectPolicy() == ScalingRules.SelectPolicy.MIN;
        int result = pickMin ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            int periodStart = current + changeInPeriod(events, policy.periodSeconds(), now, false);
            int proposed = policy.type() == ScalingPolicy.Type.PODS ? periodStart - policy.value()
                    : (int) (periodStart * (1 - policy.value() / 100.0));
            result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private static int changeInPeriod(List<ScaleEvent> events, int periodSeconds, Instant now, boolean up) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        int change = 0;
        for (ScaleEvent event : events) {
            if (!event.at().isAfter(cutoff)) continue;
            if (up && event.change() > 0) change += event.change();
            if (!up && event.change() < 0) change -= event.change();
        }
        return change;
    }
}
