package io.jobscale.server.storage;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationRateTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final NotificationRate rate = new NotificationRate(3, 100, now::get);

    @Test
    void aBurstGoesOutAtOnceThenOnePerInterval() {
        assertThat(rate.reserve()).isZero();
        assertThat(rate.reserve()).isZero();
        assertThat(rate.reserve()).isZero();
        assertThat(rate.reserve()).isEqualTo(100);
        now.addAndGet(100);   // the delayed one went out; the bucket is empty again
        assertThat(rate.reserve()).isEqualTo(100);
    }

    @Test
    void aQuietSpellRefillsTheBurstButNoMore() {
        for (int i = 0; i < 3; i++) rate.reserve();
        now.addAndGet(60_000);
        for (int i = 0; i < 3; i++) assertThat(rate.reserve()).as("notification %d after the pause", i).isZero();
        assertThat(rate.reserve()).isPositive();
    }

    @Test
    void aSteadyRateBelowTheLimitIsNeverDelayed() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(rate.reserve()).isZero();
            now.addAndGet(101);
        }
    }
}
