package io.jobscale.server.pickup;

import io.jobscale.server.storage.JobNotificationListener;
import io.jobscale.server.storage.JobscaleStorageProvider;

import java.time.Clock;
import java.time.Duration;

/**
 * Starts jobs without waiting for the poll: on each notification that jobs were enqueued or scheduled, the server
 * claims work at once (if it has free worker threads) and the due-job promoter looks again for the earliest due time.
 * Polling stays as it was, the fallback for lost notifications.
 */
public final class InstantPickup implements AutoCloseable {

    private final DueJobPromoter promoter;
    private final JobNotificationListener listener;

    private InstantPickup(DueJobPromoter promoter, JobNotificationListener listener) {
        this.promoter = promoter;
        this.listener = listener;
    }

    /** {@code pollInterval}: the server's; the promoter looks at least this often, as jobrunr's master did. */
    public static InstantPickup start(WakeableJobServer server, JobscaleStorageProvider storage, Clock clock,
                                      Duration pollInterval) {
        DueJobPromoter promoter = new DueJobPromoter(storage, clock, pollInterval, server::claimNow).start();
        JobNotificationListener listener = new JobNotificationListener(storage.dataSource(), () -> {
            promoter.wakeUp();
            server.claimNow();
        }).start();
        return new InstantPickup(promoter, listener);
    }

    @Override
    public void close() {
        listener.close();
        promoter.close();
    }
}
