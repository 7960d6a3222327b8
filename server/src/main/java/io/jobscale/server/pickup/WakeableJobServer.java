package io.jobscale.server.pickup;

import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.JobSteward;
import org.jobrunr.server.tasks.steward.OnboardNewWorkTask;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * jobrunr's background-job server that can be told to claim work now. jobrunr claims enqueued jobs when its steward
 * polls (every poll interval) and when one of its worker threads turns idle; {@link #claimNow()} runs that same claim
 * round, with the same lock, so a claim it triggers never runs beside one of jobrunr's and claims no more than the
 * free worker threads. A claim asked for while another runs is run after it ({@link ClaimRequests}), not dropped.
 */
public class WakeableJobServer extends BackgroundJobServer {

    private WakeableJobSteward steward;

    public WakeableJobServer(StorageProvider storageProvider, JsonMapper jsonMapper, JobActivator jobActivator,
                             BackgroundJobServerConfiguration configuration) {
        super(storageProvider, jsonMapper, jobActivator, configuration);
    }

    @Override
    protected JobSteward createJobSteward() {
        // Called from the super constructor, before this class's fields are initialised.
        steward = new WakeableJobSteward(this);
        return steward;
    }

    /**
     * Claims as many enqueued jobs as there are free worker threads, unless the server is not ready (not yet
     * announced, stopping); if a claim is running, it claims again when done.
     */
    public void claimNow() {
        if (isNotReadyToProcessJobs()) return;
        steward.claimNow();
    }

    private static final class WakeableJobSteward extends JobSteward {

        private final ClaimRequests claims;
        /** jobrunr's count of threads running a job: its own is private and read only through this class. */
        private final AtomicInteger occupied = new AtomicInteger();

        WakeableJobSteward(BackgroundJobServer server) {
            super(server);
            this.claims = new ClaimRequests(getTaskOfType(OnboardNewWorkTask.class)::runTaskThreadSafe);
        }

        @Override
        public int getOccupiedWorkerCount() {
            return occupied.get();
        }

        @Override
        public void notifyThreadOccupied() {
            occupied.incrementAndGet();
        }

        /** jobrunr's, except that the claim goes through {@link ClaimRequests}. */
        @Override
        public void notifyThreadIdle() {
            occupied.decrementAndGet();
            claims.request();
        }

        void claimNow() {
            claims.request();
        }
    }
}
