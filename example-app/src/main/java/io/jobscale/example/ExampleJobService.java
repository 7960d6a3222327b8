package io.jobscale.example;

import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job the example app schedules: it "works" for a configurable time, so the autoscaler's reaction to a burst of
 * jobs is visible. A plain class with a no-argument constructor: jobrunr instantiates it in the worker.
 */
public class ExampleJobService {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleJobService.class);

    public void doWork(String name, long executionTimeMs) throws InterruptedException {
        doWork(name, executionTimeMs, 0, JobContext.Null);
    }

    /**
     * As {@link #doWork(String, long)}, but the first {@code failures} attempts throw at once: the job's retry policy
     * (retries = failures) runs it again until an attempt succeeds.
     */
    public void doWork(String name, long executionTimeMs, int failures, JobContext context)
            throws InterruptedException {
        int failed = failures == 0 ? 0 : context.amountOfFailures();   // JobContext.Null knows no failures
        if (failed < failures) {
            throw new IllegalStateException(name + " fails on purpose: attempt " + (failed + 1) + " of " + failures
                    + " that fail");
        }
        LOG.info("{} started, working for {} ms", name, executionTimeMs);
        Thread.sleep(executionTimeMs);
        LOG.info("{} done", name);
    }

    public void recurringReport() {
        LOG.info("Example recurring report ran");
    }
}
