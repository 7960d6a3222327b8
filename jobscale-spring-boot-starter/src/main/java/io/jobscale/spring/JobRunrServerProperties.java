package io.jobscale.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The worker's settings under JobRunr's own names, so a JobRunr application's {@code application.properties} carries
 * over. Unset values take the defaults of the {@code jobscale worker} process ({@code WorkerSettings}): 8 workers per
 * processor, a 5-second poll interval, 10 seconds for running jobs to finish on stop.
 */
@ConfigurationProperties(JobRunrServerProperties.PREFIX)
public class JobRunrServerProperties {

    public static final String PREFIX = "org.jobrunr.background-job-server";

    /** Whether this application runs a worker; without one it only creates jobs. */
    private boolean enabled;
    /** Jobs run at once. */
    private Integer workerCount;
    /** How often the worker polls for jobs and heartbeats; 5 at least. */
    private Integer pollIntervalInSeconds;
    /** On stop, how long running jobs may finish before they are interrupted and handed back (e.g. 90m). */
    private Duration interruptJobsAwaitDurationOnStop;
    /** The server's name in the dashboard; default {@code <hostname>/<pid>}. */
    private String name;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Integer getWorkerCount() {
        return workerCount;
    }

    public void setWorkerCount(Integer workerCount) {
        this.workerCount = workerCount;
    }

    public Integer getPollIntervalInSeconds() {
        return pollIntervalInSeconds;
    }

    public void setPollIntervalInSeconds(Integer pollIntervalInSeconds) {
        this.pollIntervalInSeconds = pollIntervalInSeconds;
    }

    public Duration getInterruptJobsAwaitDurationOnStop() {
        return interruptJobsAwaitDurationOnStop;
    }

    public void setInterruptJobsAwaitDurationOnStop(Duration interruptJobsAwaitDurationOnStop) {
        this.interruptJobsAwaitDurationOnStop = interruptJobsAwaitDurationOnStop;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
