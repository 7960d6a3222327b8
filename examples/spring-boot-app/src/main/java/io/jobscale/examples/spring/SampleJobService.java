package io.jobscale.examples.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The sample job: it "works" for a given time, so the autoscaler's reaction to a burst is visible. A Spring bean
 * with a constructor dependency, no no-argument constructor: the worker runs the job on this bean.
 */
@Service
public class SampleJobService {

    private static final Logger LOG = LoggerFactory.getLogger(SampleJobService.class);

    private final WorkLog workLog;

    public SampleJobService(WorkLog workLog) {
        this.workLog = workLog;
    }

    public void doWork(String name, long executionTimeMs) throws InterruptedException {
        LOG.info("{} started, working for {} ms", name, executionTimeMs);
        Thread.sleep(executionTimeMs);
        workLog.finished(name);
        LOG.info("{} done", name);
    }
}
