package io.jobscale.server.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends {@code NOTIFY jobscale_enqueued} when jobs become ENQUEUED, so the autoscaler wakes up at once instead of at
 * its next poll (scale-from-zero). Off the enqueue path and coalesced: at most one notification per
 * {@value #MIN_INTERVAL_MS} ms, whatever the enqueue rate, so it costs enqueue throughput nothing measurable.
 */
class EnqueueNotifier {

    static final String CHANNEL = "jobscale_enqueued";
    static final long MIN_INTERVAL_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(EnqueueNotifier.class);

    private final DataSource dataSource;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "jobscale-enqueue-notifier");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long lastSentMillis;

    EnqueueNotifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void jobsEnqueued() {
        if (!pending.compareAndSet(false, true)) return;
        long wait = Math.max(0, lastSentMillis + MIN_INTERVAL_MS - System.currentTimeMillis());
        executor.schedule(this::send, wait, TimeUnit.MILLISECONDS);
    }

    private void send() {
        pending.set(false);
        lastSentMillis = System.currentTimeMillis();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("NOTIFY " + CHANNEL);
        } catch (SQLException e) {
            LOG.debug("NOTIFY {} failed (the autoscaler will see the jobs at its next poll): {}", CHANNEL, e.getMessage());
        }
    }
}
