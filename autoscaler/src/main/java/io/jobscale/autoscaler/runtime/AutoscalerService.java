package io.jobscale.autoscaler.runtime;

import io.jobscale.db.store.AutoscalerSamples;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs the autoscaler in the background: polls when a scaled object is due, or at once when an enqueue notification
 * arrives; acts only while this process holds the leader lock; samples what the triggers read every
 * {@link AutoscalerSamples#INTERVAL}; prunes old scaling events and samples hourly.
 */
public class AutoscalerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AutoscalerService.class);
    /** Bounds the wait between checks of leadership (failover takes at most this plus one polling interval). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);
    private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    private final Autoscaler autoscaler;
    private final Leadership leader;
    private final WakeUps listener;
    private final ScalingEventLog events;
    private final Duration eventRetention;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean isLeader;
    private Instant nextPrune;
    private Instant nextSample;

    public AutoscalerService(Autoscaler autoscaler, Leadership leader, WakeUps listener, ScalingEventLog events,
                             Duration eventRetention, Clock clock) {
        this.autoscaler = autoscaler;
        this.leader = leader;
        this.listener = listener;
        this.events = events;
        this.eventRetention = eventRetention;
        this.clock = clock;
        this.thread = new Thread(this::loop, "jobscale-autoscaler");
        thread.setDaemon(true);
    }

    public AutoscalerService start() {
        thread.start();
        return this;
    }

    public boolean isLeader() {
        return isLeader;
    }

    private void loop() {
        boolean woken = false;
        while (running) {
            try {
                woken = listener.await(step(clock.instant(), woken));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("Autoscaler poll failed, retrying: {}", e.toString());
                woken = false;
                try {
                    Thread.sleep(MAX_WAIT.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * One turn of the loop at {@code now}: check leadership, poll what is due (everything when {@code woken}), prune
     * old events hourly. Returns how long to wait for a wake-up before the next turn. Tests drive it with a test clock.
     */
    long step(Instant now, boolean woken) throws SQLException {
        boolean wasLeader = isLeader;
        isLeader = leader.isLeader();
        if (!isLeader) return MAX_WAIT.toMillis();   // a follower only checks for leadership; it has no polls due
        if (!wasLeader) autoscaler.takeOver();
        autoscaler.poll(now, woken, leader::confirm);
        if (nextSample == null || !now.isBefore(nextSample)) {
            try {
                events.sample(autoscaler.status(), now);
            } catch (SQLException e) {
                LOG.warn("Cannot record the autoscaler's readings: {}", e.getMessage());
            }
            nextSample = now.plus(AutoscalerSamples.INTERVAL);
        }
        if (nextPrune == null || !now.isBefore(nextPrune)) {
            events.pruneOlderThan(now, eventRetention);
            nextPrune = now.plus(PRUNE_INTERVAL);
        }
        return waitMillis(clock.instant(), autoscaler.nextPoll());
    }

    /**
     * Milliseconds to wait for a notification before the next check: until the next poll is due, at least 1, at most
     * {@link #MAX_WAIT}. Compared before converting, since the next poll may be {@code Instant.MIN} (never polled) or
     * {@code Instant.MAX} (nothing to scale), where a Duration in millis would overflow.
     */
    static long waitMillis(Instant now, Instant nextPoll) {
        if (!nextPoll.isAfter(now)) return 1;
        if (nextPoll.isAfter(now.plus(MAX_WAIT))) return MAX_WAIT.toMillis();
        return Math.max(1, Duration.between(now, nextPoll).toMillis());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close();
        leader.close();
        autoscaler.close();
    }
}
