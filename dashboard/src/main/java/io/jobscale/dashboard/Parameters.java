package io.jobscale.dashboard;

import io.jobscale.web.BadRequestException;
import io.jobscale.web.QueryParameters;

import java.util.Optional;

/**
 * Named request parameters, whether a query string or a JSON body holds them, so both are checked by the same code
 * and answer the same 400s.
 */
@FunctionalInterface
interface Parameters {

    Optional<String> get(String name);

    static Parameters of(QueryParameters query) {
        return query::get;
    }

    /** A whole number from {@code min} to {@code max}, or {@code defaultValue} when the parameter is not given. */
    default int number(String name, int defaultValue, int min, int max) {
        return get(name).map(raw -> {
            if (!raw.matches("\\d{1,6}") || Integer.parseInt(raw) < min || Integer.parseInt(raw) > max) {
                throw new BadRequestException(name, "must be a whole number from " + min + " to " + max);
            }
            return Integer.parseInt(raw);
        }).orElse(defaultValue);
    }
}
