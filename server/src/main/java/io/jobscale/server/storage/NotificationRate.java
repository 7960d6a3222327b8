package io.jobscale.server.storage;

import java.util.function.LongSupplier;

/**
 * A token bucket for notifications: up to {@code burst} at once after a quiet spell, then one per
 * {@code intervalMillis}. A job enqueued now and then is announced at once (that is what makes pickup fast), while a
 * burst of thousands of enqueues costs a bounded number of notifications, and so a bounded number of wake-ups in every
 * listener.
 */
final class NotificationRate {

    private final int burst;
    private final long intervalMillis;
    private final LongSupplier clockMillis;
    private double tokens;
    private long lastMillis;

    NotificationRate(int burst, long intervalMillis, LongSupplier clockMillis) {
        if (burst < 1 || intervalMillis < 1) throw new IllegalArgumentException("burst and interval must be >= 1");
        this.burst = burst;
        this.intervalMillis = intervalMillis;
        this.clockMillis = clockMillis;
        this.tokens = burst;
        this.lastMillis = clockMillis.getAsLong();
    }

    /** Takes a token: how many milliseconds from now the notification may go out (0: at once). */
    synchronized long reserve() {
        long now = clockMillis.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastMillis) / (double) intervalMillis);
        lastMillis = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * intervalMillis);
    }
}
