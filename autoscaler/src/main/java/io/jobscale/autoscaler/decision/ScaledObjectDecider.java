package io.jobscale.autoscaler.decision;

import io.jobscale.autoscaler.config.Fallback;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.decision.ScaledObjectState.Recommendation;
import io.jobscale.autoscaler.decision.ScaledObjectState.ScaleEvent;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a ScaledObject's target should be scaled to now: KEDA's own rules at the edges (0↔1, idle, cooldown, fallback,
 * pause annotations), and the HPA's formula, stabilization and rate limits in between. A pure function of its inputs.
 */
public final class ScaledObjectDecider {

    private ScaledObjectDecider() {
    }

    /**
     * The replicas to apply now, always within {@code 0..max(maxReplicaCount, idleReplicaCount)}: the runtime,
     * {@code explain} and {@code simulate} apply and record exactly this value.
     */
    public static ScaledObjectDecision decide(ScaledObjectSpec spec, ScaledObjectState state, int current, int ready,
                                              List<TriggerResult> results, Instant now) {
        ScaledObjectDecision decision = unbounded(spec, state, current, ready, CompositeMetric.of(spec, results), now);
        int ceiling = Math.max(spec.maxReplicaCount(), spec.idleReplicaCount().orElse(0));
        // Paused means "do not act": the count stays whatever it is.
        if (decision.desiredReplicas() <= ceiling || spec.annotation(ScaledObjectSpec.PAUSED)) return decision;
        return new ScaledObjectDecision(ceiling, decision.active(),
                decision.reason() + "; held at maxReplicaCount " + ceiling, decision.state());
    }

    private static ScaledObjectDecision unbounded(ScaledObjectSpec spec, ScaledObjectState state, int current,
                                                  int ready, List<TriggerResult> results, Instant now) {
        List<Integer> failures = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            int before = i < state.consecutiveFailures().size() ? state.consecutiveFailures().get(i) : 0;
            failures.add(results.get(i).failed() ? before + 1 : 0);
        }
        boolean active = spec.annotation(ScaledObjectSpec.FORCE_ACTIVATION)
                || results.stream().anyMatch(TriggerResult::active);
        Instant lastActive = active ? now : state.lastActiveTime();
        ScaledObjectState next = new ScaledObjectState(state.createdAt(), lastActive, failures,
                state.recommendations(), state.scaleEvents());

        if (spec.annotation(ScaledObjectSpec.PAUSED)) {
            return new ScaledObjectDecision(current, active, "paused (annotation)", next);
        }
        String pausedReplicas = spec.annotations().get(ScaledObjectSpec.PAUSED_REPLICAS);
        if (pausedReplicas != null && pausedReplicas.matches("\\d+")) {
            return new ScaledObjectDecision(Integer.parseInt(pausedReplicas), active,
                    "paused at " + pausedReplicas + " replicas (annotation)", next);
        }

