package io.jobscale.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Job defaults under JobRunr's own names. */
@ConfigurationProperties("org.jobrunr.jobs")
public class JobRunrJobsProperties {

    /**
     * Retries of a failing job created by this application, unless its {@code JobOptions} say otherwise; unset:
     * jobrunr's default, 10. Stored with each job, so whichever worker runs it honours the number.
     */
    private Integer defaultNumberOfRetries;

    public Integer getDefaultNumberOfRetries() {
        return defaultNumberOfRetries;
    }

    public void setDefaultNumberOfRetries(Integer defaultNumberOfRetries) {
        this.defaultNumberOfRetries = defaultNumberOfRetries;
    }
}
