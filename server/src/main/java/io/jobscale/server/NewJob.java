package io.jobscale.server;

import org.jobrunr.jobs.lambdas.JobLambda;

import java.util.Objects;

/**
 * One job of a bulk enqueue or schedule ({@link JobscaleClient#enqueueAll}): what it runs and how it is created.
 *
 * @param options priority, name, retries, labels
 * @param job     the job itself, in any form {@link JobscaleClient#enqueue(JobLambda)} accepts
 */
public record NewJob(JobOptions options, JobLambda job) {

    public NewJob {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(job, "job");
    }

    /** A job with the default options. */
    public static NewJob of(JobLambda job) {
        return new NewJob(JobOptions.defaults(), job);
    }
}
