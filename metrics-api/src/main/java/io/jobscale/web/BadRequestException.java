package io.jobscale.web;

/** A client mistake in one parameter; answered 400 with {@code {"error": ..., "parameter": ...}}. */
public class BadRequestException extends RuntimeException {

    private final String parameter;

    public BadRequestException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
