package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.MetricsUnavailableException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;

/**
 * Type {@code jobscale}: jobscale's own metrics, read in-process (same numbers as the metrics API, no HTTP hop).
 * Metadata: {@code metric} (workers-usage, enqueued-latency, enqueued-count, scheduled-count), {@code priority}
 * (0..9, optional), {@code scheduledIn} (ISO-8601, default PT1M, scheduled-count only), {@code targetValue},
 * {@code activationTargetValue} (default 0).
 */
final class JobscaleTrigger extends ThresholdTrigger {

    enum Metric { WORKERS_USAGE, ENQUEUED_LATENCY, ENQUEUED_COUNT, SCHEDULED_COUNT }

    private final JobMetrics metrics;
    private final Metric metric;
    private final OptionalInt priority;
    private final Duration scheduledIn;

    JobscaleTrigger(TriggerSpec spec, TriggerMetadata metadata, JobMetrics metrics) {
        super(spec.metricType(), metadata.target("targetValue", null), metadata.number("activationTargetValue", 0));
        this.metrics = metrics;
        String name = metadata.required("metric");
        try {
            this.metric = Metric.valueOf(name.toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw metadata.error("metric", "must be workers-usage, enqueued-latency, enqueued-count or scheduled-count,"
                    + " was '" + name + "'");
        }
        this.priority = metadata.text("priority").map(p -> {
            if (!p.matches("[0-9]")) throw metadata.error("priority", "must be 0..9, was '" + p + "'");
            return OptionalInt.of(Integer.parseInt(p));
        }).orElse(OptionalInt.empty());
        this.scheduledIn = metadata.text("scheduledIn").map(d -> {
            try {
                Duration parsed = Duration.parse(d);
                if (parsed.isNegative()) throw metadata.error("scheduledIn", "must not be negative");
                return parsed;
            } catch (DateTimeParseException e) {
                throw metadata.error("scheduledIn", "must be an ISO-8601 duration such as PT2M, was '" + d + "'");
            }
        }).orElse(Duration.ofMinutes(1));
    }

    @Override
    public String metricName() {
        String base = metric.name().toLowerCase().replace('_', '-');
        return priority.isPresent() ? base + "[priority=" + priority.getAsInt() + "]" : base;
    }

    @Override
    public TriggerReading read() throws TriggerException {
        try {
            double value = switch (metric) {
                case WORKERS_USAGE -> metrics.workers().usage();
                case ENQUEUED_LATENCY -> metrics.enqueued(priority).latency();
                case ENQUEUED_COUNT -> metrics.enqueued(priority).count();
                case SCHEDULED_COUNT -> metrics.scheduled(scheduledIn, priority).count();
            };
            return reading(value);
        } catch (MetricsUnavailableException e) {
            throw new TriggerException(e.getMessage(), e);
        }
    }
}
