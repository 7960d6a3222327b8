package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.decision.ScaledObjectState;
import io.jobscale.autoscaler.decision.ScaledObjectState.Recommendation;

import java.time.Instant;
import java.util.List;

/**
 * How a process that just became the autoscaler leader starts a ScaledObject's history, which the previous leader
 * kept in its memory: conservatively, as if the target had been active and recommended at its current replicas right
 * now. So a takeover never scales down sooner than the cooldown and the scale-down stabilization window allow;
 * at worst it scales down up to one cooldown (or window) later than the previous leader would have. See
 * docs/autoscaler-runtime.md.
 */
final class LeaderTakeover {

    private LeaderTakeover() {
    }

    static ScaledObjectState seed(ScaledObjectState state, int currentReplicas, Instant now) {
        return new ScaledObjectState(state.createdAt(), now, state.consecutiveFailures(),
                List.of(new Recommendation(now, currentReplicas)), List.of());
    }
}
