package io.jobscale.autoscaler.runtime;

/**
 * Whether this process's autoscaler may act. {@link LeaderElection} in production; tests hand it over by hand.
 */
public interface Leadership extends AutoCloseable {

    /** Checks (and if free, takes) leadership now; called once per loop of {@link AutoscalerService}. */
    boolean isLeader();

    /**
     * Confirms, with a round trip to whatever grants leadership, that this process still holds it: called right before
     * each actuation, so a leader that lost its connection mid-poll does not act on what remains of that poll.
     */
    boolean confirm();

    @Override
    void close();
}
