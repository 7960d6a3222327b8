package io.jobscale.autoscaler.runtime;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AutoscalerServiceWaitTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void waitsUntilTheNextPollBoundedToOneSecond() {
        assertThat(AutoscalerService.waitMillis(NOW, NOW.plusMillis(250))).isEqualTo(250);
        assertThat(AutoscalerService.waitMillis(NOW, NOW.plusSeconds(30))).isEqualTo(1_000);
        assertThat(AutoscalerService.waitMillis(NOW, NOW)).isEqualTo(1);
        assertThat(AutoscalerService.waitMillis(NOW, NOW.minusSeconds(5))).isEqualTo(1);
        assertThat(AutoscalerService.waitMillis(NOW, NOW.plusNanos(10))).isEqualTo(1);
    }

    @Test
    void sentinelInstantsDoNotOverflow() {
        // A follower that never polled reports Instant.MIN; with nothing to scale the next poll is Instant.MAX.
        assertThat(AutoscalerService.waitMillis(NOW, Instant.MIN)).isEqualTo(1);
        assertThat(AutoscalerService.waitMillis(NOW, Instant.MAX)).isEqualTo(1_000);
    }
}
