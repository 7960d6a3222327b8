package io.jobscale.server.pickup;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a server's claim when asked, one claim at a time, and never drops a request. jobrunr asks for a claim each time
 * a worker thread turns idle and skips the request if a claim is running; a thread freed during that claim then waited
 * for the next job to finish before anything claimed for it. Here the running claim, once done, claims again if any
 * request came meanwhile. Requests that arrive during one claim are served together by the next.
 */
final class ClaimRequests {

    private final Runnable claim;
    private final AtomicLong requests = new AtomicLong();
    private final ReentrantLock claiming = new ReentrantLock();

    ClaimRequests(Runnable claim) {
        this.claim = claim;
    }

    /** Claims now in the calling thread, or returns at once if a claim is running: that one claims again after. */
    void request() {
        requests.incrementAndGet();
        while (claiming.tryLock()) {
            long served;
            try {
                served = requests.get();   // read before claiming: each request counted here is seen by this claim
                claim.run();
            } finally {
                claiming.unlock();
            }
            // A request counted after `served` found the lock taken, or will find it free now: either way it is run.
            if (requests.get() == served) return;
        }
    }
}
