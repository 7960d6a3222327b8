package io.jobscale.web;

/** Answered 404 with {@code {"error": ...}}: an id or path that does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
