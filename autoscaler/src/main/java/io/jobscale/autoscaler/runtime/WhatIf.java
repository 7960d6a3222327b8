package io.jobscale.autoscaler.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.simulate.SampleReplay;
import io.jobscale.autoscaler.trigger.Trigger;
import io.jobscale.db.store.AutoscalerSamples;
import io.jobscale.web.BadRequestException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What-if: the recorded samples of the last minutes replayed ({@link SampleReplay}) through the live config and
 * through an edited one, side by side per ScaledObject. Changes nothing. ScaledJobs are not compared.
 */
public class WhatIf {

    /** Literal secrets a trigger's metadata may hold; the config shown to the dashboard hides their values. */
    private static final Pattern SECRET = Pattern.compile("(?m)^(\\s*-?\\s*(?:password|apiKey)\\s*:\\s*)\\S.*$");

    /** One side of a comparison: a config's replay, or why it could not be replayed. */
    public record Side(SampleReplay.Result result, String error) {
    }

    public record Comparison(String scaledObject, int samples, Side live, Side edited) {
    }

    public record Answer(Instant from, Instant to, List<Comparison> scaledObjects, int scaledJobsSkipped) {
    }

    private final String liveYaml;
    private final AutoscalerConfig live;
    private final AutoscalerConfigParser parser;
    private final Function<TriggerSpec, Trigger> triggers;
    private final ScalingEventLog events;
    private final Duration retention;
    private final Clock clock;

    /**
     * @param liveYaml  the config text the autoscaler runs
     * @param triggers  creates a spec's trigger, for its target and activation values only (never read)
     * @param retention how long samples are kept: the longest span a comparison can replay
     */
    public WhatIf(String liveYaml, AutoscalerConfigParser parser, Function<TriggerSpec, Trigger> triggers,
                  ScalingEventLog events, Duration retention, Clock clock) {
        this.liveYaml = liveYaml;
        this.live = parser.parse(liveYaml);
        this.parser = parser;
        this.triggers = triggers;
        this.events = events;
        this.retention = retention;
        this.clock = clock;
    }

    /** The live config for a person to edit, literal passwords and API keys hidden (the replay never uses them). */
    public String editableYaml() {
        return SECRET.matcher(liveYaml).replaceAll("$1\"(hidden)\"");
    }

    public long maxMinutes() {
        return retention.toMinutes();
    }

    /** @throws BadRequestException {@code yaml} for a config error in {@code yaml} */
    public Answer compare(String yaml, int minutes) throws SQLException {
        AutoscalerConfig edited;
        try {
            edited = parser.parse(yaml);
        } catch (ConfigException e) {
            throw new BadRequestException("yaml", e.getMessage());
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofMinutes(minutes));
        List<Comparison> comparisons = new ArrayList<>();
        for (ScaledObjectSpec spec : edited.scaledObjects()) {
            List<AutoscalerSamples.Sample> recorded = events.samples(spec.name(), from).stream()
                    .filter(s -> s.kind().equals("ScaledObject")).toList();
            Optional<ScaledObjectSpec> liveSpec =
                    live.scaledObjects().stream().filter(s -> s.name().equals(spec.name())).findFirst();
            Side liveSide = liveSpec.map(s -> replay(s, recorded))
                    .orElse(new Side(null, "not in the live config"));
            comparisons.add(new Comparison(spec.name(), recorded.size(), liveSide, replay(spec, recorded)));
        }
        return new Answer(from, to, comparisons, edited.scaledJobs().size());
    }

    private Side replay(ScaledObjectSpec spec, List<AutoscalerSamples.Sample> recorded) {
        if (recorded.isEmpty()) return new Side(null, "no samples recorded in this span");
        List<Trigger> created = new ArrayList<>();
        try {
            for (TriggerSpec t : spec.triggers()) created.add(triggers.apply(t));
            List<SampleReplay.Sample> samples = recorded.stream().map(WhatIf::sample).toList();
            Integer start = recorded.get(0).currentReplicas();
            return new Side(new SampleReplay(spec, created, AutoscalerSamples.INTERVAL)
                    .run(samples, start == null ? 0 : start), null);
        } catch (ConfigException e) {
            throw new BadRequestException("yaml", e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Side(null, e.getMessage());
        } finally {
            created.forEach(Trigger::close);
        }
    }

    private static SampleReplay.Sample sample(AutoscalerSamples.Sample recorded) {
        List<SampleReplay.Value> values = new ArrayList<>();
        for (JsonNode reading : recorded.readings()) {
            JsonNode value = reading.path("value");
            values.add(new SampleReplay.Value(reading.path("metric").asText(),
                    value.isNumber() ? value.asDouble() : null, reading.path("error").asText(null)));
        }
        return new SampleReplay.Sample(recorded.sampledAt(), values);
    }
}
