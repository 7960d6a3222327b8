package io.jobscale.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads {@code JOBSCALE_*} settings from the environment, with JVM system properties of the same name taking
 * precedence (so {@code -DJOBSCALE_WORKERS=2} works where editing the environment is awkward).
 *
 * <p>Every getter fails with a {@link InvalidSettingException} that names the key, so a misconfigured process
 * stops at start with a message a person can act on, instead of failing later somewhere else.
 */
public final class Settings {

    public static final String PREFIX = "JOBSCALE_";

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The process environment overlaid with {@code JOBSCALE_*} system properties. */
    public static Settings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    public static Settings from(Map<String, String> environment, Properties systemProperties) {
        Map<String, String> merged = new HashMap<>();
        environment.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) merged.put(key, value);
        });
        systemProperties.stringPropertyNames().stream()
                .filter(key -> key.startsWith(PREFIX))
                .forEach(key -> merged.put(key, systemProperties.getProperty(key)));
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** A copy with {@code key} set, used by launchers that pass settings on to child processes. */
    public Settings with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) return defaultValue;
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new InvalidSettingException(key, raw.get(), "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, raw.get(), "must be a whole number");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) return defaultValue;
        switch (raw.get().toLowerCase()) {
            case "true": case "1": case "yes": return true;
            case "false": case "0": case "no": return false;
            default: throw new InvalidSettingException(key, raw.get(), "must be true or false");
        }
    }

    /** An ISO-8601 duration ({@code PT10S}) or a number of seconds ({@code 10}). */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) return defaultValue;
        Duration value;
        try {
            value = raw.get().matches("\\d+")
                    ? Duration.ofSeconds(Long.parseLong(raw.get()))
                    : Duration.parse(raw.get());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidSettingException(key, raw.get(),
                    "must be an ISO-8601 duration such as PT10S, or whole seconds");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidSettingException(key, raw.get(), "must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * Fails on any {@code JOBSCALE_*} key that no component knows: a typo such as {@code JOBSCALE_WORKER=8}
     * would otherwise be ignored silently and the default used. Kubernetes service links are not settings and are
     * passed over (see {@link ServiceLinkVariable}).
     */
    public void requireOnlyKnownKeys(Collection<String> knownKeys) {
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(knownKeys);
        unknown.removeIf(key -> ServiceLinkVariable.matches(key, values.get(key)));
        if (!unknown.isEmpty()) {
            throw new InvalidSettingException(unknown.first(), values.get(unknown.first()),
                    "is not a jobscale setting (known: " + String.join(", ", new TreeSet<>(knownKeys)) + ")");
        }
    }
}
