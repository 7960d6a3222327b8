package io.jobscale.server.worker;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobPerformer;
import org.jobrunr.server.BackgroundJobServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jobrunr's performer, except when a graceful stop interrupts the job: then it records nothing (jobrunr would save
 * FAILED and burn a retry) and leaves the job to {@link GracefulStop}, which hands it back to the queue.
 */
class HandBackJobPerformer extends BackgroundJobPerformer {

    private static final Logger LOG = LoggerFactory.getLogger(HandBackJobPerformer.class);

    private final BackgroundJobServer server;
    private final Job job;

    HandBackJobPerformer(BackgroundJobServer server, Job job) {
        super(server, job);
        this.server = server;
        this.job = job;
    }

    @Override
    protected void performJob() throws Exception {
        try {
            super.performJob();
        } catch (Exception e) {
            if (GracefulStop.isStopping(server.getId()) && job.hasState(StateName.PROCESSING) && interrupted(e)) {
                LOG.info("Job {} interrupted by graceful stop; it will be handed back", job.getId());
                return;
            }
            throw e;
        }
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) return true;
        }
        return Thread.currentThread().isInterrupted();
    }
}
