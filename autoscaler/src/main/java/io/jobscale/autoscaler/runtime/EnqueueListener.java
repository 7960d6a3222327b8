package io.jobscale.autoscaler.runtime;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.DedicatedConnections;
import io.jobscale.db.EnqueueNotifications;

/**
 * Wakes the autoscaler on {@link EnqueueNotifications#CHANNEL}, so scale-from-zero does not wait for the polling
 * interval; a dead LISTEN connection is replaced within {@link EnqueueNotifications#REPLACEMENT_BOUND}.
 */
public class EnqueueListener implements WakeUps {

    private final EnqueueNotifications notifications;

    public EnqueueListener(DatabaseSettings database) {
        this.notifications = new EnqueueNotifications(
                () -> DedicatedConnections.open(database, "jobscale-autoscaler-listen"));
    }

    @Override
    public boolean await(long timeoutMillis) throws InterruptedException {
        return notifications.await(timeoutMillis);
    }

    @Override
    public void close() {
        notifications.close();
    }
}
