package io.jobscale.server.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a run of failed heartbeats once when it starts and once when it ends, not at every poll. */
final class HeartbeatFailures {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatFailures.class);

    private int failures;

    synchronized void failed(RuntimeException e) {
        if (failures++ == 0) {
            LOG.warn("Heartbeat failed, running jobs carry on and the heartbeat is retried every poll: {}",
                    e.toString());
        } else {
            LOG.debug("Heartbeat failed again ({} in a row): {}", failures, e.toString());
        }
    }

    synchronized void succeeded() {
        if (failures > 0) LOG.info("Heartbeat works again after {} failed attempt(s)", failures);
        failures = 0;
    }
}
