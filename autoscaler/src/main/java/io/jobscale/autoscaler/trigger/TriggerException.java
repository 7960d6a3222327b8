package io.jobscale.autoscaler.trigger;

/** A trigger could not produce a value this poll; KEDA counts it as a failure (see {@code fallback}). */
public class TriggerException extends Exception {

    public TriggerException(String message) {
        super(message);
    }

    public TriggerException(String message, Throwable cause) {
        super(message, cause);
    }
}
