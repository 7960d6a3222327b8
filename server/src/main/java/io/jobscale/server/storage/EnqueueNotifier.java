package io.jobscale.server.storage;

import io.jobscale.db.EnqueueNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends {@code NOTIFY} on {@link EnqueueNotifications#CHANNEL} when jobs become ENQUEUED or SCHEDULED, so idle
 * workers claim a new job at once, the scheduled-job promoters see an earlier due time, and the autoscaler scales from
 * zero, instead of each waiting for its next poll. Sent after the job's commit, and coalesced twice: one pending
 * notification covers every enqueue until it is sent, and {@link NotificationRate} allows {@value #BURST} at once,
 * then one per {@value #INTERVAL_MS} ms, whatever the enqueue rate. Only a notification sent at once runs in the
 * enqueuing thread; delayed ones are sent by a background thread.
 */
class EnqueueNotifier {

    /** Notifications sent at once after a quiet spell. */
    static final int BURST = 10;
    /** Sustained rate: one notification per this many milliseconds; also the longest a notification waits. */
    static final long INTERVAL_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(EnqueueNotifier.class);

    private final DataSource dataSource;
    private final NotificationRate rate = new NotificationRate(BURST, INTERVAL_MS, System::currentTimeMillis);
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "jobscale-enqueue-notifier");
        thread.setDaemon(true);
        return thread;
    });

    EnqueueNotifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Call after the jobs' commit. */
    void jobsEnqueued() {
        if (!pending.compareAndSet(false, true)) return;
        executor.schedule(this::send, rate.reserve(), TimeUnit.MILLISECONDS);
    }

    /**
     * Call after the jobs' commit, with the connection that committed them, still open and in autocommit. When the rate
     * allows a notification at once, it goes out on that connection, in the caller's thread: one round trip more for
     * this enqueue, one thread hand-off and one pool checkout less before a worker hears of it. Otherwise as
     * {@link #jobsEnqueued()}.
     */
    void jobsEnqueued(Connection committed) {
        if (pending.get()) return;
        long delay = rate.reserve();
        if (delay > 0) {
            if (pending.compareAndSet(false, true)) executor.schedule(this::send, delay, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            EnqueueNotifications.announce(committed);
        } catch (SQLException e) {
            LOG.debug("NOTIFY {} failed (listeners will see the jobs at their next poll): {}",
                    EnqueueNotifications.CHANNEL, e.getMessage());
        }
    }

    private void send() {
        // Cleared before sending: a job committed from here on may not be seen by the listeners' reaction to this
        // notification, so it must schedule the next one.
        pending.set(false);
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) connection.setAutoCommit(true);
            EnqueueNotifications.announce(connection);
        } catch (SQLException e) {
            LOG.debug("NOTIFY {} failed (listeners will see the jobs at their next poll): {}",
                    EnqueueNotifications.CHANNEL, e.getMessage());
        }
    }
}
