package io.jobscale.server.worker;

import org.jobrunr.jobs.Job;
import org.jobrunr.server.BackgroundJobPerformer;
import org.jobrunr.server.BackgroundJobPerformerFactory;
import org.jobrunr.server.BackgroundJobServer;

/**
 * Registered through {@code META-INF/services}; jobrunr picks the factory with the highest priority (its own is 10).
 */
public class HandBackJobPerformerFactory implements BackgroundJobPerformerFactory {

    @Override
    public int getPriority() {
        return 100;
    }

    @Override
    public BackgroundJobPerformer newBackgroundJobPerformer(BackgroundJobServer server, Job job) {
        return new HandBackJobPerformer(server, job);
    }
}
