package io.jobscale.autoscaler.actuator;

import io.jobscale.db.store.ServerLoad;

import java.util.List;

/**
 * A worker (Kubernetes: a pod) that a drain waits for, as seen at one poll.
 *
 * @param name         the worker's name in the drain marks (the pod name)
 * @param present      it still runs: its pod exists and is not terminating (false once it is gone or going anyway)
 * @param acknowledged its server has published that it drains, or it has no live server (which claims nothing before
 *                     its first heartbeat has read the mark)
 * @param busyJobs     jobs its servers still run, as their last heartbeat published them
 */
public record DrainingWorker(String name, boolean present, boolean acknowledged, int busyJobs) {

    /** Nothing left to wait for: gone, or claiming nothing and running nothing. */
    public boolean idle() {
        return !present || acknowledged && busyJobs == 0;
    }

    /** A present worker as its live servers (named {@code <worker>/<pid>}) report it. */
    public static DrainingWorker of(String name, List<ServerLoad> servers) {
        boolean acknowledged = true;
        int busy = 0;
        for (ServerLoad server : servers) {
            if (!name.equals(server.host())) continue;
            acknowledged &= server.draining();
            busy += server.occupiedWorkers();
        }
        return new DrainingWorker(name, true, acknowledged, busy);
    }

    /** A worker whose pod is gone or terminating. */
    public static DrainingWorker gone(String name) {
        return new DrainingWorker(name, false, true, 0);
    }
}
