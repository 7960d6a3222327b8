package io.jobscale.server;

import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;

import java.util.Arrays;
import java.util.List;

/**
 * Named priority queues, for users coming from JobRunr Pro: an ordered list of names whose index is the priority
 * (the first is the most urgent). Configured by {@code JOBSCALE_QUEUES}, default {@code HighPrio,Default,LowPrio},
 * so the queue "Default" has the default priority 1.
 */
public final class Queues {

    public static final String KEY = "JOBSCALE_QUEUES";
    public static final Queues DEFAULT = new Queues(List.of("HighPrio", "Default", "LowPrio"));

    private final List<String> names;

    public Queues(List<String> names) {
        if (names.isEmpty() || names.size() > Priority.LEAST_URGENT + 1) {
            throw new IllegalArgumentException("between 1 and " + (Priority.LEAST_URGENT + 1)
                    + " queues are supported, got " + names.size());
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("queue names must be unique: " + names);
        }
        this.names = List.copyOf(names);
    }

    public static Queues from(Settings settings) {
        return settings.optional(KEY).map(raw -> {
            try {
                return new Queues(Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(KEY, raw, e.getMessage());
            }
        }).orElse(DEFAULT);
    }

    /** The priority of the named queue; fails for a name that is not configured. */
    public int priorityOf(String queueName) {
        int index = names.indexOf(queueName);
        if (index < 0) {
            throw new IllegalArgumentException("unknown queue '" + queueName + "', configured queues: " + names);
        }
        return index;
    }

    public List<String> names() {
        return names;
    }
}
