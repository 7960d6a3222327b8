package io.jobscale.server.pickup;

import io.jobscale.server.storage.JobNotificationListener;
import io.jobscale.server.storage.JobscaleStorageProvider;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Starts jobs without waiting for the poll: on each notification that jobs were enqueued or scheduled, the server
 * claims work at once (if it has free worker threads) and the due-job promoter looks again for the earliest due time.
 * Polling stays as it was, the fallback for lost notifications.
 */
public final class InstantPickup implements AutoCloseable {

    private final List<AutoCloseable> parts;

    private InstantPickup(List<AutoCloseable> parts) {
        this.parts = parts;
    }

    /** For a server that claims nothing and runs briefly (run-one): no listener, no promoter. */
    public static InstantPickup none() {
        return new InstantPickup(List.of());
    }

    /** {@code pollInterval}: the server's; the promoter looks at least this often, as jobrunr's master did. */
    public static InstantPickup start(WakeableJobServer server, JobscaleStorageProvider storage, Clock clock,
                                      Duration pollInterval) {
        DueJobPromoter promoter = new DueJobPromoter(storage, clock, pollInterval, server::claimNow).start();
        JobNotificationListener listener = new JobNotificationListener(storage.dataSource(), () -> {
            promoter.wakeUp();
            server.claimNow();
        }).start();
        return new InstantPickup(List.of(listener, promoter));
    }

    @Override
    public void close() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
