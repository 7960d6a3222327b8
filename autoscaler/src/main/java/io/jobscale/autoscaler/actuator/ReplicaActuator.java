package io.jobscale.autoscaler.actuator;

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
}
