package io.jobscale.autoscaler.actuator;

/**
 * A scale or launch call that failed part-way: some of what was asked is in place (processes started, Jobs created)
 * and counts as done; the rest is asked again on the next poll.
 */
public class PartialScaleException extends ActuatorException {

    private final int applied;

    /** {@code applied}: the replica count the target has now, or the number of Jobs launched. */
    public PartialScaleException(int applied, String message, Throwable cause) {
        super(message, cause);
        this.applied = applied;
    }

    public int applied() {
        return applied;
    }
}
