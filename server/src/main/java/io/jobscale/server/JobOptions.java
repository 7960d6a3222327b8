package io.jobscale.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a job is created. Immutable; every {@code with…} returns a copy. Defaults: priority {@link Priority#DEFAULT},
 * the job's name from its method, jobrunr's retry policy (10 retries with exponential back-off).
 */
public final class JobOptions {

    private static final JobOptions DEFAULTS = new JobOptions(Priority.DEFAULT, null, OptionalInt.empty(), List.of());

    private final int priority;
    private final String name;
    private final OptionalInt retries;
    private final List<String> labels;

    private JobOptions(int priority, String name, OptionalInt retries, List<String> labels) {
        this.priority = priority;
        this.name = name;
        this.retries = retries;
        this.labels = List.copyOf(labels);
    }

    public static JobOptions defaults() {
        return DEFAULTS;
    }

    public static JobOptions priority(int priority) {
        return DEFAULTS.withPriority(priority);
    }

    public JobOptions withPriority(int priority) {
        return new JobOptions(Priority.requireValid(priority), name, retries, labels);
    }

    /** Priority of a named queue from {@code JOBSCALE_QUEUES} (see {@link Queues}). */
    public JobOptions withQueue(Queues queues, String queueName) {
        return withPriority(queues.priorityOf(queueName));
    }

    public JobOptions withName(String name) {
        return new JobOptions(priority, Objects.requireNonNull(name), retries, labels);
    }

    public JobOptions withRetries(int retries) {
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0");
        return new JobOptions(priority, name, OptionalInt.of(retries), labels);
    }

    /** Extra dashboard labels; jobrunr allows 3 labels per job and one is taken by the priority. */
    public JobOptions withLabels(String... extraLabels) {
        List<String> all = new ArrayList<>(labels);
        for (String label : extraLabels) {
            if (Priority.isPriorityLabel(label)) {
                throw new IllegalArgumentException("set the priority with withPriority, not as a label");
            }
            all.add(label);
        }
        if (all.size() > 2) {
            throw new IllegalArgumentException(
                    "at most 2 extra labels per job (jobrunr allows 3, one is the priority)");
        }
        return new JobOptions(priority, name, retries, all);
    }

    public int priority() {
        return priority;
    }

    public String name() {
        return name;
    }

    public OptionalInt retries() {
        return retries;
    }

    /** All labels to store on the job: the priority label first. */
    public List<String> labels() {
        List<String> all = new ArrayList<>();
        all.add(Priority.label(priority));
        all.addAll(labels);
        return all;
    }
}
