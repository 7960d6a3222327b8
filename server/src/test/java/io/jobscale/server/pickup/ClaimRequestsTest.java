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
        Thread first = startFirstClaim();

        requests.request();   // returns at once: a claim is running
        assertThat(claims).hasValue(1);

        endFirstClaim(first);
        assertThat(claims).hasValue(2);
    }

    @Test
    void requestsMadeDuringOneClaimAreServedByOneMoreClaim() throws Exception {
        Thread first = startFirstClaim();

        for (int i = 0; i < 5; i++) requests.request();

        endFirstClaim(first);
        assertThat(claims).hasValue(2);
    }

    /** Requests a claim in another thread and returns once that claim runs (and waits). */
    private Thread startFirstClaim() throws InterruptedException {
        Thread first = new Thread(requests::request);
        first.start();
        assertThat(firstClaimStarted.await(30, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    /** Lets the first claim end and waits until its thread has returned from its request. */
    private void endFirstClaim(Thread first) throws InterruptedException {
        firstClaimMayEnd.countDown();
        first.join(30_000);
        assertThat(first.isAlive()).isFalse();
    }
}
