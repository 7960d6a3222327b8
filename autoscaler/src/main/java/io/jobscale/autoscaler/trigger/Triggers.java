package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.metrics.JobMetrics;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Creates the trigger class for a trigger's type. */
public final class Triggers {

    private static final String FROM_ENV = "FromEnv";

    private final JobMetrics metrics;
    private final EnvResolver environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Triggers whose {@code xFromEnv} fields read {@code environment} (the local backend's way). */
    public Triggers(JobMetrics metrics, Map<String, String> environment) {
        this(metrics, new ProcessEnvResolver(environment));
    }

    /**
     * {@code metrics} serves the in-process {@code jobscale} type; {@code environment} resolves the metadata's
     * {@code xFromEnv} fields.
     */
    public Triggers(JobMetrics metrics, EnvResolver environment) {
        this.metrics = metrics;
        this.environment = environment;
    }

    /**
     * The trigger of {@code spec}. A config error (including a variable missing from an environment that cannot
     * change) is thrown now; with an environment that can change, a missing variable or an unreadable environment is
     * the trigger's error at each read until it is fixed.
     */
    public Trigger create(TriggerSpec spec) {
        if (environment.changes() && !variables(spec).isEmpty()) {
            return new EnvTrigger(spec, variables(spec), environment, this::build);
        }
        TriggerEnvironment resolved;
        try {
            resolved = variables(spec).isEmpty() ? new TriggerEnvironment(Map.of(), "no environment")
                    : environment.resolve(spec.envSource());
        } catch (TriggerException e) {
            throw new ConfigException(e.getMessage());
        }
        return build(spec, resolved);
    }

    private Trigger build(TriggerSpec spec, TriggerEnvironment resolved) {
        TriggerMetadata metadata = new TriggerMetadata(spec, resolved);
        return switch (spec.type()) {
            case "jobscale" -> new JobscaleTrigger(spec, metadata, metrics);
            case "metrics-api" -> new MetricsApiTrigger(spec, metadata, http);
            case "redis" -> new RedisTrigger(spec, metadata);
            case "postgresql" -> new PostgresqlTrigger(spec, metadata);
            default -> throw new ConfigException("trigger type '" + spec.type() + "' is not supported");
        };
    }

    /** The variables the trigger's {@code xFromEnv} fields name. */
    private static List<String> variables(TriggerSpec spec) {
        return spec.metadata().entrySet().stream()
                .filter(e -> e.getKey().endsWith(FROM_ENV) && e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getValue().trim()).distinct().sorted().toList();
    }
}
