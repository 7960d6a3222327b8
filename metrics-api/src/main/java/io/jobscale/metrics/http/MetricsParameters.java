package io.jobscale.metrics.http;

import io.jobscale.web.BadRequestException;
import io.jobscale.web.QueryParameters;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/** Validation of the metrics endpoints' parameters; every failure names the parameter. */
final class MetricsParameters {

    static final int MAX_PRIORITY = 9;
    static final Duration DEFAULT_SCHEDULED_IN = Duration.ofMinutes(1);
    /** Longer windows are almost certainly a mistake (and would count nearly every scheduled job). */
    static final Duration MAX_SCHEDULED_IN = Duration.ofDays(30);

    private MetricsParameters() {
    }

    static OptionalInt priority(QueryParameters query) {
        Optional<String> raw = query.get("priority");
        if (raw.isEmpty()) return OptionalInt.empty();
        String value = raw.get().trim();
        if (!value.matches("[0-9]{1,3}")) {
            throw new BadRequestException("priority", "must be a whole number from 0 (most urgent) to " + MAX_PRIORITY);
        }
        int priority = Integer.parseInt(value);
        if (priority > MAX_PRIORITY) {
            throw new BadRequestException("priority", "must be a whole number from 0 (most urgent) to " + MAX_PRIORITY);
        }
        return OptionalInt.of(priority);
    }

    static Duration scheduledIn(QueryParameters query) {
        Optional<String> raw = query.get("scheduledIn");
        if (raw.isEmpty()) return DEFAULT_SCHEDULED_IN;
        String value = raw.get().trim();
        Duration duration;
        try {
            if (value.length() > 40) throw new DateTimeParseException("too long", value, 0);
            duration = Duration.parse(value);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadRequestException("scheduledIn", "must be an ISO-8601 duration such as PT2M");
        }
        if (duration.isNegative()) throw new BadRequestException("scheduledIn", "must not be negative");
        if (duration.compareTo(MAX_SCHEDULED_IN) > 0) {
            throw new BadRequestException("scheduledIn", "must be at most P30D");
        }
        return duration;
    }
}
