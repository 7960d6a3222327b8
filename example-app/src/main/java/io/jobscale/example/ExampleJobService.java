package io.jobscale.example;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job the example app schedules: it "works" for a configurable time, so the autoscaler's reaction to a burst of
 * jobs is visible. A plain class with a no-argument constructor: jobrunr instantiates it in the worker.
 */
public class ExampleJobService {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleJobService.class);

    public void doWork(String name, long executionTimeMs) throws InterruptedException {
        LOG.info("{} started, working for {} ms", name, executionTimeMs);
        Thread.sleep(executionTimeMs);
        LOG.info("{} done", name);
    }

    public void recurringReport() {
        LOG.info("Example recurring report ran");
    }
}
