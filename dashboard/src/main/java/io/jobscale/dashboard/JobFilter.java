package io.jobscale.dashboard;

import io.jobscale.db.store.JobListQueries;
import io.jobscale.db.store.JobsTable;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.web.BadRequestException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * Which jobs the list shows, and which a bulk action by filter changes; null parts do not filter.
 *
 * @param state        one state, or null for every state
 * @param search       the job name or signature (case-insensitive, part of it), or an exact job id
 * @param priority     0..9
 * @param label        a jobrunr label the job carries, exactly
 * @param updatedAfter only jobs whose last change is this recent
 */
record JobFilter(String state, String search, Integer priority, String label, Instant updatedAfter) {

    /** The jobs list's {@code state} for every state, also its default. */
    static final String ALL_STATES = "ALL";
    /** The names of the filter's parameters, in a query string and in a bulk action's {@code filter} object. */
    static final Set<String> PARAMETERS = Set.of("state", "search", "priority", "label", "updatedWithin");
    static final int MAX_SEARCH = 200;
    static final int MAX_LABEL = 100;
    /** The longest "updated within" window. */
    static final Duration MAX_WINDOW = Duration.ofDays(30);

    /** The filter the parameters name, checked: a bad one is a 400 naming it. "Updated within" counts back from now. */
    static JobFilter parse(Parameters parameters, Instant now) {
        String state = parameters.get("state").map(s -> s.toUpperCase(Locale.ROOT))
                .filter(s -> !s.equals(ALL_STATES)).orElse(null);
        if (state != null && !JobsTable.STATES.contains(state)) {
            throw new BadRequestException("state", "must be " + ALL_STATES + " or one of " + JobsTable.STATES);
        }
        String search = parameters.get("search").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (search != null && search.length() > MAX_SEARCH) {
            throw new BadRequestException("search", "must be at most " + MAX_SEARCH + " characters");
        }
        Integer priority = parameters.get("priority").isPresent()
                ? parameters.number("priority", 0, 0, JobMetrics.PRIORITIES - 1) : null;
        String label = parameters.get("label").orElse(null);
        if (label != null && (label.isBlank() || label.length() > MAX_LABEL)) {
            throw new BadRequestException("label", "must be a label of 1 to " + MAX_LABEL + " characters");
        }
        Instant updatedAfter = parameters.get("updatedWithin").map(raw -> now.minus(window(raw))).orElse(null);
        return new JobFilter(state, search, priority, label, updatedAfter);
    }

    /** The filter as the store's queries take it. */
    JobListQueries.Filter query() {
        return new JobListQueries.Filter(state, search, priority, label, updatedAfter);
    }

    /** Whether the filter leaves out any job at all. */
    boolean narrows() {
        return state != null || search != null || priority != null || label != null || updatedAfter != null;
    }

    private static Duration window(String raw) {
        try {
            Duration window = Duration.parse(raw);
            if (!window.isNegative() && !window.isZero() && window.compareTo(MAX_WINDOW) <= 0) return window;
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw new BadRequestException("updatedWithin",
                "must be an ISO-8601 duration from PT1S to " + MAX_WINDOW + ", e.g. PT1H");
    }
}
