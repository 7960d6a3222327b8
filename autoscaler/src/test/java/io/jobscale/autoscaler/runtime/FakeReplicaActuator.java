package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.DrainingWorker;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.Replicas;
import io.jobscale.autoscaler.actuator.ScaleTarget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scale target in memory: every scale call is recorded; the next calls can be made to fail. Its workers can be
 * drained when a test names them ({@link #workers}): a scale-down removes them in that order, and each reports what
 * the test set with {@link #progress}.
 */
final class FakeReplicaActuator implements ReplicaActuator {

    /** Worker names, the one a scale-down removes first first. */
    final List<String> workers = new ArrayList<>();
    private final Map<String, DrainingWorker> progress = new HashMap<>();
    /** The drained workers each drained scale-down call was told to remove. */
    final List<List<String>> removedWith = new ArrayList<>();

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

    /** What the worker reports from now on (a worker never set is gone). */
    void progress(String worker, boolean acknowledged, int busyJobs) {
        progress.put(worker, new DrainingWorker(worker, true, acknowledged, busyJobs));
    }

    @Override
    public List<String> workersToRemove(ScaleTarget target, int count) {
        int remove = Math.max(0, Math.min(replicas(target.name()) - count, workers.size()));
        return List.copyOf(workers.subList(0, remove));
    }

    @Override
    public List<DrainingWorker> drainProgress(ScaleTarget target, List<String> names) {
        return names.stream().map(n -> progress.getOrDefault(n, DrainingWorker.gone(n))).toList();
    }

    @Override
    public int scaleToRemoving(ScaleTarget target, int count, List<String> drained) throws ActuatorException {
        int applied = scaleTo(target, count);
        removedWith.add(List.copyOf(drained));
        workers.removeAll(drained);
        drained.forEach(progress::remove);
        return applied;
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
