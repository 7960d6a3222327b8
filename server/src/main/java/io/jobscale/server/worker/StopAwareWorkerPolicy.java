package io.jobscale.server.worker;

import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.configuration.BackgroundJobServerWorkerPolicy;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
import org.jobrunr.server.strategy.BasicWorkDistributionStrategy;
import org.jobrunr.server.strategy.WorkDistributionStrategy;
import org.jobrunr.server.threadpool.JobRunrExecutor;
import org.jobrunr.storage.navigation.AmountRequest;

import java.util.function.BooleanSupplier;

import static org.jobrunr.storage.Paging.AmountBasedList.ascOnUpdatedAt;

/**
 * jobrunr's worker policy with one addition: once a graceful stop has begun, or while the worker is marked draining,
 * the server claims no more work, while its heartbeat and the refresh of its running jobs go on (so they are not taken
 * for orphans while they finish).
 */
class StopAwareWorkerPolicy implements BackgroundJobServerWorkerPolicy {

    private final DefaultBackgroundJobServerWorkerPolicy delegate;
    private final int workerCount;
    private final BooleanSupplier claimsWork;

    StopAwareWorkerPolicy(int workerCount, BooleanSupplier claimsWork) {
        // The thread pool needs at least one thread even where the server reports and claims nothing.
        this.delegate = new DefaultBackgroundJobServerWorkerPolicy(Math.max(1, workerCount));
        this.workerCount = workerCount;
        this.claimsWork = claimsWork;
    }

    @Override
    public WorkDistributionStrategy toWorkDistributionStrategy(BackgroundJobServer server) {
        BasicWorkDistributionStrategy basic = new BasicWorkDistributionStrategy(server, workerCount);
        return new WorkDistributionStrategy() {
            @Override
            public int getWorkerCount() {
                return workerCount;
            }

            @Override
            public AmountRequest getWorkPageRequest() {
                return claimsWork.getAsBoolean() ? basic.getWorkPageRequest() : ascOnUpdatedAt(0);
            }
        };
    }

    @Override
    public JobRunrExecutor toJobRunrExecutor() {
        return delegate.toJobRunrExecutor();
    }
}
