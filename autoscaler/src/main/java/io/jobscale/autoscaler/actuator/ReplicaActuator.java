package io.jobscale.autoscaler.actuator;

/**
 * Changes the replica count of a ScaledObject's target. Implementations: Kubernetes (scale subresource) and local
 * worker processes. A scale-down must spare busy workers where it can and never lose a running job.
 */
public interface ReplicaActuator {

    Replicas current(ScaleTarget target) throws ActuatorException;

    void scaleTo(ScaleTarget target, int replicas) throws ActuatorException;
}
