package io.jobscale.db.store;

import java.time.Instant;

/**
 * One live server and how busy it is. The Kubernetes scaler turns {@code occupiedWorkers} into pod deletion costs,
 * so idle pods are removed first; {@code name} is {@code <hostname>/<pid>}, and the hostname is the pod name.
 * {@code draining}: the server has seen its drain mark and claims no new jobs (drain-first scale-down).
 */
public record ServerLoad(String id, String name, int workers, int occupiedWorkers, Instant lastHeartbeat,
                         Instant firstHeartbeat, boolean draining) {

    /** A server that is not draining. */
    public ServerLoad(String id, String name, int workers, int occupiedWorkers, Instant lastHeartbeat,
                      Instant firstHeartbeat) {
        this(id, name, workers, occupiedWorkers, lastHeartbeat, firstHeartbeat, false);
    }

    /** The host (pod) part of the server name: the name its drain mark has. */
    public String host() {
        return DrainMarks.workerOf(name);
    }
}
