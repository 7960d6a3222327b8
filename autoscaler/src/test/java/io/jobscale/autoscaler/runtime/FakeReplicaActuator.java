package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.Replicas;
import io.jobscale.autoscaler.actuator.ScaleTarget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A scale target in memory: every scale call is recorded; the next calls can be made to fail. */
final class FakeReplicaActuator implements ReplicaActuator {

    private final Map<String, Integer> replicas = new HashMap<>();
    final List<Integer> scaleCalls = new ArrayList<>();
    private int failuresToCome;
    private Integer partialReach;

    int replicas(String target) {
        return replicas.getOrDefault(target, 0);
    }

    void set(String target, int count) {
        replicas.put(target, count);
    }

    /** The next {@code count} scale calls throw, changing nothing. */
    void failNext(int count) {
        failuresToCome = count;
    }

    /** The next scale call gets only as far as {@code reached} replicas, then fails. */
    void partialNext(int reached) {
        partialReach = reached;
    }

    @Override
    public Replicas current(ScaleTarget target) {
        int count = replicas(target.name());
        return new Replicas(count, count);
    }

    @Override
    public int scaleTo(ScaleTarget target, int count) throws ActuatorException {
        scaleCalls.add(count);
        if (failuresToCome > 0) {
            failuresToCome--;
            throw new ActuatorException("API server unavailable (test)");
        }
        if (partialReach != null) {
            int reached = partialReach;
            partialReach = null;
            replicas.put(target.name(), reached);
            throw new PartialScaleException(reached, "only " + reached + " of " + count + " started (test)", null);
        }
        replicas.put(target.name(), count);
        return count;
    }
}
