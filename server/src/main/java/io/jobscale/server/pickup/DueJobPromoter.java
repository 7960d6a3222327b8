package io.jobscale.server.pickup;

import io.jobscale.server.storage.JobscaleStorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Enqueues each scheduled job at its time: sleeps until the earliest due time (or until woken, when a job may have
 * been scheduled earlier), then enqueues what is due. Every process with a worker or coordinator runs one; they share
 * the work through row locks ({@code SKIP LOCKED}), and jobrunr's master remains the fallback for jobs that stay
 * overdue (see {@link JobscaleStorageProvider#getScheduledJobs}).
 */
public class DueJobPromoter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DueJobPromoter.class);
    /** Jobs enqueued per transaction; more due jobs take further transactions at once. */
    static final int BATCH = 1_000;
    /**
     * Wait when due jobs remain that this promoter could not take, because another process holds them: its commit
     * sends a notification, and this is the bound if that is lost.
     */
    static final Duration BUSY_WAIT = Duration.ofMillis(200);
    /** Pause after a database error (an outage), so it is retried soon without filling the log. */
    static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final JobscaleStorageProvider storage;
    private final Clock clock;
    private final Duration maxWait;
    private final Runnable onPromoted;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;

    /**
     * {@code maxWait}: the longest sleep without a notification, the fallback when notifications are lost;
     * {@code onPromoted}: runs in the promoter's thread after it enqueued jobs, so the server of its own process claims
     * them without waiting for the notification (which still goes out, to the other processes).
     */
    public DueJobPromoter(JobscaleStorageProvider storage, Clock clock, Duration maxWait, Runnable onPromoted) {
        this.storage = storage;
        this.clock = clock;
        this.maxWait = maxWait;
        this.onPromoted = onPromoted;
        this.thread = new Thread(this::loop, "jobscale-due-job-promoter");
        thread.setDaemon(true);
    }

    public DueJobPromoter start() {
        thread.start();
        return this;
    }

    /** Looks again at once: a job may have been scheduled before the time this promoter sleeps until. */
    public void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            try {
                await(promoteDue());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Enqueueing due scheduled jobs failed, retrying: {}", e.toString());
                try {
                    await(ERROR_PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Enqueues every due job; returns how long to sleep before the next look, in milliseconds. */
    long promoteDue() {
        Instant now;
        int promoted;
        do {
            now = clock.instant();
            promoted = storage.promoteDueScheduledJobs(now, BATCH);
            if (promoted > 0) onPromoted.run();
        } while (promoted == BATCH && running);
        Optional<Instant> next = storage.nextScheduledAt();
        if (next.isEmpty()) return maxWait.toMillis();
        // Due before the time just promoted up to, yet still scheduled: another process holds it right now.
        if (next.get().isBefore(now.truncatedTo(ChronoUnit.MICROS))) return BUSY_WAIT.toMillis();
        // One millisecond more, as waits are in whole milliseconds and the job must not be looked at before its time.
        long untilDue = Math.max(0, Duration.between(clock.instant(), next.get()).toMillis()) + 1;
        return Math.min(untilDue, maxWait.toMillis());
    }

    private void await(long millis) throws InterruptedException {
        if (millis <= 0) return;
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (signal) {
            while (!woken && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                signal.wait(Math.max(1, left / 1_000_000));
            }
            woken = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
