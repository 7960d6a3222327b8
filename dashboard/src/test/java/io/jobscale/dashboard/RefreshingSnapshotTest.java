package io.jobscale.dashboard;

import io.jobscale.db.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefreshingSnapshotTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
    private final AtomicInteger computations = new AtomicInteger();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private volatile boolean failing;
    private final RefreshingSnapshot<Integer> snapshot = new RefreshingSnapshot<>("test value", () -> {
        if (failing) throw new IllegalStateException("database down");
        return computations.incrementAndGet();
    }, clock, Duration.ofSeconds(2), Duration.ofSeconds(30), background::add);

    @Test
    void theFirstCallComputesAndLaterCallsWithinTheMaxAgeReuseIt() throws Exception {
        assertThat(snapshot.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(snapshot.get()).isEqualTo(1);
        assertThat(background).isEmpty();
        assertThat(computations).hasValue(1);
    }

    @Test
    void anOldValueIsAnsweredWhileOneRefreshRunsInTheBackground() throws Exception {
        snapshot.get();
        clock.advance(Duration.ofSeconds(3));
        assertThat(snapshot.get()).isEqualTo(1);
        assertThat(snapshot.get()).isEqualTo(1);
        assertThat(background).hasSize(1);

        background.remove().run();

        assertThat(snapshot.get()).isEqualTo(2);
        assertThat(background).isEmpty();
    }

    @Test
    void aFailedRefreshKeepsTheOldValueAndTheNextCallTriesAgain() throws Exception {
        snapshot.get();
        clock.advance(Duration.ofSeconds(3));
        failing = true;
        snapshot.get();
        background.remove().run();

        assertThat(snapshot.get()).isEqualTo(1);
        assertThat(background).hasSize(1);
        failing = false;
        background.remove().run();
        assertThat(snapshot.get()).isEqualTo(2);
    }

    @Test
    void aValuePastTheStaleLimitIsComputedInTheCallerSoAFailureReachesIt() throws Exception {
        snapshot.get();
        clock.advance(Duration.ofSeconds(31));
        failing = true;
        assertThatThrownBy(snapshot::get).hasMessage("database down");

        failing = false;
        assertThat(snapshot.get()).isEqualTo(2);
        assertThat(background).isEmpty();
    }
}
