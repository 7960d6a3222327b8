package io.jobscale.autoscaler.runtime;

import io.jobscale.settings.Settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * @param enabled        {@code JOBSCALE_AUTOSCALER_ENABLED}: run the autoscaler in the web process; default true
 * @param configPath     {@code JOBSCALE_AUTOSCALER_CONFIG}: KEDA-shaped YAML; default: the bundled local-default.yaml
 * @param eventRetention {@code JOBSCALE_AUTOSCALER_EVENT_RETENTION}: how long scaling events are kept; default P7D
 * @param logDirectory   {@code JOBSCALE_AUTOSCALER_LOG_DIR}: output of local worker processes; default .jobscale/logs
 */
public record AutoscalerSettings(boolean enabled, Optional<String> configPath, Duration eventRetention,
                                 String logDirectory) {

    public static final String ENABLED = "JOBSCALE_AUTOSCALER_ENABLED";
    public static final String CONFIG = "JOBSCALE_AUTOSCALER_CONFIG";
    public static final String EVENT_RETENTION = "JOBSCALE_AUTOSCALER_EVENT_RETENTION";
    public static final String LOG_DIR = "JOBSCALE_AUTOSCALER_LOG_DIR";
    public static final List<String> KEYS = List.of(ENABLED, CONFIG, EVENT_RETENTION, LOG_DIR);

    public static AutoscalerSettings from(Settings settings) {
        return new AutoscalerSettings(settings.bool(ENABLED, true), settings.optional(CONFIG),
                settings.duration(EVENT_RETENTION, Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(365)),
                settings.string(LOG_DIR, ".jobscale/logs"));
    }
}
