package io.jobscale.server;

import org.jobrunr.jobs.AbstractJob;

import java.util.Optional;

/**
 * Job priority: an integer from {@value #MOST_URGENT} (most urgent) to {@value #LEAST_URGENT}; jobs without one get
 * {@value #DEFAULT}. It travels as the jobrunr label {@code priority:N}, because labels survive every state change,
 * and PostgreSQL derives the indexed {@code priority} column from it (migration V2).
 */
public final class Priority {

    public static final int MOST_URGENT = 0;
    public static final int LEAST_URGENT = 9;
    /** Matches the SQL function jobscale_priority's fallback; the "Default" queue of {@link Queues#DEFAULT}. */
    public static final int DEFAULT = 1;

    private static final String LABEL_PREFIX = "priority:";

    private Priority() {
    }

    public static String label(int priority) {
        return LABEL_PREFIX + requireValid(priority);
    }

    public static int requireValid(int priority) {
        if (priority < MOST_URGENT || priority > LEAST_URGENT) {
            throw new IllegalArgumentException("priority must be between " + MOST_URGENT + " and " + LEAST_URGENT
                    + ", was " + priority);
        }
        return priority;
    }

    public static boolean isPriorityLabel(String label) {
        return label.matches("priority:[0-9]");
    }

    /** The priority a job runs at, from its label. */
    public static int of(AbstractJob job) {
        Optional<String> label = job.getLabels().stream().filter(Priority::isPriorityLabel).findFirst();
        return label.map(l -> Integer.parseInt(l.substring(LABEL_PREFIX.length()))).orElse(DEFAULT);
    }
}