        Optional<Integer> idle = spec.idleReplicaCount();
        int min = spec.minReplicaCount();
        if (!active) {
            boolean aboveRest = current > 0 && min == 0 && idle.isEmpty() || idle.isPresent() && current > idle.get();
            if (aboveRest) {
                boolean cooledDown = lastActive != null
                        ? Duration.between(lastActive, now).compareTo(Duration.ofSeconds(spec.cooldownPeriod())) > 0
                        : Duration.between(state.createdAt(), now)
                                .compareTo(Duration.ofSeconds(spec.initialCooldownPeriod())) > 0;
                if (cooledDown) {
                    int rest = idle.orElse(min);
                    return guard(spec, new ScaledObjectDecision(rest, false,
                            "no trigger active for more than the cooldown (" + spec.cooldownPeriod() + "s): "
                                    + current + "→" + rest, next), current);
                }
            } else if (idle.isEmpty() && current < min) {
                return new ScaledObjectDecision(min, false, "below minReplicaCount: " + current + "→" + min, next);
            } else {
                return new ScaledObjectDecision(current, false, "no trigger active: stays at " + current, next);
            }
        } else if (current == 0 || idle.isPresent() && current < min) {
            int activated = Math.max(min, 1);
            return guard(spec, new ScaledObjectDecision(activated, true,
                    describeActive(results) + ": activated " + current + "→" + activated, next), current);
        }
        return guard(spec, hpa(spec, next, current, ready, results, now), current);
    }

    private static ScaledObjectDecision hpa(ScaledObjectSpec spec, ScaledObjectState state, int current, int ready,
                                            List<TriggerResult> results, Instant now) {
        int hpaMin = Math.max(spec.minReplicaCount(), 1);
        int proposal = -1;
        String because = "no readable metric";
        boolean unreadable = false;
        for (int i = 0; i < results.size(); i++) {
            TriggerResult r = results.get(i);
            int p;
            String why;
            if (r.failed()) {
                Optional<Fallback> fallback = spec.fallback();
                if (fallback.isPresent() && state.consecutiveFailures().get(i) > fallback.get().failureThreshold()) {
                    p = fallback.get().proposal(current);
                    why = r.metric() + " failed " + state.consecutiveFailures().get(i) + " times: fallback " + p;
                } else {
                    unreadable = true;
                    continue;
                }
            } else {
                p = HpaFormula.proposal(r.metricType(), r.value().getAsDouble(), r.target(), current, ready,
                        spec.scaleUp().tolerance(), spec.scaleDown().tolerance());
                why = r.metric() + " " + format(r.value().getAsDouble())
                        + (r.value().getAsDouble() > r.target() ? " > " : " <= ") + "target " + format(r.target());
            }
            if (p > proposal) {
                proposal = p;
                because = why;
            }
        }
        if (proposal < 0) proposal = current;
        if (unreadable && proposal < current) {
            proposal = current;
            because = "a metric is unreadable: no scale-down";
        }
        int raw = Math.max(hpaMin, Math.min(spec.maxReplicaCount(), proposal));
        int stabilized = HpaBehavior.stabilize(raw, current, state.recommendations(), spec.scaleUp(),
                spec.scaleDown(), now);
        int desired = HpaBehavior.limit(stabilized, current, hpaMin, spec.maxReplicaCount(), state.scaleEvents(),
                spec.scaleUp(), spec.scaleDown(), now);
        String reason = because + ": " + current + "→" + desired;
        if (desired != raw) {
            reason += " (wanted " + raw + (stabilized != raw ? ", stabilization window" : ", rate limit") + ")";
        }
        return new ScaledObjectDecision(desired, results.stream().anyMatch(TriggerResult::active), reason,
                remember(state, spec, raw, current, desired, now));
    }

    private static ScaledObjectState remember(ScaledObjectState state, ScaledObjectSpec spec, int raw, int current,
                                              int desired, Instant now) {
        int keepSeconds = Math.max(
                Math.max(spec.scaleUp().stabilizationWindowSeconds(), spec.scaleDown().stabilizationWindowSeconds()),
                Math.max(spec.scaleUp().longestPeriodSeconds(), spec.scaleDown().longestPeriodSeconds()));
        Instant cutoff = now.minusSeconds(keepSeconds);
        List<Recommendation> recommendations =
                new ArrayList<>(state.recommendations().stream().filter(r -> r.at().isAfter(cutoff)).toList());
        recommendations.add(new Recommendation(now, raw));
        List<ScaleEvent> events =
                new ArrayList<>(state.scaleEvents().stream().filter(e -> e.at().isAfter(cutoff)).toList());
        if (desired != current) events.add(new ScaleEvent(now, desired - current));
        return new ScaledObjectState(state.createdAt(), state.lastActiveTime(), state.consecutiveFailures(),
                recommendations, events);
    }

    /** paused-scale-in / paused-scale-out forbid one direction. */
    private static ScaledObjectDecision guard(ScaledObjectSpec spec, ScaledObjectDecision decision, int current) {
        if (decision.desiredReplicas() < current && spec.annotation(ScaledObjectSpec.PAUSED_SCALE_IN)) {
            return new ScaledObjectDecision(current, decision.active(),
                    decision.reason() + "; scale-in paused (annotation)", decision.state());
        }
        if (decision.desiredReplicas() > current && spec.annotation(ScaledObjectSpec.PAUSED_SCALE_OUT)) {
            return new ScaledObjectDecision(current, decision.active(),
                    decision.reason() + "; scale-out paused (annotation)", decision.state());
        }
        return decision;
    }

    private static String describeActive(List<TriggerResult> results) {
        return results.stream().filter(TriggerResult::active).findFirst()
                .map(r -> r.metric() + " " + format(r.value().getAsDouble()) + " > activation "
                        + format(r.activationTarget()))
                .orElse("force-activation");
    }

    static String format(double value) {
        return BigDecimal.valueOf(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
