package io.jobscale.spring;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the Spring properties into the settings every jobscale process reads, so defaults, ranges and their error
 * messages exist once ({@link WorkerSettings}, {@link DatabaseSettings}); an error names the Spring property.
 */
final class SpringSettings {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> springNames = new HashMap<>();

    private SpringSettings() {
    }

    static WorkerSettings worker(JobRunrServerProperties server, JobscaleProperties jobscale) {
        SpringSettings settings = new SpringSettings()
                .put(WorkerSettings.WORKERS, "org.jobrunr.background-job-server.worker-count", server.getWorkerCount())
                .put(WorkerSettings.POLL_INTERVAL, "org.jobrunr.background-job-server.poll-interval-in-seconds",
                        server.getPollIntervalInSeconds())
                .put(WorkerSettings.STOP_AWAIT,
                        "org.jobrunr.background-job-server.interrupt-jobs-await-duration-on-stop",
                        iso(server.getInterruptJobsAwaitDurationOnStop()))
                .put(WorkerSettings.SERVER_NAME, "org.jobrunr.background-job-server.name", server.getName())
                .put(WorkerSettings.GRACE_PERIOD, "jobscale.termination-grace-period",
                        iso(jobscale.getTerminationGracePeriod()));
        return settings.read(WorkerSettings::from);
    }

    static DatabaseSettings database(JobscaleProperties.Datasource datasource) {
        SpringSettings settings = new SpringSettings()
                .put(DatabaseSettings.URL, "jobscale.datasource.url", datasource.getUrl())
                .put(DatabaseSettings.USER, "jobscale.datasource.username", datasource.getUsername())
                .put(DatabaseSettings.PASSWORD, "jobscale.datasource.password", datasource.getPassword())
                .put(DatabaseSettings.POOL_SIZE, "jobscale.datasource.pool-size", datasource.getPoolSize());
        return settings.read(DatabaseSettings::from);
    }

    private SpringSettings put(String key, String springName, Object value) {
        springNames.put(key, springName);
        if (value != null) values.put(key, value.toString());
        return this;
    }

    private <T> T read(Function<Settings, T> reader) {
        try {
            return reader.apply(Settings.of(values));
        } catch (InvalidSettingException e) {
            String springName = springNames.getOrDefault(e.key(), e.key());
            throw new IllegalStateException(e.getMessage().replace(e.key(), springName));
        }
    }

    private static String iso(Duration duration) {
        return duration == null ? null : duration.toString();
    }
}
