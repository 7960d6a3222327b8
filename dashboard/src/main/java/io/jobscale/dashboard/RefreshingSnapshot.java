package io.jobscale.dashboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A value computed at most once per {@code maxAge} however many ask for it. A caller gets the newest value at once;
 * when it is older than {@code maxAge}, one refresh starts on {@code executor} for the callers after it. Only a value
 * older than {@code staleLimit} (or none yet) is computed in the caller's thread, so a failing computation reaches
 * the caller instead of an ever older answer.
 *
 * <p>Why: the overview counts a million jobs' states; computed per request, each open dashboard (refreshing every
 * few seconds) costs the database a hundred milliseconds and the request waits for it.
 */
final class RefreshingSnapshot<T> {

    private static final Logger log = LoggerFactory.getLogger(RefreshingSnapshot.class);

    private record Computed<T>(T value, Instant at) {
    }

    private final String name;
    private final Callable<T> compute;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration staleLimit;
    private final Executor executor;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Computed<T> latest;

    RefreshingSnapshot(String name, Callable<T> compute, Clock clock, Duration maxAge, Duration staleLimit,
                       Executor executor) {
        this.name = name;
        this.compute = compute;
        this.clock = clock;
        this.maxAge = maxAge;
        this.staleLimit = staleLimit;
        this.executor = executor;
    }

    T get() throws Exception {
        Computed<T> current = latest;
        Instant now = clock.instant();
        if (current == null || current.at().plus(staleLimit).isBefore(now)) return computeNow();
        if (current.at().plus(maxAge).isBefore(now) && refreshing.compareAndSet(false, true)) {
            executor.execute(this::refresh);
        }
        return current.value();
    }

    private synchronized T computeNow() throws Exception {
        Computed<T> current = latest;
        // Another caller may have computed it while this one waited for the lock.
        if (current != null && !current.at().plus(staleLimit).isBefore(clock.instant())) return current.value();
        Instant at = clock.instant();
        T value = compute.call();
        latest = new Computed<>(value, at);
        return value;
    }

    private void refresh() {
        try {
            Instant at = clock.instant();
            latest = new Computed<>(compute.call(), at);
        } catch (Exception e) {
            log.warn("Refreshing the {} failed; the next request tries again: {}", name, e.toString());
        } finally {
            refreshing.set(false);
        }
    }
}
