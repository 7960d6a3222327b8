package io.jobscale.server.pickup;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimRequestsTest {

    private final AtomicInteger claims = new AtomicInteger();
    private final CountDownLatch firstClaimStarted = new CountDownLatch(1);
    private final CountDownLatch firstClaimMayEnd = new CountDownLatch(1);

    /** The first claim waits until the test lets it end; later claims return at once. */
    private final ClaimRequests requests = new ClaimRequests(() -> {
        if (claims.incrementAndGet() > 1) return;
        firstClaimStarted.countDown();
        try {
            assertThat(firstClaimMayEnd.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    });

    @Test
    void aRequestAloneClaimsOnce() {
        firstClaimMayEnd.countDown();
        requests.request();
        assertThat(claims).hasValue(1);
    }

    @Test
    void aRequestMadeDuringAClaimIsClaimedAfterItByTheRunningThread() throws Exception {
        Thread first = new Thread(requests::request);
        first.start();
        assertThat(firstClaimStarted.await(30, TimeUnit.SECONDS)).isTrue();

        requests.request();   // returns at once: a claim is running
        assertThat(claims).hasValue(1);

        firstClaimMayEnd.countDown();
        first.join(30_000);
        assertThat(first.isAlive()).isFalse();
        assertThat(claims).hasValue(2);
    }

    @Test
    void requestsMadeDuringOneClaimAreServedByOneMoreClaim() throws Exception {
        Thread first = new Thread(requests::request);
        first.start();
        assertThat(firstClaimStarted.await(30, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 5; i++) requests.request();

        firstClaimMayEnd.countDown();
        first.join(30_000);
        assertThat(claims).hasValue(2);
    }
}
