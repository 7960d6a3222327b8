package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.metrics.JobMetrics;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/** Creates the trigger class for a trigger's type. */
public final class Triggers {

    private final JobMetrics metrics;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /**
     * {@code metrics} serves the in-process {@code jobscale} type; {@code environment} resolves the metadata's
     * {@code xFromEnv} fields (the autoscaler process's environment with the local backend).
     */
    public Triggers(JobMetrics metrics, Map<String, String> environment) {
        this.metrics = metrics;
        this.environment = environment;
    }

    public Trigger create(TriggerSpec spec) {
        return switch (spec.type()) {
            case "jobscale" -> new JobscaleTrigger(spec, metadata(spec), metrics);
            case "metrics-api" -> new MetricsApiTrigger(spec, metadata(spec), http);
            case "redis" -> new RedisTrigger(spec, metadata(spec));
            case "postgresql" -> new PostgresqlTrigger(spec, metadata(spec));
            default -> throw new ConfigException("trigger type '" + spec.type() + "' is not supported");
        };
    }

    private TriggerMetadata metadata(TriggerSpec spec) {
        return new TriggerMetadata(spec, environment);
    }
}
