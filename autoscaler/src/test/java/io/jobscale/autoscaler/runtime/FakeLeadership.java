package io.jobscale.autoscaler.runtime;

/** Leadership a test hands over by hand. */
final class FakeLeadership implements Leadership {

    volatile boolean leader;
    int confirmations;

    FakeLeadership(boolean leader) {
        this.leader = leader;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public boolean confirm() {
        confirmations++;
        return leader;
    }

    @Override
    public void close() {
        leader = false;
    }
}
