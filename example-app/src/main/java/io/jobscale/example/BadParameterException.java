package io.jobscale.example;

/** A query parameter the client got wrong; answered with 400 and a JSON body naming the parameter. */
class BadParameterException extends RuntimeException {

    private final String parameter;

    BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
