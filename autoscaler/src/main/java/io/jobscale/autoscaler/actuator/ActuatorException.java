package io.jobscale.autoscaler.actuator;

/** The target could not be read or changed this poll; the autoscaler logs it, shows it and tries again next poll. */
public class ActuatorException extends Exception {

    public ActuatorException(String message, Throwable cause) {
        super(message, cause);
    }

    public ActuatorException(String message) {
        super(message);
    }
}
