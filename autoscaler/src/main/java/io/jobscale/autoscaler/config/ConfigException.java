package io.jobscale.autoscaler.config;

/** An invalid autoscaler config; the message names the object and the field path. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
