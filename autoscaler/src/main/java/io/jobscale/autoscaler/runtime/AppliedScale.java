package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.decision.ScaledObjectDecision;
import io.jobscale.autoscaler.decision.ScaledObjectState;
import io.jobscale.autoscaler.decision.ScaledObjectState.ScaleEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state to remember after a poll's scale call: the decision's state, except that its scale event (which the rate
 * policies count) says what the call changed, not what was asked. The HPA does the same: it keeps its recommendations
 * whatever happens, and stores a scale event only once the scale went through.
 */
final class AppliedScale {

    private AppliedScale() {
    }

    static ScaledObjectState remember(ScaledObjectDecision decision, Instant now, int before, int applied) {
        ScaledObjectState decided = decision.state();
        List<ScaleEvent> events = new ArrayList<>(decided.scaleEvents());
        int asked = decision.desiredReplicas() - before;
        if (asked == 0 || events.isEmpty()) return decided;
        ScaleEvent last = events.get(events.size() - 1);
        if (!last.at().equals(now) || last.change() != asked) return decided;   // this step records no scale event
        if (applied == decision.desiredReplicas()) return decided;
        events.remove(events.size() - 1);
        if (applied != before) events.add(new ScaleEvent(now, applied - before));
        return new ScaledObjectState(decided.createdAt(), decided.lastActiveTime(), decided.consecutiveFailures(),
                decided.recommendations(), events);
    }
}
