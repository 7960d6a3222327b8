package io.jobscale.example;

import io.jobscale.server.Priority;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of {@code GET /schedule-example-jobs}, validated. Defaults follow the JobRunr autoscaling guide:
 * count 100, executionTimeMs 15000, name "SampleJob", no runIn (enqueued at once), the default priority; and
 * failures 0 (how many attempts of each job throw before one succeeds, to watch retries).
 */
record ScheduleRequest(int count, Optional<Duration> runIn, int priority, long executionTimeMs, String name,
                       int failures) {

    static final int MAX_COUNT = 10_000;
    static final long MAX_EXECUTION_TIME_MS = Duration.ofHours(1).toMillis();
    static final Duration MAX_RUN_IN = Duration.ofDays(30);
    static final int MAX_FAILURES = 10;
    private static final Set<String> KNOWN =
            Set.of("count", "runIn", "priority", "executionTimeMs", "name", "failures");

    static ScheduleRequest parse(Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            if (!KNOWN.contains(entry.getKey())) {
                throw new BadParameterException(entry.getKey(), "unknown parameter; known: " + KNOWN);
            }
            if (entry.getValue().size() > 1) throw new BadParameterException(entry.getKey(), "given more than once");
        }
        return new ScheduleRequest(
                (int) number(query, "count", 100, 1, MAX_COUNT),
                single(query, "runIn").map(ScheduleRequest::duration),
                (int) number(query, "priority", Priority.DEFAULT, Priority.MOST_URGENT, Priority.LEAST_URGENT),
                number(query, "executionTimeMs", 15_000, 0, MAX_EXECUTION_TIME_MS),
                single(query, "name").map(ScheduleRequest::name).orElse("SampleJob"),
                (int) number(query, "failures", 0, 0, MAX_FAILURES));
    }

    private static Optional<String> single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static long number(Map<String, List<String>> query, String name, long defaultValue, long min, long max) {
        Optional<String> raw = single(query, name);
        if (raw.isEmpty()) return defaultValue;
        try {
            long value = Long.parseLong(raw.get().trim());
            if (value < min || value > max) {
                throw new BadParameterException(name, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "must be a whole number between " + min + " and " + max);
        }
    }

    private static Duration duration(String raw) {
        Duration value;
        try {
            value = Duration.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new BadParameterException("runIn", "must be an ISO-8601 duration such as PT2M");
        }
        if (value.isNegative()) throw new BadParameterException("runIn", "must not be negative");
        if (value.compareTo(MAX_RUN_IN) > 0) throw new BadParameterException("runIn", "must be at most " + MAX_RUN_IN);
        return value;
    }

    private static String name(String raw) {
        String name = raw.trim();
        if (name.isEmpty() || name.length() > 100) {
            throw new BadParameterException("name", "must be 1 to 100 characters");
        }
        return name;
    }
}
