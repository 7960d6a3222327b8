package io.jobscale.autoscaler.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of the ScaledObject annotation {@link ScaledObjectSpec#DRAIN_TIMEOUT}: how long a scale-down waits for
 * the workers it removes to finish their running jobs (docs/autoscaler.md, "Drain-first scale-down"). Written like a
 * Kubernetes duration: {@code 300s}, {@code 5m}, {@code 1h30m}, {@code 90s}; at least 1 s, at most
 * {@link #MAXIMUM}.
 */
public final class DrainTimeout {

    /** A day: a drain is meant to outlast long jobs, not to hold a scale-down indefinitely. */
    public static final Duration MAXIMUM = Duration.ofHours(24);
    private static final Pattern FORMAT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private DrainTimeout() {
    }

    /** Empty when {@code value} is null (no annotation: scale down at once, as before). */
    public static Optional<Duration> parse(String value) {
        if (value == null) return Optional.empty();
        Matcher m = FORMAT.matcher(value.trim());
        if (value.isBlank() || !m.matches()) {
            throw new ConfigException(ScaledObjectSpec.DRAIN_TIMEOUT + ": \"" + value
                    + "\" is not a duration such as 300s, 5m or 1h30m");
        }
        Duration timeout = Duration.ofHours(number(m.group(1))).plusMinutes(number(m.group(2)))
                .plusSeconds(number(m.group(3)));
        if (timeout.isZero() || timeout.compareTo(MAXIMUM) > 0) {
            throw new ConfigException(ScaledObjectSpec.DRAIN_TIMEOUT + ": \"" + value
                    + "\" must be between 1s and " + MAXIMUM.toHours() + "h");
        }
        return Optional.of(timeout);
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
