package io.jobscale.autoscaler.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs the autoscaler in the background: polls when a scaled object is due, or at once when an enqueue notification
 * arrives; acts only while this process holds the leader lock; prunes old scaling events hourly.
 */
public class AutoscalerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AutoscalerService.class);
    /** Bounds the wait between checks of leadership (failover takes at most this plus one polling interval). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final Autoscaler autoscaler;
    private final LeaderElection leader;
    private final EnqueueListener listener;
    private final ScalingEventLog events;
    private final Duration eventRetention;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean isLeader;

    public AutoscalerService(Autoscaler autoscaler, LeaderElection leader, EnqueueListener listener, ScalingEventLog events,
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
        Instant nextPrune = clock.instant();
        boolean woken = false;
        while (running) {
            try {
                Instant now = clock.instant();
                isLeader = leader.isLeader();
                if (isLeader) {
                    autoscaler.poll(now, woken);
                    if (!now.isBefore(nextPrune)) {
                        events.pruneOlderThan(now, eventRetention);
                        nextPrune = now.plus(Duration.ofHours(1));
                    }
                }
                long wait = Math.max(1, Math.min(MAX_WAIT.toMillis(), Duration.between(clock.instant(), autoscaler.nextPoll()).toMillis()));
                woken = listener.await(wait);
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
