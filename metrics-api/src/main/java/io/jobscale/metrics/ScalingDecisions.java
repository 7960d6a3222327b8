package io.jobscale.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.db.store.AutoscalerSamples;
import io.jobscale.db.store.ScalingEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The autoscaler for Prometheus, read from what it writes to the database, so every web replica reports it, not only
 * the one leading the autoscaler: from the decision log ({@link ScalingEvents}, one row per change) the
 * decisions counted per scaled object since the first scrape and each ScaledObject's replicas as last decided; from
 * {@link AutoscalerSamples} each scaled object's current replicas and its triggers' values and targets (NaN once the
 * newest sample is older than {@link #STALE_AFTER}, e.g. while no autoscaler runs).
 */
public final class ScalingDecisions {

    /** Decisions read per scrape; more are read at the next one. */
    static final int BATCH = 1_000;
    /** A sample this old no longer stands for now: a few intervals missed means nobody is sampling. */
    static final Duration STALE_AFTER = AutoscalerSamples.INTERVAL.multipliedBy(4);

    private final ScalingEvents events;
    private final MeterRegistry registry;
    private final AutoscalerSamples samples;
    private final Clock clock;
    private final Map<String, AtomicInteger> replicas = new ConcurrentHashMap<>();
    /** Each sampled gauge's current value, by its name and tags. */
    private final Map<List<String>, double[]> sampled = new HashMap<>();
    private long lastId = -1;

    public ScalingDecisions(DataSource dataSource, MeterRegistry registry, Clock clock) {
        this.events = new ScalingEvents(dataSource);
        this.registry = registry;
        this.samples = new AutoscalerSamples(dataSource);
        this.clock = clock;
    }

    public synchronized void collect() throws SQLException {
        collectDecisions();
        collectSamples();
    }

    private void collectSamples() throws SQLException {
        sampled.values().forEach(value -> value[0] = Double.NaN);
        for (AutoscalerSamples.Sample sample : samples.newest(clock.instant().minus(STALE_AFTER))) {
            String object = sample.scaledObject();
            if (sample.currentReplicas() != null) {
                gauge("jobscale.autoscaler.current.replicas", "Replicas (ScaledJob: running Jobs) at the last poll",
                        object, null, null)[0] = sample.currentReplicas();
            }
            for (int i = 0; i < sample.readings().size(); i++) {
                JsonNode reading = sample.readings().get(i);
                String trigger = Integer.toString(i);
                String metric = reading.path("metric").asText();
                JsonNode value = reading.path("value");
                gauge("jobscale.autoscaler.trigger.value", "A trigger's value at the last poll (NaN when it failed)",
                        object, trigger, metric)[0] = value.isNumber() ? value.asDouble() : Double.NaN;
                gauge("jobscale.autoscaler.trigger.target", "A trigger's target value", object, trigger,
                        metric)[0] = reading.path("target").asDouble(Double.NaN);
            }
        }
    }

    /** The value holder of a sampled gauge, registered on first use. */
    private double[] gauge(String name, String description, String scaledObject, String trigger, String metric) {
        return sampled.computeIfAbsent(Arrays.asList(name, scaledObject, trigger, metric), key -> {
            double[] value = {Double.NaN};
            Gauge.Builder<double[]> builder = Gauge.builder(name, value, v -> v[0]).description(description)
                    .tag("scaled_object", scaledObject);
            if (trigger != null) builder.tag("trigger", trigger).tag("metric", metric);
            builder.register(registry);
            return value;
        });
    }

    private void collectDecisions() throws SQLException {
        if (lastId < 0) start();
        for (ScalingEvents.Change change : events.changesAfter(lastId, BATCH)) {
            lastId = change.id();
            Counter.builder("jobscale.autoscaler.decisions")
                    .description("Scaling decisions that changed replicas or started jobs")
                    .tag("scaled_object", change.scaledObject()).tag("kind", change.kind())
                    .register(registry).increment();
            if ("ScaledObject".equals(change.kind())) replicas(change.scaledObject()).set(change.toReplicas());
        }
    }

    /** Counting starts now; the replica gauges start from each ScaledObject's last decision. */
    private void start() throws SQLException {
        long last = events.lastId();
        events.lastReplicas(last).forEach((scaledObject, value) -> replicas(scaledObject).set(value));
        lastId = last;
    }

    private AtomicInteger replicas(String scaledObject) {
        return replicas.computeIfAbsent(scaledObject, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("jobscale.autoscaler.desired.replicas", value, AtomicInteger::get)
                    .description("Replicas the autoscaler last decided on for a ScaledObject")
                    .tag("scaled_object", name).register(registry);
            return value;
        });
    }
}
