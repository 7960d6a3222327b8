package io.jobscale.autoscaler.actuator;

import java.util.List;

/**
 * Changes the replica count of a ScaledObject's target. Implementations: Kubernetes (scale subresource) and local
 * worker processes. A scale-down must spare busy workers where it can and never lose a running job.
 */
public interface ReplicaActuator {

    Replicas current(ScaleTarget target) throws ActuatorException;

    /**
     * Sets the replica count and returns the count now in place (lower than asked when a last guard such as a maximum
     * applies). A call that changed part of what was asked throws {@link PartialScaleException} with the count reached;
     * any other {@link ActuatorException} means nothing changed.
     */
    int scaleTo(ScaleTarget target, int replicas) throws ActuatorException;

    /*
     * Drain-first scale-down (docs/autoscaler.md): the autoscaler asks which workers a scale-down would remove, marks
     * them draining, follows them with drainProgress, and finally calls scaleToRemoving. A backend that cannot say
     * which workers go keeps these defaults, and its scale-downs happen at once.
     */

    /**
     * The workers (Kubernetes: pod names) a scale-down from the current count to {@code replicas} is to remove, in the
     * order they would be chosen; empty when this backend cannot drain.
     */
    default List<String> workersToRemove(ScaleTarget target, int replicas) throws ActuatorException {
        return List.of();
    }

    /** How each of {@code workers} is doing now, in the same order. */
    default List<DrainingWorker> drainProgress(ScaleTarget target, List<String> workers) throws ActuatorException {
        return workers.stream().map(DrainingWorker::gone).toList();
    }

    /**
     * Scales down to {@code replicas} such that the drained {@code workers} are the ones removed (a vanished one is
     * skipped); otherwise as {@link #scaleTo}.
     */
    default int scaleToRemoving(ScaleTarget target, int replicas, List<String> workers) throws ActuatorException {
        return scaleTo(target, replicas);
    }
}
